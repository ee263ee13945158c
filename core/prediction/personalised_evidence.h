// The personalised cure model's evidence as typed data (a whole-cohort curve, hazard ratios,
// cure fractions by profile) and the stated rules that turn it into fit targets with SEs.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "parametric/landmark_uncertainty.h"
#include "prediction/evidence_fit.h"

namespace nelm {

// A point of the whole cohort's published curve (marginal over the cohort mix): a survival
// probability at `time`, or the median (`median` true, `value` in years, `time` unused).
struct PublishedCurvePoint {
  std::string label, source;
  double time;
  double value;
  bool median = false;
};

// A published hazard ratio of `level` against `reference_level` with its two-sided p-value.
struct PublishedHazardRatio {
  std::string label, source;
  std::size_t factor, level, reference_level;
  double hazard_ratio, p_value;
};

// Per factor, the levels a described group allows (empty: any level, i.e. the cohort mix).
using LevelSets = std::vector<std::vector<std::size_t>>;

// A published cure fraction for a profile, which may be a union of alternatives ("GI, or
// functional pancreatic"); within an alternative each factor follows the cohort mix restricted
// to its allowed levels, and the alternatives are weighted by their cohort shares.
struct PublishedCureProfile {
  std::string label, source;
  std::vector<LevelSets> alternatives;
  double cure_fraction;
};

// The patients a described group stands for, and that group's share of the cohort.
Population population_of_groups(const CureRegressionStructure& structure,
                                const std::vector<LevelSets>& alternatives, double* cohort_share);

struct PersonalisedEvidence {
  CureRegressionStructure structure;  // factors with the cohort mix, effects with their paths
  std::vector<int> effect_direction;  // per effect: +1 harmful, -1 protective (published), 0 none
  // Whole-cohort curve (S1) and what was published about the cohort behind it.
  std::vector<PublishedCurvePoint> cohort_points;
  PublishedCohort cohort;
  double median_rounding = 0.05;      // half the last printed digit of the median, years
  double survival_rounding = 0.0005;  // half the last printed digit of a survival proportion
  // Hazard ratios (S2), read as average HRs over (0, horizon].
  std::vector<PublishedHazardRatio> hazard_ratios;
  double hazard_ratio_rounding = 0.05;
  double hazard_ratio_horizon = 5.0;
  // Cure profiles (S4). relative_to_source_cohort (the rule used): each profile keeps its cure
  // odds relative to the source's whole cohort, applied to this model's marginal cure fraction.
  // between_profiles (compared in the docs): only the log odds ratios between each profile and
  // `cure_reference_profile` are kept; the level comes from this cohort's own curve.
  enum class CureTransfer { relative_to_source_cohort, between_profiles };
  CureTransfer cure_transfer = CureTransfer::relative_to_source_cohort;
  std::size_t cure_reference_profile = 0;
  std::vector<PublishedCureProfile> cure_profiles;
  double source_cure_fraction;      // the source's whole cohort (S4: 0.44)
  double source_cohort_n;           // S4: 376
  double cure_design_effect = 2.0;  // variance inflation of a latent (never observed) cure status
  double cure_effect_prior_std_err = 2.0;  // weak prior on cure log-odds where S4 cannot split
  double cure_split_prior_std_err = 2.0;   // weak prior on cure_split around the PH-equivalent
  double cure_split_prior_mean = std::numeric_limits<double>::quiet_NaN();  // NaN: PH-equivalent
  // The single-source fits: what a source does not cover is held at the joint fit's values
  // (borrow, the default: the two fits then differ only where both sources speak) or at no effect
  // (alone: literally "S1 + S2" and "S1 + S4", compared in the docs).
  enum class Uncovered { borrow_joint, no_effect };
  Uncovered uncovered = Uncovered::borrow_joint;
};

// One target with where it came from and how its value and SE were derived.
struct PersonalisedTargets {
  std::vector<EvidenceTarget> targets;
  Matrix covariance;              // joint covariance (the S1 block is correlated)
  std::vector<std::string> role;  // per target: "cohort_curve", "hazard_ratio", "cure_profile"
  std::vector<std::string> derivation;
  std::vector<double> profile_share;  // cure profiles: the profile's share of the cohort (else NaN)
  CurveParameters cohort_curve;       // the covariate-free cure curve through the cohort points
};

// The cure split that mimics proportional hazards on the whole curve near a cure fraction pi:
// d logit(pi^HR) / d log HR at HR = 1 is log(pi) / (1 - pi), so cure_split = -log(pi) / (1 - pi).
double proportional_hazards_cure_split(double cure_fraction);

// Refuses "invalid_target" for evidence that cannot make a target (a p-value outside (0, 1), a
// hazard ratio of 1, a cure fraction outside (0, 1), a point outside (0, 1)).
PersonalisedTargets personalised_targets(const PersonalisedEvidence& evidence);

}  // namespace nelm
