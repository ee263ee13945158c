// See model_input_reader.h. Every refusal names the JSON pointer of the offending member.
#include "model_input_reader.h"

#include <cmath>
#include <set>

namespace nelm::api {
namespace {

// Published proportions are rounded: their sum may miss 1 by a little; predict normalises them.
constexpr double proportion_sum_tolerance = 0.01;

void check_listed(const std::map<std::string, std::string>& sources, const std::string& source,
                  const std::string& path) {
  if (!sources.count(source)) {
    refuse_model("invalid_value", "source \"" + source + "\" is not listed in \"sources\"", path);
  }
}

ModelLevel read_level(const json& level, const std::string& at,
                      const std::map<std::string, std::string>& sources) {
  if (!level.is_object()) refuse_model("invalid_type", "a level must be an object", at);
  reject_unknown_members(level, at, {"value", "label", "n", "proportion", "source", "statement"});
  ModelLevel result;
  result.value = required_text(level, "value", at);
  result.label = required_text(level, "label", at);
  result.statement = optional_text(level, "statement", at);
  result.n = optional_finite(level, "n", at);
  result.source = optional_text(level, "source", at);
  if (result.value == "unknown") {
    refuse_model("invalid_value", "\"unknown\" is reserved", child_path(at, "value"));
  }
  if (result.n < 0.0) refuse_model("invalid_value", "n must be >= 0", child_path(at, "n"));
  if (level.contains("proportion") && !level["proportion"].is_null()) {
    result.proportion = required_probability(level, "proportion", at);
  }
  if (!result.source.empty()) check_listed(sources, result.source, child_path(at, "source"));
  return result;
}

// average_over_mix: a categorical input of a linear-predictor model whose every level has a
// published proportion with its source, the proportions summing to 1 up to rounding.
void check_mix(const json& input, const ModelInput& result, const std::string& at,
               EffectStructure structure) {
  const std::string action_path = child_path(child_path(at, "unknown"), "action");
  if (result.type != InputType::categorical || structure == EffectStructure::marginal_groups) {
    refuse_model("invalid_value",
                 "average_over_mix needs a categorical input of a linear_predictor or "
                 "cure_regression model",
                 action_path);
  }
  double total = 0.0;
  for (std::size_t k = 0; k < result.levels.size(); ++k) {
    const std::string level_path = child_path(child_path(at, "levels"), k);
    if (std::isnan(result.levels[k].proportion)) {
      required_probability(input["levels"][k], "proportion", level_path);
    }
    if (result.levels[k].source.empty()) {
      required_text(input["levels"][k], "source", level_path);
    }
    total += result.levels[k].proportion;
  }
  if (std::fabs(total - 1.0) > proportion_sum_tolerance) {
    refuse_model("invalid_value",
                 "to average over the mix, the levels' proportions must sum to 1 (they sum to " +
                     std::to_string(total) + ")",
                 child_path(at, "levels"));
  }
}

void read_kind(const json& input, const std::string& at, ModelInput& result,
               const std::map<std::string, std::string>& sources) {
  if (result.type == InputType::categorical) {
    const json& levels = required_array(input, "levels", at, true);
    std::set<std::string> values;
    for (std::size_t k = 0; k < levels.size(); ++k) {
      const std::string level_path = child_path(child_path(at, "levels"), k);
      result.levels.push_back(read_level(levels[k], level_path, sources));
      if (!values.insert(result.levels.back().value).second) {
        refuse_model("invalid_value", "level values must be unique",
                     child_path(level_path, "value"));
      }
    }
    return;
  }
  const json& range = required_object(input, "range", at);
  const std::string range_path = child_path(at, "range");
  reject_unknown_members(range, range_path, {"minimum", "maximum"});
  result.minimum = required_finite(range, "minimum", range_path);
  result.maximum = required_finite(range, "maximum", range_path);
  if (!(result.minimum <= result.maximum)) {
    refuse_model("invalid_value", "minimum must not exceed maximum", range_path);
  }
}

ModelInput read_input(const json& input, const std::string& at,
                      const std::map<std::string, std::string>& sources,
                      EffectStructure structure) {
  if (!input.is_object()) refuse_model("invalid_type", "an input must be an object", at);
  reject_unknown_members(input, at,
                         {"name", "label", "type", "role", "levels", "range", "unit", "unknown",
                          "comparison_warning", "comparison_p", "source"});
  ModelInput result;
  result.name = required_text(input, "name", at);
  result.label = required_text(input, "label", at);
  result.type = required_choice(input, "type", at, input_types);
  if (input.contains("role") && !input["role"].is_null()) {
    result.role = required_choice(input, "role", at, input_roles);
  }
  result.unit = optional_text(input, "unit", at);
  result.comparison_warning = optional_text(input, "comparison_warning", at);
  if (input.contains("comparison_p") && !input["comparison_p"].is_null()) {
    const json& test = required_object(input, "comparison_p", at);
    const std::string test_path = child_path(at, "comparison_p");
    reject_unknown_members(test, test_path, {"text", "source"});
    result.comparison_p = required_text(test, "text", test_path);
    result.comparison_p_source = required_text(test, "source", test_path);
    check_listed(sources, result.comparison_p_source, child_path(test_path, "source"));
  }
  const json& unknown = required_object(input, "unknown", at);
  const std::string unknown_path = child_path(at, "unknown");
  reject_unknown_members(unknown, unknown_path, {"action", "description"});
  result.unknown_action = required_choice(unknown, "action", unknown_path, unknown_actions);
  result.unknown_description = required_text(unknown, "description", unknown_path);
  read_kind(input, at, result, sources);
  if (result.unknown_action == UnknownAction::average_over_mix) {
    check_mix(input, result, at, structure);
  }
  return result;
}

}  // namespace

std::vector<ModelInput> read_model_inputs(const json& model, const std::string& path,
                                          const std::map<std::string, std::string>& sources,
                                          EffectStructure structure) {
  const json& inputs = required_array(model, "inputs", path, false);
  std::vector<ModelInput> result;
  std::set<std::string> names;
  std::set<InputRole> roles;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string at = child_path(child_path(path, "inputs"), i);
    result.push_back(read_input(inputs[i], at, sources, structure));
    if (!names.insert(result.back().name).second) {
      refuse_model("invalid_value", "input names must be unique", child_path(at, "name"));
    }
    const InputRole role = result.back().role;
    if (role != InputRole::none && !roles.insert(role).second) {
      refuse_model(
          "invalid_value",
          std::string("only one input may have the role \"") + name_of(input_roles, role) + "\"",
          child_path(at, "role"));
    }
  }
  return result;
}

}  // namespace nelm::api
