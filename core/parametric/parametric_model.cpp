// survreg's maximum-likelihood fit: Newton-Raphson on (b, log sigma) with step halving, stopping
// on a relative loglik change <= epsilon, as in R survival's survreg.fit / survreg6.c.
#include "parametric/parametric_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "numerics/distributions.h"

namespace nelm {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

struct Design {
  std::vector<std::vector<double>> columns;  // the intercept column first
  std::vector<double> log_time, weight;
  std::vector<int> event;
  bool scale_is_free = true;
};

struct LikelihoodState {
  double loglik = -std::numeric_limits<double>::infinity();
  std::vector<double> gradient;
  Matrix information;  // minus the Hessian
};

// Loglik, gradient and observed information in (b_0..b_{p-1}[, log sigma]) for the first
// `coefficient_count` design columns. Per row, with z = (log t - eta) / sigma and l(z) the log
// density (event) or log survival (censored): dl/deta = -l'/sigma, dl/dlog sigma = -l' z - event.
LikelihoodState evaluate(const Design& design, ParametricFamily family,
                         std::size_t coefficient_count, const std::vector<double>& parameters) {
  const std::size_t dimension = coefficient_count + (design.scale_is_free ? 1 : 0);
  const double log_sigma = design.scale_is_free ? parameters[coefficient_count] : 0.0;
  const double sigma = std::exp(log_sigma);
  LikelihoodState state;
  state.loglik = 0.0;
  state.gradient.assign(dimension, 0.0);
  state.information = Matrix(dimension);
  std::vector<double> eta_derivative(dimension);
  for (std::size_t i = 0; i < design.log_time.size(); ++i) {
    double eta = 0.0;
    for (std::size_t j = 0; j < coefficient_count; ++j) eta += design.columns[j][i] * parameters[j];
    const double z = (design.log_time[i] - eta) / sigma;
    const bool is_event = design.event[i] != 0;
    const LogContribution l =
        is_event ? standard_log_density(family, z) : standard_log_survival(family, z);
    const double w = design.weight[i];
    state.loglik += w * (is_event ? l.value - log_sigma - design.log_time[i] : l.value);
    // Second derivatives: d2/deta2 = l''/sigma^2, d2/deta dlogsigma = (l'' z + l')/sigma,
    // d2/dlogsigma2 = l'' z^2 + l' z.
    for (std::size_t j = 0; j < coefficient_count; ++j) {
      const double x = design.columns[j][i];
      state.gradient[j] += -w * l.first / sigma * x;
      eta_derivative[j] = x;
    }
    for (std::size_t j = 0; j < coefficient_count; ++j)
      for (std::size_t k = 0; k <= j; ++k)
        state.information(j, k) -=
            w * l.second / (sigma * sigma) * eta_derivative[j] * eta_derivative[k];
    if (design.scale_is_free) {
      const std::size_t s = coefficient_count;
      state.gradient[s] += w * (-l.first * z - (is_event ? 1.0 : 0.0));
      for (std::size_t j = 0; j < coefficient_count; ++j)
        state.information(s, j) -= w * (l.second * z + l.first) / sigma * eta_derivative[j];
      state.information(s, s) -= w * (l.second * z * z + l.first * z);
    }
  }
  for (std::size_t j = 0; j < dimension; ++j)
    for (std::size_t k = 0; k < j; ++k) state.information(k, j) = state.information(j, k);
  if (!std::isfinite(state.loglik)) state.loglik = -std::numeric_limits<double>::infinity();
  return state;
}

// The Newton step information^-1 gradient; far from the optimum the information may not be
// positive definite, and then a growing ridge (Levenberg) makes the step an ascent direction.
std::vector<double> newton_step(const LikelihoodState& state) {
  const std::size_t n = state.gradient.size();
  double largest = 1.0;
  for (std::size_t j = 0; j < n; ++j)
    largest = std::max(largest, std::fabs(state.information(j, j)));
  for (double ridge = 0.0; ridge < 1e12 * largest;
       ridge = ridge == 0.0 ? 1e-8 * largest : ridge * 10) {
    Matrix damped = state.information;
    for (std::size_t j = 0; j < n; ++j) damped(j, j) += ridge;
    const CholeskyFactor factor(damped, 1e-10);
    bool positive = factor.is_non_negative_definite() && factor.rank() == static_cast<int>(n);
    for (std::size_t j = 0; j < n && positive; ++j) positive = damped(j, j) > 0.0;
    if (positive) return factor.solve(state.gradient);
  }
  return std::vector<double>(n, 0.0);
}

struct NewtonResult {
  std::vector<double> parameters;
  LikelihoodState state;
  int iterations = 0;
  bool converged = false;
};

NewtonResult newton_raphson(const Design& design, ParametricFamily family,
                            std::size_t coefficient_count, std::vector<double> parameters,
                            const ParametricOptions& options) {
  NewtonResult result;
  LikelihoodState state = evaluate(design, family, coefficient_count, parameters);
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    result.iterations = iteration;
    const std::vector<double> step = newton_step(state);
    // Step halving (survreg6.c): a step that lowers the loglik is halved until it does not.
    double fraction = 1.0;
    std::vector<double> trial(parameters.size());
    LikelihoodState trial_state;
    for (int halving = 0; halving < 40; ++halving, fraction /= 2) {
      for (std::size_t j = 0; j < parameters.size(); ++j)
        trial[j] = parameters[j] + fraction * step[j];
      trial_state = evaluate(design, family, coefficient_count, trial);
      if (trial_state.loglik >= state.loglik) break;
    }
    if (!(trial_state.loglik >= state.loglik)) break;  // no ascent possible: at the optimum
    const double change = std::fabs(1.0 - state.loglik / trial_state.loglik);
    parameters = trial;
    state = trial_state;
    if (change <= options.epsilon) {
      result.converged = true;
      break;
    }
  }
  if (!result.converged) {
    // A halving loop that can no longer improve means we sit at the optimum to rounding.
    const std::vector<double> step = newton_step(state);
    double size = 0.0;
    for (double s : step) size = std::max(size, std::fabs(s));
    result.converged = size < 1e-6;
  }
  result.parameters = parameters;
  result.state = state;
  return result;
}

