// JSON transcription of the personalised model's evidence -> PersonalisedEvidence (see
// cure_evidence_reader.h). Names are mapped to indices here, once.
#include "cure_evidence_reader.h"

#include <algorithm>
#include <cmath>

#include "model_json_fields.h"

namespace nelm::api {
namespace {

// The nearest double to a printed percentage (40.4 -> 0.404), as the build script reads it.
double percent(const json& object, const std::string& key, const std::string& path) {
  required_finite(object, key, path);
  return std::stod(object[key].dump() + "e-2");
}

double centring_share(const json& evidence, const std::string& evidence_path,
                      const std::string& key, const std::string& at) {
  const json& centring = required_array(required_object(evidence, "dfs", evidence_path), "centring",
                                        child_path(evidence_path, "dfs"), true);
  for (std::size_t i = 0; i < centring.size(); ++i) {
    const std::string row = child_path(child_path(child_path(evidence_path, "dfs"), "centring"), i);
    if (required_text(centring[i], "input", row) + "=" + required_text(centring[i], "level", row) ==
        key)
      return percent(centring[i], "value", row);
  }
  refuse_model("invalid_value", "no dfs.centring row \"" + key + "\" in the evidence", at);
}

std::string where(const json& item, const std::string& at) {
  return required_text(item, "source", at) + ", row \"" + required_text(item, "row", at) +
         "\": " + required_text(item, "text", at);
}

std::size_t factor_named(const CureRegressionStructure& structure, const std::string& name,
                         const std::string& at) {
  for (std::size_t f = 0; f < structure.factors.size(); ++f)
    if (structure.factors[f].name == name) return f;
  refuse_model("invalid_value", "no factor \"" + name + "\" among the transcription's factors", at);
}

std::size_t level_named(const CureRegressionStructure& structure, std::size_t factor,
                        const std::string& level, const std::string& at) {
  const auto& levels = structure.factors[factor].levels;
  const auto found = std::find(levels.begin(), levels.end(), level);
  if (found == levels.end())
    refuse_model("invalid_value",
                 "factor \"" + structure.factors[factor].name + "\" has no level \"" + level + "\"",
                 at);
  return static_cast<std::size_t>(found - levels.begin());
}

CureFactor read_factor(const json& item, const std::string& at, const json& evidence,
                       const std::string& evidence_path, const CureShareOverrides& overrides) {
  CureFactor factor{required_text(item, "name", at), text_list(item, "levels", at, true), {}};
  if (factor.levels.size() < 2) refuse_model("invalid_value", "a factor needs two levels", at);
  const json& share = required_object(item, "share", at);
  const std::string share_path = child_path(at, "share");
  double value = share.contains("centring")
                     ? centring_share(evidence, evidence_path,
                                      required_text(share, "centring", share_path), share_path)
                     : percent(share, "assumed", share_path);
  if (factor.name == "functional_status" && !std::isnan(overrides.functional))
    value = overrides.functional;
  if (factor.name == "liver_involvement" && !std::isnan(overrides.liver_50_or_more))
    value = overrides.liver_50_or_more;
  if (!(value > 0.0 && value < 1.0))
    refuse_model("invalid_value", "a share is in (0, 1)", share_path);
  const std::string chosen = required_text(item, "share_of", at);
  const auto found = std::find(factor.levels.begin(), factor.levels.end(), chosen);
  if (found == factor.levels.end())
    refuse_model("invalid_value", "share_of must name one of the levels",
                 child_path(at, "share_of"));
  // The rest is the other level, or split equally between the others (grade: an assumption).
  const double rest = (1.0 - value) / static_cast<double>(factor.levels.size() - 1);
  factor.proportion.assign(factor.levels.size(), rest);
  factor.proportion[static_cast<std::size_t>(found - factor.levels.begin())] = value;
  return factor;
}

EffectPath path_named(const json& item, const std::string& at) {
  const std::string name =
      read_choice(item, "path", at, "", {"shared", "cure_only", "latency_only"});
  if (name == "cure_only") return EffectPath::cure_only;
  if (name == "latency_only") return EffectPath::latency_only;
  if (name.empty()) required_text(item, "path", at);
  return EffectPath::shared;
}

LevelSets level_sets(const CureRegressionStructure& structure, const json& alternative,
                     const std::string& at) {
  if (!alternative.is_object())
    refuse_model("invalid_type", "an alternative is {factor: [levels]}", at);
  LevelSets allowed(structure.factors.size());
  for (const auto& [input, levels] : alternative.items()) {
    const std::size_t f = factor_named(structure, input, child_path(at, input));
    for (const auto& level : text_list(alternative, input, at, true))
      allowed[f].push_back(level_named(structure, f, level, child_path(at, input)));
  }
  return allowed;
}

void read_structure(const json& personalised, const std::string& at, const json& evidence,
                    const std::string& evidence_path, const CureShareOverrides& overrides,
                    PersonalisedEvidence& out) {
  const json& factors = required_array(personalised, "factors", at, true);
  for (std::size_t i = 0; i < factors.size(); ++i)
    out.structure.factors.push_back(read_factor(
        factors[i], child_path(child_path(at, "factors"), i), evidence, evidence_path, overrides));
  const json& effects = required_array(personalised, "effects", at, true);
  for (std::size_t i = 0; i < effects.size(); ++i) {
    const std::string item = child_path(child_path(at, "effects"), i);
    const std::size_t f = factor_named(out.structure, required_text(effects[i], "input", item),
                                       child_path(item, "input"));
    CureEffect effect{required_text(effects[i], "name", item), f, {}, path_named(effects[i], item)};
    for (const auto& level : text_list(effects[i], "levels", item, true))
      effect.levels.push_back(level_named(out.structure, f, level, child_path(item, "levels")));
    out.structure.effects.push_back(effect);
    out.effect_direction.push_back(
        static_cast<int>(required_finite(effects[i], "direction", item)));
  }
}

void read_cohort_and_hazard_ratios(const json& evidence, const std::string& evidence_path,
                                   const json& personalised, const std::string& at,
                                   PersonalisedEvidence& out) {
  const std::string dfs_path = child_path(evidence_path, "dfs");
  const json& dfs = required_object(evidence, "dfs", evidence_path);
  const json& points = required_array(dfs, "points", dfs_path, true);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string item = child_path(child_path(dfs_path, "points"), i);
    const bool median = required_text(points[i], "quantity", item) == "median";
    out.cohort_points.push_back(
        {required_text(points[i], "label", item), where(points[i], item),
         median ? 0.0 : required_finite(points[i], "time", item),
         median ? required_finite(points[i], "value", item) : percent(points[i], "value", item),
         median});
  }
  const json& cohort = required_object(dfs, "cohort", dfs_path);
  const std::string cohort_path = child_path(dfs_path, "cohort");
  const auto value_of = [&](const char* key) {
    return required_finite(required_object(cohort, key, cohort_path), "value",
                           child_path(cohort_path, key));
  };
  out.cohort = {value_of("n"), value_of("events"), value_of("censoring_free_until")};
  const std::string curve_path = child_path(at, "cohort_curve");
  const json& rounding =
      required_object(required_object(personalised, "cohort_curve", at), "rounding", curve_path);
  out.survival_rounding = required_finite(rounding, "survival", child_path(curve_path, "rounding"));
  out.median_rounding = required_finite(rounding, "median", child_path(curve_path, "rounding"));
  const json& nomogram = required_array(dfs, "nomogram", dfs_path, true);
  for (std::size_t i = 0; i < nomogram.size(); ++i) {
    const std::string item = child_path(child_path(dfs_path, "nomogram"), i);
    const std::string input = required_text(nomogram[i], "input", item);
    const std::size_t f = factor_named(out.structure, input, child_path(item, "input"));
    const std::string level = required_text(nomogram[i], "level", item);
    out.hazard_ratios.push_back(
        {input + "=" + level, where(nomogram[i], item), f,
         level_named(out.structure, f, level, child_path(item, "level")),
         level_named(out.structure, f, required_text(nomogram[i], "reference_level", item),
                     child_path(item, "reference_level")),
         required_finite(nomogram[i], "value", item), required_finite(nomogram[i], "p", item)});
  }
  const json& hazard_ratios = required_object(personalised, "hazard_ratios", at);
  out.hazard_ratio_horizon =
      required_finite(hazard_ratios, "horizon", child_path(at, "hazard_ratios"));
  out.hazard_ratio_rounding =
      required_finite(hazard_ratios, "rounding", child_path(at, "hazard_ratios"));
}

void read_cure_profiles(const json& personalised, const std::string& at,
                        PersonalisedEvidence& out) {
  const std::string cure_path = child_path(at, "cure_profiles");
  const json& cure = required_object(personalised, "cure_profiles", at);
  const json& profiles = required_array(cure, "profiles", cure_path, true);
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    const std::string item = child_path(child_path(cure_path, "profiles"), i);
    PublishedCureProfile profile{required_text(profiles[i], "label", item),
                                 where(profiles[i], item),
                                 {},
                                 percent(profiles[i], "value", item)};
    const json& alternatives = required_array(profiles[i], "alternatives", item, true);
    for (std::size_t j = 0; j < alternatives.size(); ++j)
      profile.alternatives.push_back(level_sets(out.structure, alternatives[j],
                                                child_path(child_path(item, "alternatives"), j)));
    out.cure_profiles.push_back(profile);
  }
  out.source_cure_fraction = percent(required_object(cure, "whole_cohort", cure_path), "value",
                                     child_path(cure_path, "whole_cohort"));
  out.source_cohort_n =
      required_finite(required_object(cure, "n", cure_path), "value", child_path(cure_path, "n"));
  out.cure_design_effect = required_finite(required_object(cure, "design_effect", cure_path),
                                           "value", child_path(cure_path, "design_effect"));
  const std::string priors_path = child_path(at, "priors");
  const json& priors = required_object(personalised, "priors", at);
  out.cure_split_prior_std_err = required_finite(required_object(priors, "cure_split", priors_path),
                                                 "std_err", child_path(priors_path, "cure_split"));
  out.cure_effect_prior_std_err =
      required_finite(required_object(priors, "cure_effect", priors_path), "std_err",
                      child_path(priors_path, "cure_effect"));
}

}  // namespace

PersonalisedEvidence read_cure_evidence(const json& evidence, const std::string& evidence_path,
                                        const json& personalised,
                                        const std::string& personalised_path,
                                        const CureShareOverrides& overrides) {
  if (!evidence.is_object())
    refuse_model("invalid_type", "the evidence must be an object", evidence_path);
  if (!personalised.is_object())
    refuse_model("invalid_type", "the transcription must be an object", personalised_path);
  PersonalisedEvidence out;
  read_structure(personalised, personalised_path, evidence, evidence_path, overrides, out);
  read_cohort_and_hazard_ratios(evidence, evidence_path, personalised, personalised_path, out);
  read_cure_profiles(personalised, personalised_path, out);
  return out;
}

}  // namespace nelm::api
