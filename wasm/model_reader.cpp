// Validation of a whole prediction model file (docs/models.md): structure, cross-references
// (effects name inputs and levels, every source is listed) and the checksum of the canonical form.
#include "model_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "cure_regression_reader.h"
#include "model_baseline_reader.h"
#include "model_input_reader.h"
#include "model_json_fields.h"
#include "numerics/sha256.h"

namespace nelm::api {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

void check_source(const std::map<std::string, std::string>& sources, const json& object,
                  const std::string& path) {
  const std::string source = required_text(object, "source", path);
  if (!sources.count(source)) {
    refuse_model("invalid_value", "source \"" + source + "\" is not listed in \"sources\"",
                 child_path(path, "source"));
  }
}

std::map<std::string, std::string> read_sources(const json& model, const std::string& path) {
  const json& sources = required_array(model, "sources", path, true);
  std::map<std::string, std::string> ids;  // id -> citation
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::string at = child_path(child_path(path, "sources"), i);
    if (!sources[i].is_object()) refuse_model("invalid_type", "a source must be an object", at);
    reject_unknown_members(sources[i], at, {"id", "citation", "url", "note"});
    const std::string citation = required_text(sources[i], "citation", at);
    if (!ids.emplace(required_text(sources[i], "id", at), citation).second) {
      refuse_model("invalid_value", "source ids must be unique", child_path(at, "id"));
    }
  }
  return ids;
}

void read_outcome(const json& model, const std::string& path, ModelOutcome& result) {
  const json& outcome = required_object(model, "outcome", path);
  const std::string at = child_path(path, "outcome");
  reject_unknown_members(outcome, at,
                         {"endpoint", "definition", "time_origin", "time_origin_stated",
                          "time_origin_note", "time_unit", "max_time"});
  result.endpoint = required_text(outcome, "endpoint", at);
  result.definition = required_text(outcome, "definition", at);
  result.time_origin = required_text(outcome, "time_origin", at);
  result.time_unit = required_text(outcome, "time_unit", at);
  result.time_origin_stated = read_bool(outcome, "time_origin_stated", at, true);
  result.time_origin_note = optional_text(outcome, "time_origin_note", at);
  if (!result.time_origin_stated && result.time_origin_note.empty()) {
    refuse_model("missing_field", "an assumed time origin needs a note saying why",
                 child_path(at, "time_origin_note"));
  }
  result.max_time = required_finite(outcome, "max_time", at);
  if (!(result.max_time > 0.0)) {
    refuse_model("invalid_value", "max_time must be > 0", child_path(at, "max_time"));
  }
}

void read_population(const json& model, const std::string& path) {
  const json& population = required_object(model, "population", path);
  const std::string at = child_path(path, "population");
  reject_unknown_members(population, at, {"description", "eligibility", "development"});
  required_text(population, "description", at);
  text_list(population, "eligibility", at, true);
  const json& development = required_object(population, "development", at);
  const std::string development_path = child_path(at, "development");
  reject_unknown_members(development, development_path,
                         {"n", "events", "period", "median_follow_up", "source", "note"});
  if (!(required_finite(development, "n", development_path) > 0.0)) {
    refuse_model("invalid_value", "n must be > 0", child_path(development_path, "n"));
  }
  const double events = optional_finite(development, "events", development_path);
  if (events < 0.0) {
    refuse_model("invalid_value", "events must be >= 0", child_path(development_path, "events"));
  }
  required_text(development, "period", development_path);
  required_text(development, "source", development_path);
}

const ModelInput& find_input(const std::vector<ModelInput>& inputs, const std::string& name,
                             const std::string& path) {
  for (const auto& input : inputs) {
    if (input.name == name) return input;
  }
  refuse_model("invalid_value", "no input named \"" + name + "\"", path);
}

void check_level(const ModelInput& input, const std::string& level, const std::string& path) {
  for (const auto& candidate : input.levels) {
    if (candidate.value == level) return;
  }
  refuse_model("invalid_value", "input \"" + input.name + "\" has no level \"" + level + "\"",
               path);
}

