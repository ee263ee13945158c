// The standard error distributions W of the AFT model log T = mu + sigma W (extreme value,
// normal, logistic) with the log density / log survival and their first two derivatives in w,
// as survreg's C code (survreg6.c, dist.c) uses them for Newton-Raphson.
#pragma once

namespace nelm {

// survreg's four distributions; exponential is the extreme-value W with sigma fixed at 1.
enum class ParametricFamily { exponential, weibull, lognormal, loglogistic };

// A log contribution l(w) with dl/dw and d2l/dw2.
struct LogContribution {
  double value;
  double first;
  double second;
};

// log f_W(w) of an observed event (without the -log sigma - log t Jacobian).
LogContribution standard_log_density(ParametricFamily family, double w);
// log S_W(w) of a right-censored observation.
LogContribution standard_log_survival(ParametricFamily family, double w);
// S_W(w) = P(W > w), accurate in the upper tail.
double standard_survival(ParametricFamily family, double w);
// The w with P(W <= w) = probability, 0 < probability < 1.
double standard_quantile(ParametricFamily family, double probability);

}  // namespace nelm
