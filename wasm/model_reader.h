// Reading and validating a prediction model file (docs/models.md) at the boundary: every refusal
// names the JSON pointer of the offending member. Also the model's canonical form and checksum.
#pragma once

#include <string>
#include <vector>

#include "prediction/prediction_model.h"
#include "request_reader.h"

namespace nelm::api {

struct ModelLevel {
  std::string value, label;
  std::string statement;  // marginal groups without a curve: what can be said instead
};

struct ModelInput {
  std::string name, label, type;  // type "categorical" or "number"
  std::vector<ModelLevel> levels;
  double minimum = 0.0, maximum = 0.0;  // number inputs: the development range
  std::string unknown_action;           // "no_adjustment" or "all_levels"
  std::string unknown_description;
  std::string comparison_warning;  // shown whenever this input's groups are compared
};

struct ModelEffect {
  std::string input, level;  // level empty for a number input (per unit)
  double log_hazard_ratio;
  double std_err;               // NaN when unknown
  double lower, upper;          // CI of log_hr, NaN when unknown
  double centring;
  std::string source;
};

struct ModelAnchor {
  std::string label, quantity;  // "survival" or "median"
  double time, estimate, lower, upper;  // time NaN for a median; bounds NaN when not published
  std::string source, citation;
  std::string input, level;  // the group it belongs to; empty = the whole development cohort
};

struct PredictionModelDefinition {
  std::string id, version, title, kind, effect_structure;  // "linear_predictor" | "marginal_groups"
  std::string time_unit, time_origin, time_origin_note;
  bool time_origin_stated = true;
  double max_time = 0.0;
  std::string personalisation_note;
  bool cure_for_profiles = true;  // false: a cure probability for the whole cohort only
  std::string personalised_cure_statement;
  PredictionBaseline baseline;
  Matrix coefficient_covariance;  // over effects, in order; size 0 when absent
  std::vector<ModelInput> inputs;
  std::vector<ModelEffect> effects;
  std::vector<ModelAnchor> anchors;
  std::vector<std::string> assumptions, limitations;
  std::string checksum;  // as declared in the file ("" when absent)
};

// "sha256:<hex>" of the canonical form: the model with "checksum" removed, keys sorted, no
// whitespace (nlohmann::json::dump()).
std::string model_checksum(const json& model);

// Validates `model` (found at `path` in the request). With require_checksum the "checksum" member
// must be present and match, else "checksum_mismatch" at path + "/checksum".
PredictionModelDefinition read_model(const json& model, const std::string& path,
                                     bool require_checksum);

}  // namespace nelm::api
