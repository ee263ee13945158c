// See predict_profile.h.
#include "predict_profile.h"

#include <cmath>

#include "api_error.h"

namespace nelm::api {

Profile read_model_profile(const json& request, const PredictionModelDefinition& model,
                     Warnings& warnings) {
  Profile profile;
  const json empty = json::object();
  const auto found = request.find("profile");
  const json& given = found == request.end() ? empty : *found;
  if (!given.is_object()) {
    throw ApiError("invalid_type", "profile must be an object {input: value or \"unknown\"}",
                   "/profile");
  }
  std::vector<std::string> names;
  for (const auto& input : model.inputs) names.push_back(input.name);
  reject_unknown_members(given, "/profile", names);
  for (const auto& input : model.inputs) {
    const std::string at = child_path("/profile", input.name);
    const auto value = given.find(input.name);
    const bool unknown =
        value == given.end() || value->is_null() || (value->is_string() && *value == "unknown");
    profile.level[input.name] = "unknown";
    if (unknown) {
      warnings.push_back({"input_unknown",
                          input.label + " was left unknown: " + input.unknown_description,
                          input.name});
      continue;
    }
    profile.any_known = true;
    if (input.type == "number") {
      if (!value->is_number() || !std::isfinite(value->get<double>())) {
        throw ApiError("invalid_type", input.name + " must be a number or \"unknown\"", at);
      }
      const double number = value->get<double>();
      profile.number[input.name] = number;
      profile.level[input.name] = value->dump();
      if (number < input.minimum || number > input.maximum) {
        warnings.push_back({"outside_development_range",
                            input.label + " " + value->dump() +
                                " is outside the range of the patients the model was built on (" +
                                json(input.minimum).dump() + " to " + json(input.maximum).dump() +
                                "): the estimate is an extrapolation",
                            input.name});
      }
      continue;
    }
    std::string choices;
    for (const auto& level : input.levels) {
      if (value->is_string() && *value == level.value) profile.level[input.name] = level.value;
      choices += (choices.empty() ? "\"" : ", \"") + level.value + "\"";
    }
    if (profile.level[input.name] == "unknown") {
      throw ApiError("invalid_value",
                     input.name + " must be one of " + choices + " or \"unknown\"", at);
    }
  }
  return profile;
}

LinearPredictor profile_linear_predictor(const PredictionModelDefinition& model,
                                         const Profile& profile) {
  std::vector<PredictorTerm> terms;
  for (const auto& effect : model.effects) {
    const std::string& chosen = profile.level.at(effect.input);
    double centred = 0.0;  // unknown: x = c, no adjustment
    if (chosen != "unknown") {
      const auto number = profile.number.find(effect.input);
      const double x = number != profile.number.end() ? number->second
                                                      : (chosen == effect.level ? 1.0 : 0.0);
      centred = x - effect.centring;
    }
    terms.push_back({effect.log_hazard_ratio, centred, effect.std_err});
  }
  return linear_predictor(terms, model.coefficient_covariance);
}

json profile_json(const PredictionModelDefinition& model, const Profile& profile) {
  json result = json::object();
  for (const auto& input : model.inputs) {
    const auto number = profile.number.find(input.name);
    if (number != profile.number.end()) result[input.name] = number->second;
    else result[input.name] = profile.level.at(input.name);
  }
  return result;
}

}  // namespace nelm::api
