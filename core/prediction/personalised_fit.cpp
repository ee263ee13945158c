// The joint, hazard-ratio-led and cure-profile-led fits of the personalised cure model and the
// comparison of the two single-source estimates (see personalised_fit.h).
#include "prediction/personalised_fit.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/core_error.h"
#include "numerics/distributions.h"

namespace nelm {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

std::vector<std::size_t> with_roles(const PersonalisedTargets& all,
                                    const std::vector<std::string>& roles) {
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < all.targets.size(); ++i)
    if (std::find(roles.begin(), roles.end(), all.role[i]) != roles.end()) chosen.push_back(i);
  return chosen;
}

PersonalisedFit fit_subset(const std::string& name, const CureRegressionModel& start,
                           const PersonalisedTargets& all, const std::vector<std::size_t>& chosen,
                           const EvidenceFitOptions& options) {
  std::vector<EvidenceTarget> targets;
  Matrix covariance(chosen.size());
  for (std::size_t a = 0; a < chosen.size(); ++a) {
    targets.push_back(all.targets[chosen[a]]);
    for (std::size_t b = 0; b < chosen.size(); ++b)
      covariance(a, b) = all.covariance(chosen[a], chosen[b]);
  }
  return {name, fit_evidence(start, targets, covariance, options), chosen};
}

// Factors that some target of the given role speaks about.
std::vector<bool> covered_factors(const PersonalisedEvidence& evidence, const std::string& role) {
  std::vector<bool> covered(evidence.structure.factors.size(), false);
  if (role == "hazard_ratio")
    for (const PublishedHazardRatio& hr : evidence.hazard_ratios) covered[hr.factor] = true;
  if (role == "cure_profile")
    for (const PublishedCureProfile& profile : evidence.cure_profiles)
      for (const LevelSets& allowed : profile.alternatives)
        for (std::size_t f = 0; f < allowed.size(); ++f)
          if (!allowed[f].empty() &&
              allowed[f].size() < evidence.structure.factors[f].levels.size())
            covered[f] = true;
  return covered;
}

// Deterministic starts: the covariate-free curve for the baseline; effects with an HR at half
// its log (the other half going to cure), others at half their direction.
std::vector<std::vector<double>> joint_starts(const PersonalisedEvidence& evidence,
                                              const PersonalisedTargets& targets, double split) {
  const CurveParameters& curve = targets.cohort_curve;
  const double cure_logit = std::log(curve.cure_fraction / (1.0 - curve.cure_fraction));
  std::vector<std::vector<double>> starts;
  for (double scale : {0.5, 1.0})
    for (double split_start : {split, 2.5 * split}) {
      std::vector<double> theta = {curve.location, std::log(curve.scale), cure_logit, split_start};
      for (std::size_t k = 0; k < evidence.structure.effects.size(); ++k) {
        double b = scale * evidence.effect_direction[k];
        for (const PublishedHazardRatio& hr : evidence.hazard_ratios)
          if (hr.factor == evidence.structure.effects[k].factor)
            b = scale * std::log(hr.hazard_ratio);
        theta.push_back(b);
      }
      starts.push_back(theta);
    }
  return starts;
}

std::vector<int> directions(const PersonalisedEvidence& evidence) {
  std::vector<int> direction = {0, 0, 0, 1};  // cure_split >= 0: harm lowers the chance of cure
  direction.insert(direction.end(), evidence.effect_direction.begin(),
                   evidence.effect_direction.end());
  return direction;
}

PersonalisedFit joint_fit(const PersonalisedEvidence& evidence, const PersonalisedTargets& targets,
                          double split) {
  const std::vector<std::vector<double>> starts = joint_starts(evidence, targets, split);
  const CureRegressionModel start{evidence.structure, starts.front()};
  EvidenceFitOptions options;
  options.starts.assign(starts.begin() + 1, starts.end());
  options.prior_mean.assign(start.parameters.size(), 0.0);
  options.prior_std_err.assign(start.parameters.size(), not_a_number);
  options.prior_mean[3] =
      std::isnan(evidence.cure_split_prior_mean) ? split : evidence.cure_split_prior_mean;
  options.prior_std_err[3] = evidence.cure_split_prior_std_err;
  options.direction = directions(evidence);
  return fit_subset("joint", start, targets,
                    with_roles(targets, {"cohort_curve", "hazard_ratio", "cure_profile"}), options);
}

PersonalisedFit hazard_ratios_led_fit(const PersonalisedEvidence& evidence,
                                      const PersonalisedTargets& targets, const EvidenceFit& joint,
                                      double split) {
  CureRegressionModel start = joint.model;
  start.parameters[3] = split;
  EvidenceFitOptions options;
  options.fixed.assign(start.parameters.size(), false);
  options.fixed[3] = true;
  const std::vector<bool> covered = covered_factors(evidence, "hazard_ratio");
  const bool alone = evidence.uncovered == PersonalisedEvidence::Uncovered::no_effect;
  for (std::size_t k = 0; k < evidence.structure.effects.size(); ++k)
    if (!covered[evidence.structure.effects[k].factor]) {
      options.fixed[first_effect_parameter + k] = true;
      if (alone) start.parameters[first_effect_parameter + k] = 0.0;
    }
  options.starts = {joint_starts(evidence, targets, split).front()};
  options.direction = directions(evidence);
  return fit_subset("hazard_ratios_led", start, targets,
                    with_roles(targets, {"cohort_curve", "hazard_ratio"}), options);
}