ModelEffect read_effect(const json& effect, const std::string& at,
                        const PredictionModelDefinition& model,
                        const std::map<std::string, std::string>& ids) {
  if (!effect.is_object()) refuse_model("invalid_type", "an effect must be an object", at);
  reject_unknown_members(effect, at,
                         {"input", "level", "reference_level", "hr", "log_hr", "se", "ci",
                          "centring", "centring_source", "source", "derivation"});
  ModelEffect result{required_text(effect, "input", at),
                     optional_text(effect, "level", at),
                     required_finite(effect, "log_hr", at),
                     optional_finite(effect, "se", at),
                     not_a_number,
                     not_a_number,
                     required_finite(effect, "centring", at),
                     ""};
  const ModelInput& input = find_input(model.inputs, result.input, child_path(at, "input"));
  check_source(ids, effect, at);
  result.source = effect["source"].get<std::string>();
  if (input.type == InputType::categorical) {
    if (result.level.empty()) required_text(effect, "level", at);
    check_level(input, result.level, child_path(at, "level"));
    const std::string reference = optional_text(effect, "reference_level", at);
    if (!reference.empty()) check_level(input, reference, child_path(at, "reference_level"));
    if (!(result.centring >= 0.0 && result.centring <= 1.0)) {
      refuse_model("invalid_value", "the centring of a level is a proportion in [0, 1]",
                   child_path(at, "centring"));
    }
  } else if (model.effect_structure == EffectStructure::marginal_groups) {
    refuse_model("invalid_value", "marginal groups need categorical inputs",
                 child_path(at, "input"));
  }
  const double hazard_ratio = optional_finite(effect, "hr", at);
  if (!std::isnan(hazard_ratio)) {
    if (!(hazard_ratio > 0.0)) {
      refuse_model("invalid_value", "a hazard ratio must be > 0", child_path(at, "hr"));
    }
    if (std::fabs(std::log(hazard_ratio) - result.log_hazard_ratio) > 1e-9) {
      refuse_model("invalid_value", "log_hr must equal ln(hr)", child_path(at, "log_hr"));
    }
  }
  if (result.std_err < 0.0) refuse_model("invalid_value", "se must be >= 0", child_path(at, "se"));
  if (effect.contains("ci")) {
    const std::vector<double> interval = number_list(effect, "ci", at);
    if (interval.size() != 2 || !(interval[0] <= result.log_hazard_ratio) ||
        !(result.log_hazard_ratio <= interval[1])) {
      refuse_model("invalid_value", "ci is [lower, upper] of log_hr around log_hr",
                   child_path(at, "ci"));
    }
    result.lower = interval[0];
    result.upper = interval[1];
  }
  return result;
}

ModelAnchor read_anchor(const json& anchor, const std::string& at,
                        const PredictionModelDefinition& model,
                        const std::map<std::string, std::string>& ids) {
  if (!anchor.is_object()) refuse_model("invalid_type", "an anchor must be an object", at);
  reject_unknown_members(
      anchor, at,
      {"label", "quantity", "time", "estimate", "lower", "upper", "source", "applies_to", "note"});
  ModelAnchor result{required_text(anchor, "label", at),
                     read_choice(anchor, "quantity", at, "", {"survival", "median"}),
                     optional_finite(anchor, "time", at),
                     required_finite(anchor, "estimate", at),
                     optional_finite(anchor, "lower", at),
                     optional_finite(anchor, "upper", at),
                     "",
                     "",
                     "",
                     ""};
  if (result.quantity.empty()) required_text(anchor, "quantity", at);
  check_source(ids, anchor, at);
  result.source = anchor["source"].get<std::string>();
  if (result.quantity == "survival") {
    if (!(result.time > 0.0))
      refuse_model("invalid_value", "time must be > 0", child_path(at, "time"));
    for (const char* key : {"estimate", "lower", "upper"}) {
      if (anchor.contains(key) && !anchor[key].is_null()) required_probability(anchor, key, at);
    }
  } else if (!(result.estimate > 0.0)) {
    refuse_model("invalid_value", "a median is a time > 0", child_path(at, "estimate"));
  }
  if (result.lower > result.estimate || result.upper < result.estimate) {
    refuse_model("invalid_value", "the interval must contain the estimate", at);
  }
  if (anchor.contains("applies_to") && !anchor["applies_to"].is_null()) {
    const std::string group = child_path(at, "applies_to");
    const json& applies = required_object(anchor, "applies_to", at);
    reject_unknown_members(applies, group, {"input", "level"});
    result.input = required_text(applies, "input", group);
    result.level = required_text(applies, "level", group);
    check_level(find_input(model.inputs, result.input, child_path(group, "input")), result.level,
                child_path(group, "level"));
  }
  return result;
}