// Refusals the fit discovers: no events, a constant covariate, or covariates that are linear
// combinations of each other (rank of the standardised cross-product, R's cholesky2 rule).
void check_design(const ParametricData& data, const Design& design) {
  double events = 0.0;
  for (std::size_t i = 0; i < design.event.size(); ++i)
    if (design.event[i] != 0) events += design.weight[i];
  if (events <= 0.0)
    throw CoreError("no_events", "There are no events: a parametric model cannot be fitted.");
  const std::size_t p = data.covariates.size();
  std::vector<std::vector<double>> standardised(p);
  double total_weight = 0.0;
  for (double w : design.weight) total_weight += w;
  for (std::size_t j = 0; j < p; ++j) {
    const std::vector<double>& x = data.covariates[j];
    double mean = 0.0, sum_squares = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) mean += design.weight[i] * x[i] / total_weight;
    for (std::size_t i = 0; i < x.size(); ++i)
      sum_squares += design.weight[i] * (x[i] - mean) * (x[i] - mean);
    const double spread = std::sqrt(sum_squares / total_weight);
    if (!(spread > 1e-12 * std::max(1.0, std::fabs(mean))))
      throw CoreError("constant_covariate",
                      "Covariate " + data.covariate_names[j] + " does not vary.",
                      data.covariate_names[j]);
    for (std::size_t i = 0; i < x.size(); ++i) standardised[j].push_back((x[i] - mean) / spread);
  }
  Matrix cross_product(p);
  for (std::size_t j = 0; j < p; ++j)
    for (std::size_t k = 0; k < p; ++k)
      for (std::size_t i = 0; i < design.weight.size(); ++i)
        cross_product(j, k) += design.weight[i] * standardised[j][i] * standardised[k][i];
  const CholeskyFactor factor(cross_product, 1e-9);
  for (std::size_t j = 0; j < p; ++j)
    if (factor.is_singular_column(j))
      throw CoreError(
          "collinear_covariates",
          "Covariate " + data.covariate_names[j] + " is a linear combination of the others.",
          data.covariate_names[j]);
}

Design make_design(const ParametricData& data, ParametricFamily family) {
  const SurvivalData& survival = data.survival;
  if (survival.has_entry())
    throw CoreError("delayed_entry_not_supported",
                    "Parametric models here do not support delayed entry.", "entry");
  Design design;
  design.scale_is_free = family != ParametricFamily::exponential;
  design.columns.push_back(std::vector<double>(survival.size(), 1.0));
  for (const auto& column : data.covariates) design.columns.push_back(column);
  for (std::size_t i = 0; i < survival.size(); ++i) {
    if (!(survival.time[i] > 0.0))
      throw CoreError("non_positive_time", "Parametric models need every time to be positive.",
                      "time");
    design.log_time.push_back(std::log(survival.time[i]));
    design.event.push_back(survival.event[i] != 0 ? 1 : 0);
    design.weight.push_back(survival.weight_of(i));
  }
  check_design(data, design);
  return design;
}

// Intercept-only start: mean and SD of log t (survreg also fits the intercept-only model first).
std::vector<double> null_start(const Design& design) {
  double total = 0.0, mean = 0.0, sum_squares = 0.0;
  for (std::size_t i = 0; i < design.log_time.size(); ++i) {
    total += design.weight[i];
    mean += design.weight[i] * design.log_time[i];
  }
  mean /= total;
  for (std::size_t i = 0; i < design.log_time.size(); ++i)
    sum_squares += design.weight[i] * (design.log_time[i] - mean) * (design.log_time[i] - mean);
  const double spread = std::sqrt(sum_squares / total);
  std::vector<double> start{mean};
  if (design.scale_is_free) start.push_back(spread > 1e-3 ? std::log(spread) : 0.0);
  return start;
}