// The profiles' factors act on cure only, freely (weak prior); their timing effects and every
// effect of other factors stay at the joint values.
PersonalisedFit cure_profiles_led_fit(const PersonalisedEvidence& evidence,
                                      const PersonalisedTargets& targets,
                                      const EvidenceFit& joint) {
  const std::vector<bool> covered = covered_factors(evidence, "cure_profile");
  const EffectCoefficients coefficients = effect_coefficients(joint.model);
  CureRegressionModel start;
  start.structure.factors = evidence.structure.factors;
  start.parameters.assign(joint.model.parameters.begin(),
                          joint.model.parameters.begin() + first_effect_parameter);
  std::vector<bool> fixed = {false, false, false, true};
  std::vector<double> prior_std_err(first_effect_parameter, not_a_number);
  std::vector<int> direction = {0, 0, 0, 0};
  const auto add = [&](CureEffect effect, double value, bool free, int sign) {
    start.structure.effects.push_back(std::move(effect));
    start.parameters.push_back(value);
    fixed.push_back(!free);
    prior_std_err.push_back(free ? evidence.cure_effect_prior_std_err : not_a_number);
    direction.push_back(free ? sign : 0);
  };
  const bool alone = evidence.uncovered == PersonalisedEvidence::Uncovered::no_effect;
  for (std::size_t k = 0; k < evidence.structure.effects.size(); ++k) {
    const CureEffect& effect = evidence.structure.effects[k];
    const double b = joint.model.parameters[first_effect_parameter + k];
    if (!covered[effect.factor]) {
      add(effect, alone ? 0.0 : b, false, 0);
      continue;
    }
    if (effect.path != EffectPath::cure_only && !alone) {
      CureEffect timing = effect;
      timing.name += " (timing)";
      timing.path = EffectPath::latency_only;
      add(timing, coefficients.latency_log_hazard_ratio[k], false, 0);
    }
    CureEffect cure = effect;
    cure.name += effect.path == EffectPath::cure_only ? "" : " (cure)";
    cure.path = EffectPath::cure_only;
    add(cure, -coefficients.cure_log_odds[k], true, evidence.effect_direction[k]);
  }
  EvidenceFitOptions options;
  options.fixed = fixed;
  options.prior_mean.assign(start.parameters.size(), 0.0);
  options.prior_std_err = prior_std_err;
  options.direction = direction;
  return fit_subset("cure_profiles_led", start, targets,
                    with_roles(targets, {"cohort_curve", "cure_profile"}), options);
}

// The estimate on the range's symmetric scale and its SE there.
std::pair<double, double> on_scale(const ModelRange& range, RangeScale scale) {
  const double v = range.estimate;
  switch (scale) {
    case RangeScale::log_minus_log:
      return {std::log(-std::log(v)), range.std_err / std::fabs(v * std::log(v))};
    case RangeScale::logit:
      return {std::log(v / (1.0 - v)), range.std_err / (v * (1.0 - v))};
    case RangeScale::log:
      return {std::log(v), range.std_err / v};
    case RangeScale::identity:
      break;
  }
  return {v, range.std_err};
}

}  // namespace

PersonalisedFits fit_personalised_evidence(const PersonalisedEvidence& evidence) {
  if (evidence.effect_direction.size() != evidence.structure.effects.size())
    throw CoreError("invalid_target", "Give one published direction per effect.");
  PersonalisedFits fits;
  fits.targets = personalised_targets(evidence);
  fits.proportional_hazards_split =
      proportional_hazards_cure_split(fits.targets.cohort_curve.cure_fraction);
  fits.joint = joint_fit(evidence, fits.targets, fits.proportional_hazards_split);
  fits.hazard_ratios_led = hazard_ratios_led_fit(evidence, fits.targets, fits.joint.fit,
                                                 fits.proportional_hazards_split);
  fits.cure_profiles_led = cure_profiles_led_fit(evidence, fits.targets, fits.joint.fit);
  return fits;
}

SourceComparison compare_sources(const PersonalisedFits& fits, const ModelQuantity& quantity,
                                 RangeScale scale, double level) {
  const auto range_of = [&](const EvidenceFit& fit) {
    return model_range(quantity(fit.model), fit.covariance, scale, level);
  };
  SourceComparison comparison;
  comparison.joint = range_of(fits.joint.fit);
  comparison.hazard_ratios_led = range_of(fits.hazard_ratios_led.fit);
  comparison.cure_profiles_led = range_of(fits.cure_profiles_led.fit);
  const auto [first, first_se] = on_scale(comparison.hazard_ratios_led, scale);
  const auto [second, second_se] = on_scale(comparison.cure_profiles_led, scale);
  const double z = two_sided_critical_value(level);
  comparison.sources_disagree =
      std::fabs(first - second) > z * std::sqrt(first_se * first_se + second_se * second_se);
  const double hr_estimate = comparison.hazard_ratios_led.estimate;
  const double cure_estimate = comparison.cure_profiles_led.estimate;
  comparison.hazard_ratios_side = !comparison.sources_disagree  ? 0
                                  : hr_estimate < cure_estimate ? -1
                                                                : 1;
  comparison.lower = comparison.joint.lower;
  comparison.upper = comparison.joint.upper;
  if (comparison.sources_disagree) {
    comparison.lower = std::min({comparison.lower, hr_estimate, cure_estimate});
    comparison.upper = std::max({comparison.upper, hr_estimate, cure_estimate});
  }
  return comparison;
}

}  // namespace nelm
