// What a prediction model file says (docs/models.md), as plain data: the boundary
// (wasm/model_reader) reads and validates a file into it once; predict (predict.h) uses it.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "numerics/linear_algebra.h"
#include "prediction/cure_regression_definition.h"
#include "prediction/prediction_model.h"

namespace nelm {

// Which question of the page a model answers.
// after_surgery_personalised: the cure regression fitted to all the published evidence, shown on
// the After surgery view beneath the published whole-cohort numbers.
enum class ModelRole { after_surgery, at_recurrence, after_surgery_personalised };

// What an input means to the page beyond its label (the At recurrence view shows the site as a
// choice and compares every treatment group).
enum class InputRole { none, recurrence_site, recurrence_treatment };

enum class InputType { categorical, number };

// What "unknown" does for an input:
//   no_adjustment     x = centring: the term adds nothing to the linear predictor;
//   all_levels        (marginal groups) every level's group is shown, each separately;
//   average_over_mix  the predicted curves of the levels, averaged with the levels' proportions.
enum class UnknownAction { no_adjustment, all_levels, average_over_mix };

// linear_predictor: effects add up, lp = sum log_hr (x - centring). marginal_groups: each level
// is its own published group, never combined with another input's. cure_regression: covariates
// act on the chance of cure and on the timing (docs/personalised-model.md); the model's numbers
// are in `cure_regression`, not in the baseline and effects.
enum class EffectStructure { linear_predictor, marginal_groups, cure_regression };

struct ModelLevel {
  std::string value, label;
  std::string statement;  // marginal groups without a curve: what can be said instead
  double n = std::numeric_limits<double>::quiet_NaN();           // group size where published
  double proportion = std::numeric_limits<double>::quiet_NaN();  // share in the cohort's mix
  std::string source;  // the source of n and proportion ("" when the file names none)
};

struct ModelInput {
  std::string name, label;
  InputType type = InputType::categorical;
  InputRole role = InputRole::none;
  std::vector<ModelLevel> levels;
  double minimum = 0.0, maximum = 0.0;  // number inputs: the development range
  std::string unit;
  UnknownAction unknown_action = UnknownAction::no_adjustment;
  std::string unknown_description;
  std::string comparison_warning;  // shown whenever this input's groups are compared
  // The source's test across this input's groups, as printed ("P<0.001"), and its source id;
  // empty when none was published. Shown beside the groups, never recomputed.
  std::string comparison_p, comparison_p_source;
};

struct ModelEffect {
  std::string input, level;  // level empty for a number input (per unit)
  double log_hazard_ratio = 0.0;
  double std_err = std::numeric_limits<double>::quiet_NaN();  // NaN when unknown
  double lower = std::numeric_limits<double>::quiet_NaN();    // CI of log_hr, NaN when unknown
  double upper = std::numeric_limits<double>::quiet_NaN();
  double centring = 0.0;
  std::string source;
};

struct ModelAnchor {
  std::string label, quantity;          // "survival" or "median"
  double time, estimate, lower, upper;  // time NaN for a median; bounds NaN when not published
  std::string source, citation;
  std::string input, level;  // the group it belongs to; empty = the whole development cohort
};

struct ModelOutcome {
  std::string endpoint, definition, time_origin, time_origin_note, time_unit;
  bool time_origin_stated = true;
  double max_time = 0.0;  // no estimate is given beyond it
};

struct PredictionModelDefinition {
  std::string id, version, title, kind;  // kind "published_evidence" | "institution_cox"
  ModelRole role = ModelRole::after_surgery;
  bool synthetic = false;
  ModelOutcome outcome;
  EffectStructure effect_structure = EffectStructure::linear_predictor;
  std::string personalisation_note;
  bool cure_for_profiles = true;  // false: a cure probability for the whole cohort only
  std::string personalised_cure_statement;
  PredictionBaseline baseline;
  Matrix coefficient_covariance;  // over effects, in order; size 0 when absent
  std::vector<ModelInput> inputs;
  std::vector<ModelEffect> effects;
  std::vector<ModelAnchor> anchors;
  std::optional<CureRegressionDefinition> cure_regression;  // effect_structure cure_regression
  std::vector<std::string> assumptions, limitations;
  std::string checksum;  // "sha256:<hex>" of the canonical form, as declared and verified
};

}  // namespace nelm
