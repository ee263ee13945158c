// A patient's profile against a model's inputs; see patient_profile.h.
#include "prediction/patient_profile.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace nelm {
namespace {

// A mixture over several unknown inputs has one component per combination of their levels.
constexpr std::size_t maximum_components = 4096;

bool has_level(const ModelInput& input, const std::string& level) {
  for (const auto& candidate : input.levels) {
    if (candidate.value == level) return true;
  }
  return false;
}

// The coefficients' covariance: the model's, else the effects' SEs as independent (an effect
// without an SE is taken as known).
Matrix coefficient_covariance(const PredictionModelDefinition& model) {
  const std::size_t count = model.effects.size();
  if (model.coefficient_covariance.size() == count && count > 0) {
    return model.coefficient_covariance;
  }
  Matrix covariance(count);
  for (std::size_t j = 0; j < count; ++j) {
    const double std_err = model.effects[j].std_err;
    covariance(j, j) = std::isnan(std_err) ? 0.0 : std_err * std_err;
  }
  return covariance;
}

// The component with every known input's centred value; unknown inputs at x = c for now.
MixtureComponent fixed_component(const PredictionModelDefinition& model,
                                 const PatientProfile& profile) {
  MixtureComponent fixed{1.0, 0.0, std::vector<double>(model.effects.size(), 0.0)};
  for (std::size_t j = 0; j < model.effects.size(); ++j) {
    const ModelEffect& effect = model.effects[j];
    const InputValue& value = profile.at(effect.input);
    if (!value.known) continue;
    const double x = value.is_number ? value.number : (value.level == effect.level ? 1.0 : 0.0);
    fixed.centred_values[j] = x - effect.centring;
  }
  return fixed;
}

// Every component split into one per level of `input`, weighted by the level's proportion.
std::vector<MixtureComponent> split_by_levels(const PredictionModelDefinition& model,
                                              const ModelInput& input,
                                              const std::vector<MixtureComponent>& components) {
  double total = 0.0;
  for (const auto& level : input.levels) total += level.proportion;
  std::vector<MixtureComponent> split;
  for (const auto& component : components) {
    for (const auto& level : input.levels) {
      MixtureComponent mixed = component;
      mixed.weight *= level.proportion / total;
      for (std::size_t j = 0; j < model.effects.size(); ++j) {
        const ModelEffect& effect = model.effects[j];
        if (effect.input != input.name) continue;
        mixed.centred_values[j] = (effect.level == level.value ? 1.0 : 0.0) - effect.centring;
      }
      split.push_back(std::move(mixed));
    }
  }
  return split;
}

}  // namespace

std::string number_text(double value) {
  char text[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

const ModelInput* find_input(const PredictionModelDefinition& model, const std::string& name) {
  for (const auto& input : model.inputs) {
    if (input.name == name) return &input;
  }
  return nullptr;
}

PatientProfile complete_profile(const PredictionModelDefinition& model,
                                const PatientProfile& given) {
  for (const auto& entry : given) {
    if (!find_input(model, entry.first)) {
      throw CoreError("unknown_field", "the model has no input \"" + entry.first + "\"",
                      entry.first);
    }
  }
  PatientProfile profile;
  for (const auto& input : model.inputs) {
    const auto found = given.find(input.name);
    const InputValue value = found == given.end() ? InputValue{} : found->second;
    const bool wants_number = input.type == InputType::number;
    if (value.known && value.is_number != wants_number) {
      throw CoreError("invalid_type",
                      input.name + (wants_number ? " must be a number" : " must be a level"),
                      input.name);
    }
    if (value.known && !wants_number && !has_level(input, value.level)) {
      throw CoreError("invalid_value", input.name + " has no level \"" + value.level + "\"",
                      input.name);
    }
    if (value.known && wants_number && !std::isfinite(value.number)) {
      throw CoreError("invalid_value", input.name + " must be a finite number", input.name);
    }
    profile[input.name] = value;
  }
  return profile;
}

void profile_warnings(const PredictionModelDefinition& model, const PatientProfile& profile,
                      Warnings& warnings) {
  for (const auto& input : model.inputs) {
    const InputValue& value = profile.at(input.name);
    if (!value.known) {
      warnings.push_back({"input_unknown",
                          input.label + " was left unknown: " + input.unknown_description,
                          input.name});
    } else if (value.is_number && (value.number < input.minimum || value.number > input.maximum)) {
      warnings.push_back({"outside_development_range",
                          input.label + " " + number_text(value.number) +
                              " is outside the range of the patients the model was built on (" +
                              number_text(input.minimum) + " to " + number_text(input.maximum) +
                              "): the estimate is an extrapolation",
                          input.name});
    }
  }
}

ProfileMixture profile_mixture(const PredictionModelDefinition& model,
                               const PatientProfile& profile,
                               std::vector<std::string>& averaged_inputs) {
  std::vector<MixtureComponent> components{fixed_component(model, profile)};
  for (const auto& input : model.inputs) {
    if (profile.at(input.name).known || input.unknown_action != UnknownAction::average_over_mix) {
      continue;
    }
    averaged_inputs.push_back(input.name);
    components = split_by_levels(model, input, components);
    if (components.size() > maximum_components) {
      throw CoreError("too_large",
                      "averaging over the mix of so many unknown inputs needs more "
                      "than 4096 combinations of their levels; give some of them",
                      input.name);
    }
  }
  for (auto& component : components) {
    for (std::size_t j = 0; j < model.effects.size(); ++j) {
      component.linear_predictor += model.effects[j].log_hazard_ratio * component.centred_values[j];
    }
  }
  return {components, coefficient_covariance(model)};
}

}  // namespace nelm