void read_uncertainty(const json& model, const std::string& path,
                      PredictionModelDefinition& result) {
  const json& uncertainty = required_object(model, "uncertainty", path);
  const std::string at = child_path(path, "uncertainty");
  reject_unknown_members(uncertainty, at,
                         {"method", "description", "baseline_covariance", "coefficient_covariance",
                          "pseudo_cohort", "limitations"});
  required_text(uncertainty, "method", at);
  required_text(uncertainty, "description", at);
  if (uncertainty.contains("baseline_covariance")) {
    if (!result.baseline.parametric) {
      refuse_model("invalid_value", "a step baseline carries cloglog_std_err, not a covariance",
                   child_path(at, "baseline_covariance"));
    }
    result.baseline.covariance = read_covariance_block(
        required_object(uncertainty, "baseline_covariance", at),
        child_path(at, "baseline_covariance"), curve_parameter_names(result.baseline.curve.family));
  }
  if (uncertainty.contains("coefficient_covariance")) {
    std::vector<std::string> names;
    for (const auto& effect : result.effects) {
      names.push_back(effect.level.empty() ? effect.input : effect.input + "=" + effect.level);
    }
    result.coefficient_covariance =
        read_covariance_block(required_object(uncertainty, "coefficient_covariance", at),
                              child_path(at, "coefficient_covariance"), names);
  }
}

// A copy with every object's members in std::string key order, the order nlohmann::json (a
// std::map) keeps them in: its dump() is the canonical text, without instantiating a second JSON
// type in the module (about 30 KB of wasm).
json with_sorted_keys(const json& value) {
  if (value.is_array()) {
    json sorted = json::array();
    for (const auto& item : value) sorted.push_back(with_sorted_keys(item));
    return sorted;
  }
  if (!value.is_object()) return value;
  std::vector<json::const_iterator> members;
  for (auto it = value.begin(); it != value.end(); ++it) members.push_back(it);
  std::sort(members.begin(), members.end(),
            [](const auto& a, const auto& b) { return a.key() < b.key(); });
  json sorted = json::object();
  for (const auto& it : members) sorted.emplace(it.key(), with_sorted_keys(it.value()));
  return sorted;
}

// The members of a format_version 2 model file, in the order docs/models.md lists them.
const std::vector<std::string> model_members{
    "format",  "format_version", "id",          "version",          "title",      "kind",
    "role",    "synthetic",      "description", "outcome",          "population", "sources",
    "inputs",  "baseline",       "uncertainty", "effect_structure", "effects",    "personalisation",
    "anchors", "assumptions",    "limitations", "provenance",       "checksum"};

void read_identity(const json& model, const std::string& path, PredictionModelDefinition& result) {
  if (required_text(model, "format", path) != "nelm-prediction-model" ||
      required_finite(model, "format_version", path) != 2.0) {
    refuse_model("unsupported_model_format",
                 "this calculator reads format \"nelm-prediction-model\", format_version 2 "
                 "(version 2 added the model's \"role\"; docs/models.md)",
                 child_path(path, "format_version"));
  }
  result.id = required_text(model, "id", path);
  result.version = required_text(model, "version", path);
  result.title = required_text(model, "title", path);
  result.kind = read_choice(model, "kind", path, "", {"published_evidence", "institution_cox"});
  if (result.kind.empty()) required_text(model, "kind", path);
  result.role = required_choice(model, "role", path, model_roles);
  const json& synthetic = required_member(model, "synthetic", path);
  if (!synthetic.is_boolean()) {
    refuse_model("invalid_type", "synthetic must be true or false", child_path(path, "synthetic"));
  }
  result.synthetic = synthetic.get<bool>();
}

void read_personalisation(const json& model, const std::string& path,
                          PredictionModelDefinition& result) {
  if (!model.contains("personalisation")) return;
  const std::string at = child_path(path, "personalisation");
  const json& personalisation = required_object(model, "personalisation", path);
  reject_unknown_members(personalisation, at, {"note", "cure", "cure_statement"});
  result.personalisation_note = required_text(personalisation, "note", at);
  result.cure_for_profiles = read_choice(personalisation, "cure", at, "profiles",
                                         {"profiles", "cohort_only"}) == "profiles";
  if (!result.cure_for_profiles) {
    result.personalised_cure_statement = required_text(personalisation, "cure_statement", at);
  }
}

