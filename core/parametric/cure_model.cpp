// Maximum likelihood for the Weibull mixture-cure model on (logit pi, mu, log sigma): analytic
// loglik and gradient, Newton-Raphson with step halving, Hessian by central differences of the
// analytic gradient, several deterministic starts.
#include "parametric/cure_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "parametric/parametric_model.h"

namespace nelm {
namespace {

constexpr double minus_infinity = -std::numeric_limits<double>::infinity();

double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

// Loglik and its gradient. Per row, with z = (log t - mu)/sigma, e = exp(z), S_u = exp(-e):
// event: log(1 - pi) + z - e - log sigma - log t; censored: log(pi + (1 - pi) S_u).
double loglik_and_gradient(const SurvivalData& data, const std::vector<double>& parameters,
                           std::vector<double>* gradient) {
  const double logit = parameters[0], mu = parameters[1], log_sigma = parameters[2];
  const double sigma = std::exp(log_sigma);
  const double pi = 1.0 / (1.0 + std::exp(-logit));
  double loglik = 0.0;
  double g[3] = {0.0, 0.0, 0.0};
  for (std::size_t i = 0; i < data.size(); ++i) {
    const double w = data.weight_of(i), log_t = std::log(data.time[i]);
    const double z = (log_t - mu) / sigma, e = std::exp(z);
    if (data.event[i] != 0) {
      loglik += w * (-softplus(logit) + z - e - log_sigma - log_t);
      g[0] += w * -pi;
      g[1] += w * (e - 1.0) / sigma;
      g[2] += w * (z * (e - 1.0) - 1.0);
    } else {
      const double latency = std::exp(-e);
      const double total = pi + (1.0 - pi) * latency;
      loglik += w * std::log(total);
      g[0] += w * pi * (1.0 - pi) * (1.0 - latency) / total;
      g[1] += w * (1.0 - pi) * latency * e / sigma / total;
      g[2] += w * (1.0 - pi) * latency * e * z / total;
    }
  }
  if (gradient) gradient->assign(g, g + 3);
  return std::isfinite(loglik) ? loglik : minus_infinity;
}

// Observed information: minus the central-difference derivative of the analytic gradient.
Matrix observed_information(const SurvivalData& data, const std::vector<double>& parameters) {
  Matrix information(3);
  std::vector<double> up, down;
  for (std::size_t k = 0; k < 3; ++k) {
    const double h = 1e-5 * std::max(1.0, std::fabs(parameters[k]));
    std::vector<double> shifted = parameters;
    shifted[k] = parameters[k] + h;
    loglik_and_gradient(data, shifted, &up);
    shifted[k] = parameters[k] - h;
    loglik_and_gradient(data, shifted, &down);
    for (std::size_t j = 0; j < 3; ++j) information(j, k) = -(up[j] - down[j]) / (2.0 * h);
  }
  for (std::size_t j = 0; j < 3; ++j)
    for (std::size_t k = 0; k < j; ++k)
      information(j, k) = information(k, j) = 0.5 * (information(j, k) + information(k, j));
  return information;
}

// Newton step, with a growing ridge where the information is not positive definite.
std::vector<double> ascent_step(const Matrix& information, const std::vector<double>& gradient) {
  double largest = 1.0;
  for (std::size_t j = 0; j < 3; ++j) largest = std::max(largest, std::fabs(information(j, j)));
  for (double ridge = 0.0; ridge < 1e12 * largest;
       ridge = ridge == 0.0 ? 1e-8 * largest : ridge * 10) {
    Matrix damped = information;
    for (std::size_t j = 0; j < 3; ++j) damped(j, j) += ridge;
    const CholeskyFactor factor(damped, 1e-12);
    if (factor.is_non_negative_definite() && factor.rank() == 3) return factor.solve(gradient);
  }
  return {0.0, 0.0, 0.0};
}

struct Ascent {
  std::vector<double> parameters;
  double loglik = minus_infinity;
  int iterations = 0;
  bool converged = false;
};

Ascent maximise(const SurvivalData& data, std::vector<double> parameters,
                const CureFitOptions& options) {
  Ascent result;
  std::vector<double> gradient;
  double loglik = loglik_and_gradient(data, parameters, &gradient);
  for (int iteration = 1; iteration <= options.max_iterations && std::isfinite(loglik);
       ++iteration) {
    result.iterations = iteration;
    const std::vector<double> step = ascent_step(observed_information(data, parameters), gradient);
    std::vector<double> trial(3);
    double trial_loglik = minus_infinity;
    for (double fraction = 1.0; fraction > 1e-12; fraction /= 2) {
      for (std::size_t j = 0; j < 3; ++j)
        trial[j] = parameters[j] + fraction * std::clamp(step[j], -5.0, 5.0);
      trial_loglik = loglik_and_gradient(data, trial, nullptr);
      if (trial_loglik >= loglik) break;
    }
    if (!(trial_loglik >= loglik)) {
      result.converged = true;  // no ascent left: at the optimum to rounding
      break;
    }
    const double change = std::fabs(1.0 - loglik / trial_loglik);
    parameters = trial;
    loglik = loglik_and_gradient(data, parameters, &gradient);
    if (change <= options.epsilon) {
      result.converged = true;
      break;
    }
  }
  result.parameters = parameters;
  result.loglik = loglik;
  return result;
}

// The Kaplan-Meier value after the last time: a natural first guess for the cure fraction.
double kaplan_meier_tail(const SurvivalData& data) {
  std::vector<std::size_t> order(data.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return data.time[a] < data.time[b] ||
           (data.time[a] == data.time[b] && data.event[a] > data.event[b]);
  });
  double at_risk = 0.0, survival = 1.0;
  for (std::size_t i = 0; i < data.size(); ++i) at_risk += data.weight_of(i);
  for (std::size_t i : order) {
    if (data.event[i] != 0 && at_risk > 0) survival *= 1.0 - data.weight_of(i) / at_risk;
    at_risk -= data.weight_of(i);
  }
  return survival;
}

}  // namespace

