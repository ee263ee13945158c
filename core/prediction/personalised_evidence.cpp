// Evidence to targets (stated SE rules) for the personalised cure model; see
// personalised_evidence.h and docs/personalised-model.md for the rules and why.
#include "prediction/personalised_evidence.h"

#include <cmath>
#include <limits>

#include "common/core_error.h"
#include "numerics/distributions.h"
#include "parametric/landmark_fit.h"

namespace nelm {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

double logit(double p) { return std::log(p / (1.0 - p)); }

// A uniform rounding error of half-width h has variance h^2 / 3.
double rounding_variance(double half_width) { return half_width * half_width / 3.0; }

Matrix extended(const Matrix& covariance, std::size_t size) {
  Matrix result(size);
  for (std::size_t a = 0; a < covariance.size(); ++a)
    for (std::size_t b = 0; b < covariance.size(); ++b) result(a, b) = covariance(a, b);
  return result;
}

// Cov(log S_a, log S_b) = Var log S(min(a, b)) (pseudo-Greenwood at the fitted curve), mapped to
// each target's scale by d target / d S (`scale`), plus each printed value's rounding variance.
Matrix cohort_curve_covariance(const PersonalisedEvidence& evidence,
                               const std::vector<LandmarkPoint>& points, const LandmarkFit& curve,
                               const LandmarkUncertainty& pseudo,
                               const std::vector<double>& scale) {
  const std::size_t count = points.size();
  Matrix covariance(count);
  for (std::size_t a = 0; a < count; ++a) {
    for (std::size_t b = 0; b <= a; ++b) {
      const std::size_t earlier = points[a].time <= points[b].time ? a : b;
      const double log_variance = std::pow(pseudo.std_err[earlier] / curve.fitted[earlier], 2);
      covariance(a, b) = covariance(b, a) =
          scale[a] * scale[b] * curve.fitted[a] * curve.fitted[b] * log_variance;
    }
    covariance(a, a) += rounding_variance(
        evidence.cohort_points[a].median ? evidence.median_rounding : evidence.survival_rounding);
  }
  return covariance;
}

// S1: survival points on the probability scale and the median in years, jointly correlated as
// product-limit estimates are (pseudo-Greenwood, landmark_uncertainty), plus rounding.
void add_cohort_curve(const PersonalisedEvidence& evidence, PersonalisedTargets& out) {
  std::vector<LandmarkPoint> points;
  for (const PublishedCurvePoint& point : evidence.cohort_points) {
    const double time = point.median ? point.value : point.time;
    const double survival = point.median ? 0.5 : point.value;
    if (!(time > 0.0) || !(survival > 0.0 && survival < 1.0))
      throw CoreError("invalid_target", "A curve point needs time > 0 and 0 < S < 1.", point.label);
    points.push_back({time, survival});
  }
  const LandmarkFit curve = fit_landmarks(points, CurveFamily::weibull_cure);
  const LandmarkUncertainty pseudo = landmark_fit_uncertainty(points, curve, evidence.cohort);
  out.cohort_curve = curve.curve;
  const Population cohort = cohort_population(evidence.structure);
  const std::size_t first = out.targets.size(), count = points.size();
  std::vector<double> scale(count);  // d target / d S: 1 for S, -1 / f(t) for the median
  for (std::size_t i = 0; i < count; ++i) {
    const PublishedCurvePoint& point = evidence.cohort_points[i];
    EvidenceTarget target;
    target.label = point.label;
    target.source = point.source;
    target.kind = point.median ? TargetKind::marginal_median : TargetKind::marginal_survival;
    target.population = cohort;
    target.time = points[i].time;
    target.value = point.value;
    const double h = 1e-5 * points[i].time;
    const double density = (curve_survival(curve.curve, points[i].time - h) -
                            curve_survival(curve.curve, points[i].time + h)) /
                           (2.0 * h);
    scale[i] = point.median ? -1.0 / density : 1.0;
    out.targets.push_back(target);
    out.role.push_back("cohort_curve");
    out.profile_share.push_back(not_a_number);
    out.derivation.push_back(
        std::string("pseudo-Greenwood SE of S ") + std::to_string(pseudo.std_err[i]) +
        " (n, events, censoring-free period; correlated as product-limit increments)" +
        (point.median ? ", divided by the curve's density at the median" : "") +
        ", plus rounding of the printed value");
  }
  const Matrix block = cohort_curve_covariance(evidence, points, curve, pseudo, scale);
  out.covariance = extended(out.covariance, first + count);
  for (std::size_t a = 0; a < count; ++a) {
    for (std::size_t b = 0; b < count; ++b) out.covariance(first + a, first + b) = block(a, b);
    out.targets[first + a].std_err = std::sqrt(block(a, a));
  }
}

void append(PersonalisedTargets& out, EvidenceTarget target, const std::string& role,
            const std::string& derivation, double share) {
  out.covariance = extended(out.covariance, out.targets.size() + 1);
  const std::size_t i = out.targets.size();
  out.covariance(i, i) = target.std_err * target.std_err;
  out.targets.push_back(std::move(target));
  out.role.push_back(role);
  out.derivation.push_back(derivation);
  out.profile_share.push_back(share);
}

// S2: log HR with se^2 = (|log HR| / z(1 - p/2))^2 (Wald) + (rounding / HR)^2 / 3.
void add_hazard_ratios(const PersonalisedEvidence& evidence, PersonalisedTargets& out) {
  const Population cohort = cohort_population(evidence.structure);
  for (const PublishedHazardRatio& published : evidence.hazard_ratios) {
    if (!(published.hazard_ratio > 0.0) || published.hazard_ratio == 1.0 ||
        !(published.p_value > 0.0 && published.p_value < 1.0))
      throw CoreError("invalid_target", "A hazard ratio needs HR > 0, HR != 1 and 0 < p < 1.",
                      published.label);
    const double log_hr = std::log(published.hazard_ratio);
    const double wald = std::fabs(log_hr) / normal_quantile(1.0 - published.p_value / 2.0);
    const double rounding = evidence.hazard_ratio_rounding / published.hazard_ratio;
    EvidenceTarget target;
    target.label = published.label;
    target.source = published.source;
    target.kind = TargetKind::average_hazard_ratio;
    target.population = cohort;
    target.time = evidence.hazard_ratio_horizon;
    target.factor = published.factor;
    target.level = published.level;
    target.reference_level = published.reference_level;
    target.value = log_hr;
    target.std_err = std::sqrt(wald * wald + rounding_variance(rounding));
    append(out, std::move(target), "hazard_ratio",
           "log HR; SE from the p-value assuming a Wald test (" + std::to_string(wald) +
               ") and the HR's rounding to one decimal",
           not_a_number);
  }
}

// A profile's binomial variance on the logit scale, times the design effect for latent cure.
double cure_logit_variance(double design, double n, double p) {
  return design / (n * p * (1.0 - p));
}

// S4, relative_to_source_cohort: logit pi(profile) - logit pi(cohort) = logit(published) -
// logit(source whole cohort), var = D / (n_j p (1 - p)) + D / (n p0 (1 - p0)), n_j the profile's
// expected share of n. between_profiles: the same against the reference profile instead.
void add_cure_profiles(const PersonalisedEvidence& evidence, PersonalisedTargets& out) {
  const double p0 = evidence.source_cure_fraction, n = evidence.source_cohort_n;
  const double design = evidence.cure_design_effect;
  if (!(p0 > 0.0 && p0 < 1.0) || !(n > 0.0) || !(design > 0.0))
    throw CoreError("invalid_target", "The cure source needs 0 < cure fraction < 1 and n > 0.");
  const bool between =
      evidence.cure_transfer == PersonalisedEvidence::CureTransfer::between_profiles;
  if (between && evidence.cure_reference_profile >= evidence.cure_profiles.size())
    throw CoreError("invalid_target", "The reference profile does not exist.");
  std::vector<Population> populations;
  std::vector<double> shares;
  for (const PublishedCureProfile& published : evidence.cure_profiles) {
    if (!(published.cure_fraction > 0.0 && published.cure_fraction < 1.0))
      throw CoreError("invalid_target", "A cure fraction must lie in (0, 1).", published.label);
    double share = 0.0;
    populations.push_back(population_of_groups(evidence.structure, published.alternatives, &share));
    shares.push_back(share);
  }
  const std::size_t reference = evidence.cure_reference_profile;
  const double reference_p = between ? evidence.cure_profiles[reference].cure_fraction : p0;
  const double reference_variance =
      between ? cure_logit_variance(design, n * shares[reference], reference_p)
              : cure_logit_variance(design, n, p0);
  for (std::size_t j = 0; j < evidence.cure_profiles.size(); ++j) {
    if (between && j == reference) continue;
    const PublishedCureProfile& published = evidence.cure_profiles[j];
    const double p = published.cure_fraction;
    EvidenceTarget target;
    target.label = published.label;
    target.source = published.source;
    target.kind = TargetKind::cure_odds_contrast;
    target.population = populations[j];
    target.reference = between ? populations[reference] : cohort_population(evidence.structure);
    target.value = logit(p) - logit(reference_p);
    target.std_err = std::sqrt(cure_logit_variance(design, n * shares[j], p) + reference_variance);
    append(out, std::move(target), "cure_profile",
           std::string(between ? "cure log odds ratio against the reference profile"
                               : "cure odds relative to the source's whole cohort, applied to "
                                 "this model's own marginal cure fraction") +
               "; SE binomial on the expected sub-sample (" + std::to_string(n * shares[j]) +
               " of " + std::to_string(n) + "), variance times the design effect " +
               std::to_string(design) + " for a latent cure status",
           shares[j]);
  }
}

}  // namespace