void fill_weibull_ph(ParametricFit& fit) {
  fit.weibull_ph.shape = not_a_number;
  if (fit.family != ParametricFamily::weibull && fit.family != ParametricFamily::exponential)
    return;
  fit.weibull_ph.shape = 1.0 / fit.scale;
  for (std::size_t j = 1; j < fit.coef.size(); ++j) {
    fit.weibull_ph.log_hr.push_back(-fit.coef[j] / fit.scale);
    fit.weibull_ph.hr.push_back(std::exp(-fit.coef[j] / fit.scale));
  }
}

}  // namespace

ParametricFit parametric_fit(const ParametricData& data, const ParametricOptions& options) {
  const Design design = make_design(data, options.family);
  const std::size_t p = design.columns.size();
  // 1. The intercept-only model gives loglik_null and the starting values of the full model.
  const NewtonResult null_fit =
      newton_raphson(design, options.family, 1, null_start(design), options);
  std::vector<double> start(p, 0.0);
  start[0] = null_fit.parameters[0];
  if (design.scale_is_free) start.push_back(null_fit.parameters[1]);
  // 2. The full model.
  const NewtonResult full =
      p == 1 ? null_fit : newton_raphson(design, options.family, p, start, options);

  ParametricFit fit;
  fit.family = options.family;
  fit.terms.push_back("(Intercept)");
  for (const auto& name : data.covariate_names) fit.terms.push_back(name);
  fit.variance_names = fit.terms;
  if (design.scale_is_free) fit.variance_names.push_back("Log(scale)");
  const CholeskyFactor factor(full.state.information, 1e-10);
  if (!factor.is_non_negative_definite() ||
      factor.rank() != static_cast<int>(full.state.gradient.size()))
    throw CoreError("singular_information",
                    "The information matrix of the parametric fit is singular: the model is not "
                    "identifiable, or a covariate is on a scale far from the others (e.g. 1e12); "
                    "rescale such a covariate.");
  fit.variance = factor.inverse();
  for (std::size_t j = 0; j < p; ++j) {
    fit.coef.push_back(full.parameters[j]);
    fit.se.push_back(std::sqrt(fit.variance(j, j)));
  }
  fit.log_scale = design.scale_is_free ? full.parameters[p] : not_a_number;
  fit.log_scale_se = design.scale_is_free ? std::sqrt(fit.variance(p, p)) : not_a_number;
  fit.scale = design.scale_is_free ? std::exp(fit.log_scale) : 1.0;
  fit.loglik = full.state.loglik;
  fit.loglik_null = null_fit.state.loglik;
  const int df = static_cast<int>(p) - 1;
  const double statistic = 2.0 * (fit.loglik - fit.loglik_null);
  fit.likelihood_ratio_test = {statistic, df,
                               df > 0 ? chi_square_upper_tail(statistic, df) : not_a_number};
  fill_weibull_ph(fit);
  fit.iterations = full.iterations;
  fit.converged = full.converged && null_fit.converged;
  fit.n = 0.0;
  fit.n_events = 0.0;
  for (std::size_t i = 0; i < design.weight.size(); ++i) {
    fit.n += design.weight[i];
    fit.n_events += design.event[i] * design.weight[i];
  }
  if (!fit.converged)
    fit.warnings.push_back({"not_converged",
                            "The parametric fit did not converge in " +
                                std::to_string(options.max_iterations) + " iterations.",
                            ""});
  return fit;
}

// predict.survreg(type = "quantile", se.fit = TRUE): t_p = exp(x'b + sigma w_p); its SE is the
// delta method on the log scale with gradient (x, sigma w_p) in (b, log sigma), times t_p.
ParametricPrediction parametric_predict(const ParametricFit& fit,
                                        const std::vector<double>& profile,
                                        const std::vector<double>& quantile_probabilities,
                                        const std::vector<double>& times) {
  if (profile.size() + 1 != fit.coef.size())
    throw CoreError("profile_size_mismatch", "The profile must give one value per covariate.",
                    "profile");
  ParametricPrediction prediction;
  std::vector<double> x{1.0};
  x.insert(x.end(), profile.begin(), profile.end());
  prediction.linear_predictor = 0.0;
  for (std::size_t j = 0; j < x.size(); ++j) prediction.linear_predictor += x[j] * fit.coef[j];
  const bool scale_is_free = fit.variance.size() > x.size();
  for (double probability : quantile_probabilities) {
    const double w = standard_quantile(fit.family, probability);
    const double log_time = prediction.linear_predictor + fit.scale * w;
    std::vector<double> gradient = x;
    if (scale_is_free) gradient.push_back(fit.scale * w);
    double variance = 0.0;
    for (std::size_t j = 0; j < gradient.size(); ++j)
      for (std::size_t k = 0; k < gradient.size(); ++k)
        variance += gradient[j] * fit.variance(j, k) * gradient[k];
    prediction.quantile_probability.push_back(probability);
    prediction.quantile_time.push_back(std::exp(log_time));
    prediction.quantile_se.push_back(std::sqrt(variance) * std::exp(log_time));
  }
  for (double t : times) {
    prediction.time.push_back(t);
    prediction.surv.push_back(
        t > 0.0
            ? standard_survival(fit.family, (std::log(t) - prediction.linear_predictor) / fit.scale)
            : 1.0);
  }
  return prediction;
}

}  // namespace nelm
