// Pseudo-Greenwood covariance of a landmark fit (see landmark_uncertainty.h and docs/models.md).
//
// 1. Censoring G(t): none before the censoring-free time c, then exponential; the rate solves
//    n [1 - S(c) + integral_c^inf G(t) dF(t)] = published events (bisection on log rate).
// 2. Implied at risk n(t) = n S(t) G(t); Greenwood in continuous form,
//    Var log S(t) = integral_0^t dH(u) / n(u), and Cov(log S(a), log S(b)) = Var log S(min(a, b))
//    because product-limit increments are uncorrelated.
// 3. On the fit's log(-log S) scale Cov(g_a, g_b) = Cov(log S_a, log S_b) / (log S_a log S_b).
// 4. The weighted least-squares estimate moves with the data as A = (J'WJ)^-1 J'W (the residuals
//    are near zero, so the second-order term is negligible): Cov(theta) = A Cov(g) A'.
#include "parametric/landmark_uncertainty.h"

#include <cmath>

#include "common/core_error.h"

namespace nelm {
namespace {

constexpr double step_width = 0.01;  // integration step, in the curve's time unit
constexpr double integration_end = 100.0;

struct Censoring {
  double free_until;
  double rate;
  double survival(double t) const {
    return t <= free_until ? 1.0 : std::exp(-rate * (t - free_until));
  }
};

// Expected events per patient: integral of G dF over (0, infinity), midpoint rule on S steps.
double expected_event_fraction(const CurveParameters& curve, const Censoring& censoring) {
  double total = 0.0, previous = 1.0;
  for (double t = step_width; t <= integration_end + 1e-9; t += step_width) {
    const double current = curve_survival(curve, t);
    total += censoring.survival(t - 0.5 * step_width) * (previous - current);
    previous = current;
  }
  return total;
}

// Var log S(t) = integral_0^t dH(u) / (n S(u) G(u)).
double greenwood_log_variance(const CurveParameters& curve, const Censoring& censoring, double n,
                              double end) {
  double total = 0.0, previous_hazard = 0.0, t = 0.0;
  while (t < end - 1e-12) {
    const double next = std::min(t + step_width, end);
    const double hazard = -std::log(curve_survival(curve, next));
    const double middle = 0.5 * (t + next);
    total += (hazard - previous_hazard) /
             (n * curve_survival(curve, middle) * censoring.survival(middle));
    previous_hazard = hazard;
    t = next;
  }
  return total;
}

Censoring solve_censoring(const CurveParameters& curve, const PublishedCohort& cohort,
                          Warnings& warnings) {
  Censoring censoring{cohort.censoring_free_until, 0.0};
  const double target = cohort.events / cohort.n;
  if (expected_event_fraction(curve, censoring) <= target) {
    warnings.push_back({"events_unreachable",
                        "Even without censoring the fitted curve gives no more events than "
                        "published; censoring after the censoring-free time is taken as none.",
                        ""});
    return censoring;
  }
  double low = std::log(1e-6), high = std::log(1e3);  // log rate; fraction falls as rate rises
  for (int iteration = 0; iteration < 200 && high - low > 1e-12; ++iteration) {
    censoring.rate = std::exp(0.5 * (low + high));
    if (expected_event_fraction(curve, censoring) > target)
      low = 0.5 * (low + high);
    else
      high = 0.5 * (low + high);
  }
  censoring.rate = std::exp(0.5 * (low + high));
  return censoring;
}

}  // namespace

LandmarkUncertainty landmark_fit_uncertainty(const std::vector<LandmarkPoint>& points,
                                             const LandmarkFit& fit,
                                             const PublishedCohort& cohort) {
  if (!(cohort.n > 0.0) || !(cohort.events > 0.0 && cohort.events <= cohort.n) ||
      !(cohort.censoring_free_until >= 0.0)) {
    throw CoreError("invalid_cohort",
                    "The cohort needs n > 0, 0 < events <= n and a censoring-free time >= 0.",
                    "cohort");
  }
  LandmarkUncertainty result;
  const CurveParameters& curve = fit.curve;
  const Censoring censoring = solve_censoring(curve, cohort, result.warnings);
  result.censoring_rate = censoring.rate;
  result.expected_events = cohort.n * expected_event_fraction(curve, censoring);

  const std::size_t count = points.size();
  const std::size_t parameters = curve_parameter_names(curve.family).size();
  std::vector<double> log_variance(count), log_survival(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double survival = curve_survival(curve, points[i].time);
    log_survival[i] = std::log(survival);
    log_variance[i] = greenwood_log_variance(curve, censoring, cohort.n, points[i].time);
    result.at_risk.push_back(cohort.n * survival * censoring.survival(points[i].time));
    result.std_err.push_back(survival * std::sqrt(log_variance[i]));
  }
  // Cov of the published points on the log(-log) scale, and the fit's Jacobian there.
  std::vector<std::vector<double>> data_covariance(count, std::vector<double>(count));
  std::vector<std::vector<double>> jacobian(count);
  for (std::size_t a = 0; a < count; ++a) {
    for (std::size_t b = 0; b < count; ++b) {
      const double shared = points[a].time <= points[b].time ? log_variance[a] : log_variance[b];
      data_covariance[a][b] = shared / (log_survival[a] * log_survival[b]);
    }
    const double survival = std::exp(log_survival[a]);
    jacobian[a] = curve_survival_gradient(curve, points[a].time);
    for (double& value : jacobian[a]) value /= survival * log_survival[a];
  }
  Matrix normal(parameters);
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t j = 0; j < parameters; ++j)
      for (std::size_t k = 0; k < parameters; ++k)
        normal(j, k) += fit.weight[i] * jacobian[i][j] * jacobian[i][k];
  const Matrix normal_inverse = CholeskyFactor(normal, 1e-12).inverse();
  // A = (J'WJ)^-1 J'W, one row per parameter.
  std::vector<std::vector<double>> sensitivity(parameters, std::vector<double>(count, 0.0));
  for (std::size_t j = 0; j < parameters; ++j)
    for (std::size_t i = 0; i < count; ++i)
      for (std::size_t k = 0; k < parameters; ++k)
        sensitivity[j][i] += normal_inverse(j, k) * jacobian[i][k] * fit.weight[i];
  result.covariance = Matrix(parameters);
  for (std::size_t j = 0; j < parameters; ++j)
    for (std::size_t k = 0; k < parameters; ++k)
      for (std::size_t a = 0; a < count; ++a)
        for (std::size_t b = 0; b < count; ++b)
          result.covariance(j, k) += sensitivity[j][a] * data_covariance[a][b] * sensitivity[k][b];
  // Exactly symmetric whatever the rounding order (wasm and native may differ in the last bit).
  for (std::size_t j = 0; j < parameters; ++j)
    for (std::size_t k = 0; k < j; ++k)
      result.covariance(j, k) = result.covariance(k, j) =
          0.5 * (result.covariance(j, k) + result.covariance(k, j));
  for (const LandmarkPoint& point : points) {
    result.fitted_std_err.push_back(
        curve_survival_estimate(curve, point.time, result.covariance).se);
  }
  return result;
}

}  // namespace nelm
