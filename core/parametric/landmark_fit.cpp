// Weighted least squares of a parametric curve to published landmark points on the log(-log S)
// scale, by Levenberg-Marquardt from several deterministic starts.
#include "parametric/landmark_fit.h"

#include <algorithm>
#include <cmath>

#include "numerics/distributions.h"

namespace nelm {
namespace {

double complementary_log_log(double survival) { return std::log(-std::log(survival)); }

struct Problem {
  CurveFamily family;
  std::vector<double> time, target, root_weight;  // target = log(-log S published)
};

// r_i = sqrt(w_i) (log(-log S_fit(t_i)) - target_i); false when a fitted S leaves (0, 1).
bool residuals(const Problem& problem, const std::vector<double>& parameters,
               std::vector<double>& residual) {
  const CurveParameters curve = curve_from_unconstrained(problem.family, parameters);
  residual.resize(problem.time.size());
  for (std::size_t i = 0; i < problem.time.size(); ++i) {
    const double survival = curve_survival(curve, problem.time[i]);
    if (!(survival > 0.0 && survival < 1.0)) return false;
    residual[i] = problem.root_weight[i] * (complementary_log_log(survival) - problem.target[i]);
  }
  return true;
}

double sum_of_squares(const std::vector<double>& values) {
  double total = 0.0;
  for (double v : values) total += v * v;
  return total;
}

struct Solution {
  std::vector<double> parameters;
  double sse = std::numeric_limits<double>::infinity();
  bool converged = false;
};

// Levenberg-Marquardt (Marquardt's diagonal scaling) with the analytic Jacobian
// d log(-log S)/d theta = (dS/d theta) / (S log S).
Solution levenberg_marquardt(const Problem& problem, std::vector<double> parameters) {
  Solution solution;
  std::vector<double> residual;
  if (!residuals(problem, parameters, residual)) return solution;
  double sse = sum_of_squares(residual);
  const std::size_t p = parameters.size(), n = problem.time.size();
  double damping = 1e-3;
  bool converged = false;
  for (int iteration = 0; iteration < 500 && !converged; ++iteration) {
    const CurveParameters curve = curve_from_unconstrained(problem.family, parameters);
    Matrix normal(p);
    std::vector<double> gradient(p, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const double survival = curve_survival(curve, problem.time[i]);
      std::vector<double> row = curve_survival_gradient(curve, problem.time[i]);
      for (double& value : row) value *= problem.root_weight[i] / (survival * std::log(survival));
      for (std::size_t j = 0; j < p; ++j) {
        gradient[j] -= row[j] * residual[i];
        for (std::size_t k = 0; k < p; ++k) normal(j, k) += row[j] * row[k];
      }
    }
    bool improved = false;
    while (!improved && damping < 1e16) {
      Matrix damped = normal;
      for (std::size_t j = 0; j < p; ++j) damped(j, j) += damping * std::max(normal(j, j), 1e-12);
      const std::vector<double> step = CholeskyFactor(damped, 1e-14).solve(gradient);
      std::vector<double> trial = parameters, trial_residual;
      for (std::size_t j = 0; j < p; ++j) trial[j] += step[j];
      if (residuals(problem, trial, trial_residual) && sum_of_squares(trial_residual) < sse) {
        const double trial_sse = sum_of_squares(trial_residual);
        converged = sse - trial_sse <= 1e-14 * sse || trial_sse < 1e-26;
        parameters = trial;
        residual = trial_residual;
        sse = trial_sse;
        damping = std::max(damping / 10.0, 1e-12);
        improved = true;
      } else {
        damping *= 10.0;
      }
    }
    // No step improves the SSE any more: a minimum to rounding (exact fits end here too).
    if (!improved) converged = true;
  }
  solution.parameters = parameters;
  solution.sse = sse;
  solution.converged = converged;
  return solution;
}

// The family's linearising transform g(S) = (log t - mu)/sigma.
double linearised(CurveFamily family, double survival) {
  if (family == CurveFamily::lognormal) return -normal_quantile(survival);
  if (family == CurveFamily::loglogistic) return std::log((1.0 - survival) / survival);
  return complementary_log_log(survival);
}

// Start: weighted regression of g(S) on log t (exact for noiseless points); a single point or a
// non-increasing fit falls back to sigma = 1.
std::vector<double> linear_start(CurveFamily family, const std::vector<double>& time,
                                 const std::vector<double>& survival,
                                 const std::vector<double>& weight) {
  double total = 0.0, mean_x = 0.0, mean_y = 0.0, sxx = 0.0, sxy = 0.0;
  for (std::size_t i = 0; i < time.size(); ++i) {
    total += weight[i];
    mean_x += weight[i] * std::log(time[i]);
    mean_y += weight[i] * linearised(family, survival[i]);
  }
  mean_x /= total;
  mean_y /= total;
  for (std::size_t i = 0; i < time.size(); ++i) {
    const double dx = std::log(time[i]) - mean_x, dy = linearised(family, survival[i]) - mean_y;
    sxx += weight[i] * dx * dx;
    sxy += weight[i] * dx * dy;
  }
  double slope = sxx > 0.0 ? sxy / sxx : 0.0;
  if (family == CurveFamily::exponential || !(slope > 0.05)) slope = 1.0;
  const double location = mean_x - mean_y / slope;
  if (family == CurveFamily::exponential) return {location};
  return {location, -std::log(slope)};
}

// Starts: the linearised fit; for the cure curve a grid of cure fractions below the smallest
// published S, each with the Weibull fitted to (S - pi)/(1 - pi).
std::vector<std::vector<double>> starting_values(CurveFamily family,
                                                 const std::vector<LandmarkPoint>& points,
                                                 const std::vector<double>& weight) {
  std::vector<double> time, survival;
  for (const auto& point : points) {
    time.push_back(point.time);
    survival.push_back(point.survival);
  }
  if (family != CurveFamily::weibull_cure) return {linear_start(family, time, survival, weight)};
  std::vector<std::vector<double>> starts;
  const double smallest = *std::min_element(survival.begin(), survival.end());
  for (int k = 0; k < 8; ++k) {
    const double pi = k == 0 ? 1e-3 : smallest * k / 8.0;
    std::vector<double> latency;
    for (double s : survival) latency.push_back((s - pi) / (1.0 - pi));
    const auto weibull = linear_start(CurveFamily::weibull, time, latency, weight);
    starts.push_back({std::log(pi / (1.0 - pi)), weibull[0], weibull[1]});
  }
  return starts;
}

// Weights 1/SE^2 with SE = (half-width of the CI on the log(-log) scale)/z; a one-sided CI (a
// bound at 0 or 1) uses its finite half. Points without a CI get the median weight of those with
// one, or 1 when no point has a CI.
std::vector<double> landmark_weights(const std::vector<LandmarkPoint>& points, double conf_level) {
  const double z = two_sided_critical_value(conf_level);
  std::vector<double> weight(points.size(), std::numeric_limits<double>::quiet_NaN()), known;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const LandmarkPoint& point = points[i];
    if (std::isnan(point.lower) || std::isnan(point.upper)) continue;
    const double centre = complementary_log_log(point.survival);
    double half_width = 0.0;
    if (point.lower > 0.0 && point.upper < 1.0)
      half_width = 0.5 * (complementary_log_log(point.lower) - complementary_log_log(point.upper));
    else if (point.lower > 0.0)
      half_width = complementary_log_log(point.lower) - centre;
    else if (point.upper < 1.0)
      half_width = centre - complementary_log_log(point.upper);
    if (!(half_width > 0.0)) continue;
    weight[i] = (z * z) / (half_width * half_width);
    known.push_back(weight[i]);
  }
  double fill = 1.0;
  if (!known.empty()) {
    std::sort(known.begin(), known.end());
    const std::size_t middle = known.size() / 2;
    fill = known.size() % 2 == 1 ? known[middle] : 0.5 * (known[middle - 1] + known[middle]);
  }
  for (double& w : weight)
    if (std::isnan(w)) w = fill;
  return weight;
}

void validate(const std::vector<LandmarkPoint>& points, std::size_t parameter_count) {
  if (points.size() < parameter_count)
    throw CoreError(
        "too_few_points",
        "This curve needs at least " + std::to_string(parameter_count) + " landmark points.",
        "points");
  for (const auto& point : points) {
    if (!(point.time > 0.0) || !(point.survival > 0.0 && point.survival < 1.0))
      throw CoreError("invalid_landmark", "Landmarks need time > 0 and 0 < S < 1.", "points");
    const bool has_lower = !std::isnan(point.lower), has_upper = !std::isnan(point.upper);
    if (has_lower != has_upper ||
        (has_lower && !(point.lower >= 0.0 && point.lower <= point.survival &&
                        point.upper >= point.survival && point.upper <= 1.0)))
      throw CoreError("invalid_landmark", "A landmark CI needs 0 <= lower <= S <= upper <= 1.",
                      "points");
  }
}

}  // namespace