double proportional_hazards_cure_split(double cure_fraction) {
  if (!(cure_fraction > 0.0 && cure_fraction < 1.0))
    throw CoreError("invalid_target", "The cure fraction must lie in (0, 1).");
  return -std::log(cure_fraction) / (1.0 - cure_fraction);
}

Population population_of_groups(const CureRegressionStructure& structure,
                                const std::vector<LevelSets>& alternatives, double* cohort_share) {
  std::vector<std::pair<double, Population>> parts;
  double total = 0.0;
  for (const LevelSets& allowed : alternatives) {
    if (allowed.size() != structure.factors.size())
      throw CoreError("invalid_profile", "A described group needs one level set per factor.");
    CovariateMix mix;
    double share = 1.0;
    for (std::size_t f = 0; f < allowed.size(); ++f) {
      const std::vector<double>& cohort = structure.factors[f].proportion;
      if (allowed[f].empty()) {
        mix.push_back(cohort);
        continue;
      }
      std::vector<double> restricted(cohort.size(), 0.0);
      double mass = 0.0;
      for (std::size_t level : allowed[f]) {
        if (level >= cohort.size())
          throw CoreError("invalid_profile", "A group names a level the factor does not have.",
                          structure.factors[f].name);
        restricted[level] = cohort[level];
        mass += cohort[level];
      }
      if (!(mass > 0.0))
        throw CoreError("invalid_profile", "A group allows only levels nobody has.",
                        structure.factors[f].name);
      for (double& value : restricted) value /= mass;
      mix.push_back(restricted);
      share *= mass;
    }
    parts.push_back({share, population_of_mix(structure, mix)});
    total += share;
  }
  if (cohort_share) *cohort_share = total;
  return population_union(parts);
}

PersonalisedTargets personalised_targets(const PersonalisedEvidence& evidence) {
  PersonalisedTargets out;
  add_cohort_curve(evidence, out);
  add_hazard_ratios(evidence, out);
  add_cure_profiles(evidence, out);
  return out;
}

}  // namespace nelm
