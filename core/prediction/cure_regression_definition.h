// The personalised mixture-cure model as a model file carries it (docs/models.md,
// "cure_regression"): the evidence fit under each assumed share of the unpublished inputs, and S4's
// cure profiles.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "numerics/linear_algebra.h"
#include "prediction/cure_regression.h"
#include "prediction/personalised_evidence.h"

namespace nelm {

// One assumption about the cohort mix the evidence does not publish (the shares of functional
// tumours and of >= 50% liver involvement), with the joint evidence fit made under it.
struct MixScenario {
  std::string label;
  bool central = false;       // the transcription's own assumption: gives the point estimates
  CureRegressionModel model;  // structure with this scenario's proportions; fitted parameters
  Matrix covariance;          // of the parameters (rows and columns of fixed ones are 0)
};

// A cure fraction S4 published for a profile, its transfer to this cohort (odds relative to S4's
// whole cohort, applied to the central fit's marginal cure fraction) and what to say when the
// model cannot reach it.
struct CureProfileReference {
  std::string label, source, citation;
  std::vector<LevelSets> alternatives;  // the groups the profile stands for (any one matches)
  double published, transferred;
  std::string disagreement;  // why the model differs, from the model file
};

struct CureRegressionDefinition {
  std::vector<MixScenario> scenarios;  // exactly one central
  std::vector<CureProfileReference> cure_profiles;
  double source_cure_fraction;  // S4's whole cohort (0.44): shown beside, never fitted
  std::string source_cure_label, source_cure_source, cure_definition, mix_statement;
};

// An estimate over the mix scenarios: the central scenario's value; the model range is the
// envelope of every scenario's delta-method range (the unpublished mix is structural
// uncertainty, so it belongs in the band); the central range and the spread of the scenarios'
// point estimates are kept so that the page can say how much of the band the mix makes.
struct MixRange {
  double estimate, lower, upper;
  double central_lower, central_upper;
  double lowest_estimate, highest_estimate;
};

// The S4 profile a patient belongs to, with the model's cure fraction for the patient beside it.
struct CureProfileMatch {
  CureProfileReference reference;
  bool range_covers_transferred;  // the model range contains the transferred figure
};

// What a cure-regression prediction adds to the common Prediction (predict.h).
struct PersonalisedDetail {
  std::vector<MixRange> estimates;  // parallel to Prediction::estimates
  MixRange cure_fraction;
  std::optional<MixRange> cure_given_condition;
  std::optional<MixRange> median;  // from surgery only, when the curve crosses 1/2 in range
  std::optional<CureProfileMatch> cure_profile;
};

}  // namespace nelm