LandmarkFit fit_landmarks(const std::vector<LandmarkPoint>& points, CurveFamily family,
                          double conf_level) {
  const std::size_t parameter_count = curve_parameter_names(family).size();
  validate(points, parameter_count);
  LandmarkFit fit;
  fit.weight = landmark_weights(points, conf_level);
  Problem problem{family, {}, {}, {}};
  for (std::size_t i = 0; i < points.size(); ++i) {
    problem.time.push_back(points[i].time);
    problem.target.push_back(complementary_log_log(points[i].survival));
    problem.root_weight.push_back(std::sqrt(fit.weight[i]));
  }
  Solution best;
  for (const auto& start : starting_values(family, points, fit.weight)) {
    const Solution candidate = levenberg_marquardt(problem, start);
    if (candidate.sse < best.sse) best = candidate;
  }
  if (!std::isfinite(best.sse))
    throw CoreError("landmark_fit_failed", "No curve of this family could be fitted to the points.",
                    "points");
  fit.curve = curve_from_unconstrained(family, best.parameters);
  fit.weighted_sse = best.sse;
  fit.converged = best.converged;
  fit.max_abs_residual = 0.0;
  for (const auto& point : points) {
    fit.fitted.push_back(curve_survival(fit.curve, point.time));
    fit.residual.push_back(fit.fitted.back() - point.survival);
    fit.max_abs_residual = std::max(fit.max_abs_residual, std::fabs(fit.residual.back()));
  }
  if (!fit.converged)
    fit.warnings.push_back({"not_converged", "The landmark fit did not converge.", ""});
  if (points.size() == parameter_count)
    fit.warnings.push_back({"exact_fit",
                            "As many parameters as points: the curve interpolates them and the "
                            "residuals say nothing about fit.",
                            ""});
  return fit;
}

}  // namespace nelm
