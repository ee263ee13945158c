// JSON -> CureRegressionDefinition for a model with effect_structure "cure_regression" (see
// cure_regression_reader.h); the core's validate_cure_regression checks each fitted model.
#include "cure_regression_reader.h"

#include <algorithm>
#include <cmath>

#include "model_json_fields.h"

namespace nelm::api {
namespace {

std::size_t level_of(const CureFactor& factor, const std::string& level, const std::string& at) {
  const auto found = std::find(factor.levels.begin(), factor.levels.end(), level);
  if (found == factor.levels.end())
    refuse_model("invalid_value", "input \"" + factor.name + "\" has no level \"" + level + "\"",
                 at);
  return static_cast<std::size_t>(found - factor.levels.begin());
}

std::size_t factor_of(const CureRegressionStructure& structure, const std::string& name,
                      const std::string& at) {
  for (std::size_t f = 0; f < structure.factors.size(); ++f)
    if (structure.factors[f].name == name) return f;
  refuse_model("invalid_value", "no input \"" + name + "\" in the model's inputs", at);
}

// The factors (the inputs, with the central proportions) and the effects.
CureRegressionStructure read_structure(const json& model, const std::string& path,
                                       const PredictionModelDefinition& definition) {
  CureRegressionStructure structure;
  for (std::size_t i = 0; i < definition.inputs.size(); ++i) {
    const ModelInput& input = definition.inputs[i];
    if (input.type != InputType::categorical ||
        input.unknown_action != UnknownAction::average_over_mix)
      refuse_model("invalid_value",
                   "every input of a cure_regression model is categorical and averaged over its "
                   "mix when unknown (unknown.action \"average_over_mix\")",
                   child_path(child_path(path, "inputs"), i));
    CureFactor factor{input.name, {}, {}};
    for (const ModelLevel& level : input.levels) {
      factor.levels.push_back(level.value);
      factor.proportion.push_back(level.proportion);
    }
    structure.factors.push_back(factor);
  }
  const json& effects = required_array(model, "effects", path, true);
  for (std::size_t i = 0; i < effects.size(); ++i) {
    const std::string at = child_path(child_path(path, "effects"), i);
    reject_unknown_members(
        effects[i], at, {"name", "input", "levels", "path", "direction", "source", "derivation"});
    const std::size_t f =
        factor_of(structure, required_text(effects[i], "input", at), child_path(at, "input"));
    const std::string route =
        read_choice(effects[i], "path", at, "", {"shared", "cure_only", "latency_only"});
    if (route.empty()) required_text(effects[i], "path", at);
    CureEffect effect{required_text(effects[i], "name", at),
                      f,
                      {},
                      route == "cure_only"      ? EffectPath::cure_only
                      : route == "latency_only" ? EffectPath::latency_only
                                                : EffectPath::shared};
    for (const auto& level : text_list(effects[i], "levels", at, true))
      effect.levels.push_back(level_of(structure.factors[f], level, child_path(at, "levels")));
    structure.effects.push_back(effect);
  }
  return structure;
}

MixScenario read_scenario(const json& item, const std::string& at,
                          const CureRegressionStructure& structure) {
  reject_unknown_members(item, at,
                         {"label", "central", "proportions", "parameters", "covariance",
                          "objective", "held_at_zero", "warnings"});
  MixScenario scenario{required_text(item, "label", at),
                       read_bool(item, "central", at, false),
                       {structure, number_list(item, "parameters", at)},
                       Matrix()};
  const json& proportions = required_object(item, "proportions", at);
  for (auto& factor : scenario.model.structure.factors) {
    if (!proportions.contains(factor.name)) continue;
    const std::vector<double> shares =
        number_list(proportions, factor.name, child_path(at, "proportions"));
    if (shares.size() != factor.levels.size())
      refuse_model("invalid_value", "one proportion per level of \"" + factor.name + "\"",
                   child_path(child_path(at, "proportions"), factor.name));
    factor.proportion = shares;
  }
  const std::size_t n = scenario.model.parameters.size();
  const json& rows = required_array(item, "covariance", at, true);
  scenario.covariance = Matrix(n);
  if (rows.size() != n)
    refuse_model("invalid_value", "the covariance has one row per parameter",
                 child_path(at, "covariance"));
  for (std::size_t j = 0; j < n; ++j) {
    const std::string row = child_path(child_path(at, "covariance"), j);
    if (!rows[j].is_array() || rows[j].size() != n)
      refuse_model("invalid_value", "each covariance row has one value per parameter", row);
    for (std::size_t k = 0; k < n; ++k) {
      if (!rows[j][k].is_number() || !std::isfinite(rows[j][k].get<double>()))
        refuse_model("invalid_type", "a covariance entry is a finite number", child_path(row, k));
      scenario.covariance(j, k) = rows[j][k].get<double>();
    }
  }
  validate_cure_regression(scenario.model);
  return scenario;
}

CureProfileReference read_profile(const json& item, const std::string& at,
                                  const CureRegressionStructure& structure,
                                  const std::map<std::string, std::string>& sources) {
  reject_unknown_members(item, at,
                         {"label", "source", "published", "transferred", "alternatives",
                          "disagreement", "model_cure_fraction", "note"});
  CureProfileReference profile{required_text(item, "label", at),
                               required_text(item, "source", at),
                               "",
                               {},
                               required_probability(item, "published", at),
                               required_probability(item, "transferred", at),
                               required_text(item, "disagreement", at)};
  if (!sources.count(profile.source))
    refuse_model("invalid_value", "source \"" + profile.source + "\" is not listed in \"sources\"",
                 child_path(at, "source"));
  profile.citation = sources.at(profile.source);
  const json& alternatives = required_array(item, "alternatives", at, true);
  for (std::size_t i = 0; i < alternatives.size(); ++i) {
    const std::string alternative = child_path(child_path(at, "alternatives"), i);
    if (!alternatives[i].is_object())
      refuse_model("invalid_type", "an alternative is {input: [levels]}", alternative);
    LevelSets allowed(structure.factors.size());
    for (const auto& [input, levels] : alternatives[i].items()) {
      const std::size_t f = factor_of(structure, input, child_path(alternative, input));
      for (const auto& level : text_list(alternatives[i], input, alternative, true))
        allowed[f].push_back(level_of(structure.factors[f], level, child_path(alternative, input)));
    }
    profile.alternatives.push_back(allowed);
  }
  return profile;
}

}  // namespace

CureRegressionDefinition read_cure_regression(const json& model, const std::string& path,
                                              const PredictionModelDefinition& definition,
                                              const std::map<std::string, std::string>& sources) {
  const CureRegressionStructure structure = read_structure(model, path, definition);
  const std::string at = child_path(path, "baseline");
  const json& baseline = required_object(model, "baseline", path);
  reject_unknown_members(baseline, at,
                         {"type", "scenarios", "cure_profiles", "whole_cohort_cure",
                          "cure_definition", "mix_statement", "fit"});
  if (required_text(baseline, "type", at) != "cure_regression")
    refuse_model("invalid_value",
                 "a cure_regression model has a baseline of type \"cure_regression\"",
                 child_path(at, "type"));
  CureRegressionDefinition result;
  const json& scenarios = required_array(baseline, "scenarios", at, true);
  std::size_t central = 0;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    result.scenarios.push_back(
        read_scenario(scenarios[i], child_path(child_path(at, "scenarios"), i), structure));
    central += result.scenarios.back().central;
  }
  if (central != 1)
    refuse_model("invalid_value", "exactly one scenario is the central one",
                 child_path(at, "scenarios"));
  const json& profiles = required_array(baseline, "cure_profiles", at, false);
  for (std::size_t i = 0; i < profiles.size(); ++i)
    result.cure_profiles.push_back(read_profile(
        profiles[i], child_path(child_path(at, "cure_profiles"), i), structure, sources));
  const json& whole = required_object(baseline, "whole_cohort_cure", at);
  const std::string whole_path = child_path(at, "whole_cohort_cure");
  result.source_cure_fraction = required_probability(whole, "estimate", whole_path);
  result.source_cure_label = required_text(whole, "label", whole_path);
  result.source_cure_source = required_text(whole, "source", whole_path);
  result.cure_definition = required_text(baseline, "cure_definition", at);
  result.mix_statement = required_text(baseline, "mix_statement", at);
  return result;
}

}  // namespace nelm::api
