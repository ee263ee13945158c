// See profile_reader.h.
#include "profile_reader.h"

#include <cmath>

#include "api_error.h"

namespace nelm::api {
namespace {

std::string level_choices(const ModelInput& input) {
  std::string choices;
  for (const auto& level : input.levels) {
    choices += (choices.empty() ? "\"" : ", \"") + level.value + "\"";
  }
  return choices;
}

InputValue read_value(const json& value, const ModelInput& input, const std::string& at) {
  if (value.is_null() || (value.is_string() && value == "unknown")) return {};
  if (input.type == InputType::number) {
    if (!value.is_number() || !std::isfinite(value.get<double>())) {
      throw ApiError("invalid_type", input.name + " must be a number (not text) or \"unknown\"",
                     at);
    }
    return InputValue::of_number(value.get<double>());
  }
  if (value.is_string()) {
    for (const auto& level : input.levels) {
      if (value == level.value) return InputValue::of_level(level.value);
    }
  }
  throw ApiError(value.is_string() ? "invalid_value" : "invalid_type",
                 input.name + " must be one of " + level_choices(input) + " or \"unknown\"", at);
}

}  // namespace

PatientProfile read_patient_profile(const json& request, const PredictionModelDefinition& model) {
  PatientProfile profile;
  const auto found = request.find("profile");
  if (found == request.end()) return profile;
  const json& given = *found;
  if (!given.is_object()) {
    throw ApiError("invalid_type", "profile must be an object {input: value or \"unknown\"}",
                   "/profile");
  }
  std::vector<std::string> names;
  for (const auto& input : model.inputs) names.push_back(input.name);
  reject_unknown_members(given, "/profile", names);
  for (const auto& input : model.inputs) {
    const auto value = given.find(input.name);
    if (value == given.end()) continue;
    profile[input.name] = read_value(*value, input, child_path("/profile", input.name));
  }
  return profile;
}

json profile_json(const PredictionModelDefinition& model, const PatientProfile& profile) {
  json result = json::object();
  for (const auto& input : model.inputs) {
    const auto value = profile.find(input.name);
    if (value == profile.end() || !value->second.known)
      result[input.name] = "unknown";
    else if (value->second.is_number)
      result[input.name] = value->second.number;
    else
      result[input.name] = value->second.level;
  }
  return result;
}

}  // namespace nelm::api