double cure_model_loglik(const SurvivalData& data, const std::vector<double>& parameters) {
  return loglik_and_gradient(data, parameters, nullptr);
}

CureFit cure_model_fit(const SurvivalData& data, const CureFitOptions& options) {
  if (data.has_entry())
    throw CoreError("delayed_entry_not_supported", "The cure model does not support delayed entry.",
                    "entry");
  CureFit fit;
  fit.n = fit.n_events = 0.0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (!(data.time[i] > 0.0))
      throw CoreError("non_positive_time", "The cure model needs every time to be positive.",
                      "time");
    fit.n += data.weight_of(i);
    fit.n_events += data.event[i] != 0 ? data.weight_of(i) : 0.0;
  }
  if (fit.n_events <= 0.0)
    throw CoreError("no_events", "There are no events: a cure model cannot be fitted.");
  // Deterministic starts: the Weibull fit ignoring cure for the latency, and cure fractions from
  // the Kaplan-Meier tail, a small and a large guess; the best loglik wins.
  ParametricData weibull_data;
  weibull_data.survival = data;
  const ParametricFit weibull = parametric_fit(weibull_data);
  const double tail = std::clamp(kaplan_meier_tail(data), 0.02, 0.9);
  const double logit_tail = std::log(tail / (1.0 - tail));
  const std::vector<std::vector<double>> starts = {
      {logit_tail, weibull.coef[0], weibull.log_scale},
      {logit_tail, weibull.coef[0] - 1.0, weibull.log_scale},
      {std::log(0.05 / 0.95), weibull.coef[0], weibull.log_scale},
      {0.0, weibull.coef[0] - 0.5, weibull.log_scale}};
  Ascent best;
  for (const auto& start : starts) {
    const Ascent candidate = maximise(data, start, options);
    if (candidate.loglik > best.loglik) best = candidate;
  }
  fit.curve = curve_from_unconstrained(CurveFamily::weibull_cure, best.parameters);
  fit.loglik = best.loglik;
  fit.iterations = best.iterations;
  fit.converged = best.converged;
  if (!fit.converged)
    fit.warnings.push_back({"not_converged", "The cure model fit did not converge.", ""});
  if (fit.curve.cure_fraction < 1e-4 || fit.curve.cure_fraction > 1.0 - 1e-4)
    fit.warnings.push_back({"cure_fraction_at_boundary",
                            "The estimated cure fraction is at 0 or 1; its interval is unreliable.",
                            ""});
  const CholeskyFactor factor(observed_information(data, best.parameters), 1e-12);
  if (!factor.is_non_negative_definite() || factor.rank() != 3)
    throw CoreError("singular_information",
                    "The information matrix of the cure model is singular: the cure fraction is "
                    "not identifiable from these data.");
  fit.variance = factor.inverse();
  return fit;
}

}  // namespace nelm
