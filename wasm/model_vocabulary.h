// The wire names of the model format's choices (docs/models.md), equal to the core's enum names:
// one table per choice, read by the model reader and written by the model and predict responses.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>

#include "prediction/model_definition.h"

namespace nelm::api {

template <typename Choice, std::size_t count>
using Vocabulary = std::array<std::pair<Choice, const char*>, count>;

inline constexpr Vocabulary<ModelRole, 2> model_roles{
    {{ModelRole::after_surgery, "after_surgery"}, {ModelRole::at_recurrence, "at_recurrence"}}};

// InputRole::none is written as null and is the absent member.
inline constexpr Vocabulary<InputRole, 2> input_roles{
    {{InputRole::recurrence_site, "recurrence_site"},
     {InputRole::recurrence_treatment, "recurrence_treatment"}}};

inline constexpr Vocabulary<InputType, 2> input_types{
    {{InputType::categorical, "categorical"}, {InputType::number, "number"}}};

inline constexpr Vocabulary<UnknownAction, 3> unknown_actions{
    {{UnknownAction::no_adjustment, "no_adjustment"},
     {UnknownAction::all_levels, "all_levels"},
     {UnknownAction::average_over_mix, "average_over_mix"}}};

inline constexpr Vocabulary<EffectStructure, 2> effect_structures{
    {{EffectStructure::linear_predictor, "linear_predictor"},
     {EffectStructure::marginal_groups, "marginal_groups"}}};

template <typename Choice, std::size_t count>
const char* name_of(const Vocabulary<Choice, count>& vocabulary, Choice choice) {
  for (const auto& [value, name] : vocabulary) {
    if (value == choice) return name;
  }
  return "";
}

template <typename Choice, std::size_t count>
std::optional<Choice> choice_named(const Vocabulary<Choice, count>& vocabulary,
                                   const std::string& name) {
  for (const auto& [value, wire_name] : vocabulary) {
    if (name == wire_name) return value;
  }
  return std::nullopt;
}

// "a", "b" or "c": the choices for a refusal's message.
template <typename Choice, std::size_t count>
std::string choices_text(const Vocabulary<Choice, count>& vocabulary) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    text += (i == 0 ? "\"" : (i + 1 == count ? " or \"" : ", \"")) +
            std::string(vocabulary[i].second) + "\"";
  }
  return text;
}

}  // namespace nelm::api
