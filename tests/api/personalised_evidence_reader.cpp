// JSON transcription -> PersonalisedEvidence (see personalised_evidence_reader.h).
#include "personalised_evidence_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

// The nearest double to a printed percentage (40.4 -> 0.404), as the build script reads it.
double percent(const json& value) { return std::stod(value.dump() + "e-2"); }

double centring_share(const json& evidence, const std::string& key) {
  for (const json& row : evidence["dfs"]["centring"])
    if (row["input"].get<std::string>() + "=" + row["level"].get<std::string>() == key)
      return percent(row["value"]);
  throw std::runtime_error("no centring row " + key);
}

std::string where(const json& item) {
  return item["source"].get<std::string>() + ", row \"" + item["row"].get<std::string>() +
         "\": " + item["text"].get<std::string>();
}

CureFactor read_factor(const json& item, const json& evidence, const ShareOverrides& overrides) {
  CureFactor factor{item["name"], item["levels"].get<std::vector<std::string>>(), {}};
  const json& share = item["share"];
  double value = share.contains("centring") ? centring_share(evidence, share["centring"])
                                            : percent(share["assumed"]);
  if (factor.name == "functional_status" && !std::isnan(overrides.functional))
    value = overrides.functional;
  if (factor.name == "liver_involvement" && !std::isnan(overrides.liver_50_or_more))
    value = overrides.liver_50_or_more;
  const std::size_t chosen = static_cast<std::size_t>(
      std::find(factor.levels.begin(), factor.levels.end(), item["share_of"].get<std::string>()) -
      factor.levels.begin());
  // The rest is the other level, or split equally between the others (grade: an assumption).
  const double rest = (1.0 - value) / static_cast<double>(factor.levels.size() - 1);
  factor.proportion.assign(factor.levels.size(), rest);
  factor.proportion[chosen] = value;
  return factor;
}

EffectPath path_of(const std::string& name) {
  if (name == "shared") return EffectPath::shared;
  if (name == "cure_only") return EffectPath::cure_only;
  if (name == "latency_only") return EffectPath::latency_only;
  throw std::runtime_error("unknown path " + name);
}

LevelSets level_sets(const CureRegressionStructure& structure, const json& alternative) {
  LevelSets allowed(structure.factors.size());
  for (const auto& [input, levels] : alternative.items()) {
    const std::size_t f = factor_index(structure, input);
    for (const json& level : levels) allowed[f].push_back(level_index(structure, f, level));
  }
  return allowed;
}

}  // namespace

std::size_t factor_index(const CureRegressionStructure& structure, const std::string& name) {
  for (std::size_t f = 0; f < structure.factors.size(); ++f)
    if (structure.factors[f].name == name) return f;
  ADD_FAILURE() << "no factor " << name;
  return 0;
}

std::size_t level_index(const CureRegressionStructure& structure, std::size_t factor,
                        const std::string& level) {
  const auto& levels = structure.factors[factor].levels;
  for (std::size_t j = 0; j < levels.size(); ++j)
    if (levels[j] == level) return j;
  ADD_FAILURE() << "no level " << level << " of " << structure.factors[factor].name;
  return 0;
}

Profile profile_of(const CureRegressionStructure& structure,
                   const std::vector<std::pair<std::string, std::string>>& known) {
  Profile profile(structure.factors.size(), unknown_level);
  for (const auto& [input, level] : known) {
    const std::size_t f = factor_index(structure, input);
    profile[f] = static_cast<int>(level_index(structure, f, level));
  }
  return profile;
}

PersonalisedEvidence read_personalised_evidence(const json& evidence, const json& personalised,
                                                const ShareOverrides& overrides) {
  PersonalisedEvidence out;
  for (const json& item : personalised["factors"])
    out.structure.factors.push_back(read_factor(item, evidence, overrides));
  for (const json& item : personalised["effects"]) {
    CureEffect effect{
        item["name"], factor_index(out.structure, item["input"]), {}, path_of(item["path"])};
    for (const json& level : item["levels"])
      effect.levels.push_back(level_index(out.structure, effect.factor, level));
    out.structure.effects.push_back(effect);
    out.effect_direction.push_back(item["direction"]);
  }
  const json& dfs = evidence["dfs"];
  for (const json& point : dfs["points"]) {
    const bool median = point["quantity"] == "median";
    out.cohort_points.push_back(
        {point["label"], where(point), median ? 0.0 : point["time"].get<double>(),
         median ? point["value"].get<double>() : percent(point["value"]), median});
  }
  out.cohort = {dfs["cohort"]["n"]["value"], dfs["cohort"]["events"]["value"],
                dfs["cohort"]["censoring_free_until"]["value"]};
  const json& rounding = personalised["cohort_curve"]["rounding"];
  out.survival_rounding = rounding["survival"];
  out.median_rounding = rounding["median"];
  for (const json& row : dfs["nomogram"]) {
    const std::size_t f = factor_index(out.structure, row["input"]);
    out.hazard_ratios.push_back(
        {row["input"].get<std::string>() + "=" + row["level"].get<std::string>(), where(row), f,
         level_index(out.structure, f, row["level"]),
         level_index(out.structure, f, row["reference_level"]), row["value"], row["p"]});
  }
  out.hazard_ratio_horizon = personalised["hazard_ratios"]["horizon"];
  out.hazard_ratio_rounding = personalised["hazard_ratios"]["rounding"];
  const json& cure = personalised["cure_profiles"];
  for (const json& item : cure["profiles"]) {
    PublishedCureProfile profile{item["label"], where(item), {}, percent(item["value"])};
    for (const json& alternative : item["alternatives"])
      profile.alternatives.push_back(level_sets(out.structure, alternative));
    out.cure_profiles.push_back(profile);
  }
  out.source_cure_fraction = percent(cure["whole_cohort"]["value"]);
  out.source_cohort_n = cure["n"]["value"];
  out.cure_design_effect = cure["design_effect"]["value"];
  out.cure_split_prior_std_err = personalised["priors"]["cure_split"]["std_err"];
  out.cure_effect_prior_std_err = personalised["priors"]["cure_effect"]["std_err"];
  return out;
}

}  // namespace nelm::testing
