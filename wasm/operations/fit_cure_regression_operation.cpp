// op "fit_cure_regression": the personalised mixture-cure model fitted to the published evidence
// (core/prediction/personalised_fit.h) under one assumed mix of the unpublished inputs; what
// scripts/build-models.mjs writes into the model file, and every target's fitted value for the
// validation table of docs/models.md.
#include <cmath>

#include "api_error.h"
#include "cure_evidence_reader.h"
#include "json_output.h"
#include "model_json_fields.h"
#include "operations.h"
#include "prediction/personalised_fit.h"

namespace nelm::api {
namespace {

const char* path_name(EffectPath path) {
  if (path == EffectPath::cure_only) return "cure_only";
  if (path == EffectPath::latency_only) return "latency_only";
  return "shared";
}

json structure_json(const CureRegressionStructure& structure, const std::vector<int>& direction) {
  json factors = json::array(), effects = json::array();
  for (const CureFactor& factor : structure.factors)
    factors.push_back(
        {{"name", factor.name}, {"levels", factor.levels}, {"proportion", factor.proportion}});
  for (std::size_t k = 0; k < structure.effects.size(); ++k) {
    const CureEffect& effect = structure.effects[k];
    json levels = json::array();
    for (std::size_t level : effect.levels)
      levels.push_back(structure.factors[effect.factor].levels[level]);
    effects.push_back({{"name", effect.name},
                       {"input", structure.factors[effect.factor].name},
                       {"levels", levels},
                       {"path", path_name(effect.path)}});
    if (!direction.empty()) effects.back()["direction"] = direction[k];
  }
  return {{"factors", factors}, {"effects", effects}};
}

json fit_json(const EvidenceFit& fit, bool with_structure) {
  json held = json::array(), warnings = json::array();
  for (std::size_t j = 0; j < fit.held_at_zero.size(); ++j)
    if (fit.held_at_zero[j]) held.push_back(fit.parameter_names[j]);
  for (const Warning& warning : fit.warnings)
    warnings.push_back({{"code", warning.code}, {"message", warning.message}});
  json result = {{"parameter_names", fit.parameter_names},
                 {"parameters", fit.model.parameters},
                 {"covariance", matrix_json(fit.covariance)},
                 {"fixed", fit.fixed},
                 {"held_at_zero", held},
                 {"data_share", numbers_or_null(fit.data_share)},
                 {"objective", fit.objective},
                 {"degrees_of_freedom", fit.degrees_of_freedom},
                 {"converged", fit.converged},
                 {"largest_scaled_gradient", fit.largest_scaled_gradient},
                 {"warnings", warnings}};
  if (with_structure) result["structure"] = structure_json(fit.model.structure, {});
  return result;
}

double inverse_logit(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Every target with the joint fit's value; a cure profile also with its transferred figure
// (its odds relative to the source cohort applied to the joint fit's marginal cure fraction).
json targets_json(const PersonalisedFits& fits) {
  const EvidenceFit& joint = fits.joint.fit;
  const double cohort_cure =
      marginal_cure_fraction(joint.model, cohort_population(joint.model.structure)).value;
  json targets = json::array();
  for (std::size_t i = 0; i < fits.targets.targets.size(); ++i) {
    const EvidenceTarget& target = fits.targets.targets[i];
    json item = {{"label", target.label},
                 {"source", target.source},
                 {"role", fits.targets.role[i]},
                 {"derivation", fits.targets.derivation[i]},
                 {"value", target.value},
                 {"std_err", target.std_err},
                 {"fitted", joint.fitted[i]},
                 {"residual", joint.residual[i]},
                 {"standardised_residual", joint.standardised_residual[i]}};
    if (fits.targets.role[i] == "cure_profile") {
      const double logit_cohort = std::log(cohort_cure / (1.0 - cohort_cure));
      item["profile_share"] = fits.targets.profile_share[i];
      item["transferred"] = inverse_logit(logit_cohort + target.value);
      item["model_cure_fraction"] = inverse_logit(logit_cohort + joint.fitted[i]);
    }
    targets.push_back(std::move(item));
  }
  return targets;
}

CureShareOverrides read_shares(const json& request) {
  CureShareOverrides shares;
  if (!request.contains("shares")) return shares;
  const json& given = required_object(request, "shares", "");
  reject_unknown_members(given, "/shares", {"functional_status", "liver_involvement"});
  if (given.contains("functional_status"))
    shares.functional = required_probability(given, "functional_status", "/shares");
  if (given.contains("liver_involvement"))
    shares.liver_50_or_more = required_probability(given, "liver_involvement", "/shares");
  return shares;
}

}  // namespace

json run_fit_cure_regression(const json& request, Warnings& warnings) {
  reject_unknown_members(request, "", {"op", "evidence", "transcription", "shares"});
  const PersonalisedEvidence evidence = read_cure_evidence(
      required_object(request, "evidence", ""), "/evidence",
      required_object(request, "transcription", ""), "/transcription", read_shares(request));
  const PersonalisedFits fits = fit_personalised_evidence(evidence);
  for (const Warning& warning : fits.joint.fit.warnings) warnings.push_back(warning);
  return {{"structure", structure_json(evidence.structure, evidence.effect_direction)},
          {"proportional_hazards_split", fits.proportional_hazards_split},
          {"joint", fit_json(fits.joint.fit, false)},
          {"hazard_ratios_led", fit_json(fits.hazard_ratios_led.fit, false)},
          {"cure_profiles_led", fit_json(fits.cure_profiles_led.fit, true)},
          {"targets", targets_json(fits)}};
}

}  // namespace nelm::api
