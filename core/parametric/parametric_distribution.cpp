// Log density and log survival of survreg's standard error distributions, with derivatives in w,
// following R survival's survreg6.c / survregDtest.c (extreme value, logistic, gaussian).
#include "parametric/parametric_distribution.h"

#include <cmath>

#include "numerics/distributions.h"

namespace nelm {
namespace {

constexpr double log_root_two_pi = 0.91893853320467274178;

// log(1 + e^w) without overflow.
double softplus(double w) { return w > 0 ? w + std::log1p(std::exp(-w)) : std::log1p(std::exp(w)); }

// P(W <= w) for the logistic, symmetric to keep precision in both tails.
double logistic_cdf(double w) {
  return w >= 0 ? 1.0 / (1.0 + std::exp(-w)) : std::exp(w) / (1.0 + std::exp(w));
}

// Mills ratio phi(w) / Q(w) and log Q(w); beyond w = 30 Q underflows relative accuracy, so the
// asymptotic series (Abramowitz & Stegun 26.2.12) is used there.
void normal_upper_tail_terms(double w, double& log_tail, double& mills_ratio) {
  if (w < 30.0) {
    const double tail = normal_upper_tail(w);
    log_tail = std::log(tail);
    mills_ratio = normal_density(w) / tail;
    return;
  }
  const double inverse_square = 1.0 / (w * w);
  const double series = 1.0 - inverse_square + 3.0 * inverse_square * inverse_square;
  log_tail = -0.5 * w * w - log_root_two_pi - std::log(w) + std::log(series);
  mills_ratio = w / series;
}

}  // namespace

LogContribution standard_log_density(ParametricFamily family, double w) {
  switch (family) {
    case ParametricFamily::exponential:
    case ParametricFamily::weibull: {
      const double exp_w = std::exp(w);
      return {w - exp_w, 1.0 - exp_w, -exp_w};
    }
    case ParametricFamily::lognormal:
      return {-0.5 * w * w - log_root_two_pi, -w, -1.0};
    case ParametricFamily::loglogistic: {
      const double cdf = logistic_cdf(w);
      return {w - 2.0 * softplus(w), 1.0 - 2.0 * cdf, -2.0 * cdf * (1.0 - cdf)};
    }
  }
  return {NAN, NAN, NAN};
}

LogContribution standard_log_survival(ParametricFamily family, double w) {
  switch (family) {
    case ParametricFamily::exponential:
    case ParametricFamily::weibull: {
      const double exp_w = std::exp(w);
      return {-exp_w, -exp_w, -exp_w};
    }
    case ParametricFamily::lognormal: {
      double log_tail = 0.0, mills_ratio = 0.0;
      normal_upper_tail_terms(w, log_tail, mills_ratio);
      // d/dw log Q = -h, and dh/dw = h (h - w).
      return {log_tail, -mills_ratio, -mills_ratio * (mills_ratio - w)};
    }
    case ParametricFamily::loglogistic: {
      const double cdf = logistic_cdf(w);
      return {-softplus(w), -cdf, -cdf * (1.0 - cdf)};
    }
  }
  return {NAN, NAN, NAN};
}

double standard_survival(ParametricFamily family, double w) {
  switch (family) {
    case ParametricFamily::exponential:
    case ParametricFamily::weibull:
      return std::exp(-std::exp(w));
    case ParametricFamily::lognormal:
      return normal_upper_tail(w);
    case ParametricFamily::loglogistic:
      return logistic_cdf(-w);
  }
  return NAN;
}

double standard_quantile(ParametricFamily family, double probability) {
  switch (family) {
    case ParametricFamily::exponential:
    case ParametricFamily::weibull:
      return std::log(-std::log1p(-probability));
    case ParametricFamily::lognormal:
      return normal_quantile(probability);
    case ParametricFamily::loglogistic:
      return std::log(probability) - std::log1p(-probability);
  }
  return NAN;
}

}  // namespace nelm