// The baseline's support: a step baseline ends at its last time, a parametric curve (no data of
// its own) at the latest published point it reproduces (an anchor's time, or a median). A
// max_time past it would predict where nothing supports the curve: a checksum only detects a
// change, so a re-sealed file with max_time 1e308 must still be refused (issue 14, item 13).
void check_max_time_support(const PredictionModelDefinition& model, const std::string& path) {
  const std::string at = child_path(child_path(path, "outcome"), "max_time");
  const bool step = !model.baseline.parametric;
  if (!step && model.anchors.empty()) {
    refuse_model("max_time_beyond_support",
                 "a parametric baseline has no data of its own: list the published points it "
                 "reproduces in \"anchors\"; the latest of them bounds max_time",
                 at);
  }
  double support = 0.0;
  if (step && !model.baseline.step.time.empty()) support = model.baseline.step.time.back();
  if (!step) {
    for (const auto& anchor : model.anchors) {
      support = std::max(support, anchor.quantity == "median" ? anchor.estimate : anchor.time);
    }
  }
  if (!(model.outcome.max_time <= support)) {
    char limit[32];
    std::snprintf(limit, sizeof limit, "%g", support);
    refuse_model("max_time_beyond_support",
                 std::string("max_time lies beyond ") +
                     (step ? "the baseline's last time" : "the latest published point (anchor)") +
                     ", " + limit + " " + model.outcome.time_unit + ": set it to at most " + limit +
                     " (no estimate where there are no data)",
                 at);
  }
}

void verify_checksum(const json& model, const std::string& path,
                     PredictionModelDefinition& result) {
  const std::string computed = model_checksum(model);
  if (result.checksum.empty()) required_text(model, "checksum", path);
  if (result.checksum != computed) {
    refuse_model("checksum_mismatch",
                 "the model's content does not match its checksum (" + computed +
                     "): it was changed after it was built, or damaged",
                 child_path(path, "checksum"));
  }
}

}  // namespace

std::string model_checksum(const json& model) {
  json canonical = with_sorted_keys(model);
  canonical.erase("checksum");
  return "sha256:" + sha256_hex(canonical.dump());
}

PredictionModelDefinition read_model(const json& model, const std::string& path,
                                     bool require_checksum) {
  if (!model.is_object()) refuse_model("invalid_type", "the model must be a JSON object", path);
  reject_unknown_members(model, path, model_members);
  PredictionModelDefinition result;
  read_identity(model, path, result);
  read_outcome(model, path, result.outcome);
  read_population(model, path);
  const std::map<std::string, std::string> sources = read_sources(model, path);
  result.effect_structure =
      model.contains("effect_structure")
          ? required_choice(model, "effect_structure", path, effect_structures)
          : EffectStructure::linear_predictor;
  result.inputs = read_model_inputs(model, path, sources, result.effect_structure);
  const bool cure_regression = result.effect_structure == EffectStructure::cure_regression;
  if (cure_regression) {
    result.cure_regression = read_cure_regression(model, path, result, sources);
  } else {
    result.baseline = read_model_baseline(model, path);
  }
  const json& effects = required_array(model, "effects", path, false);
  for (std::size_t i = 0; i < effects.size() && !cure_regression; ++i) {
    result.effects.push_back(
        read_effect(effects[i], child_path(child_path(path, "effects"), i), result, sources));
  }
  read_personalisation(model, path, result);
  const json& anchors = required_array(model, "anchors", path, false);
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    result.anchors.push_back(
        read_anchor(anchors[i], child_path(child_path(path, "anchors"), i), result, sources));
    result.anchors.back().citation = sources.at(result.anchors.back().source);
  }
  read_uncertainty(model, path, result);
  check_max_time_support(result, path);
  result.assumptions = text_list(model, "assumptions", path, true);
  result.limitations = text_list(model, "limitations", path, true);
  result.checksum = optional_text(model, "checksum", path);
  if (require_checksum) verify_checksum(model, path, result);
  return result;
}

}  // namespace nelm::api
