// Cox proportional hazards fit by Newton-Raphson with step-halving, reproducing R survival's
// coxph.fit (R) and coxfit6.c (C): iteration count, convergence rule and monotone-likelihood check.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

#include "numerics/distributions.h"
#include "numerics/sort_order.h"
#include "numerics/tied_times.h"
#include "regression/cox_likelihood.h"
#include "regression/cox_model.h"

namespace nelm {
namespace {

// R's control$toler.chol: .Machine$double.eps^0.75.
const double cholesky_tolerance = std::pow(2.220446049250313e-16, 0.75);

// The declared covariate (and level) behind design column j; a plain column is its own source.
TermSource source_of(const CoxData& data, std::size_t j) {
  if (j < data.term_sources.size()) return data.term_sources[j];
  return {data.covariate_names[j], "", ""};
}

[[noreturn]] void refuse_constant(const TermSource& source, double value, std::size_t rows) {
  char text[32];  // snprintf, not <sstream>: iostream would add ~80 KB to the module
  std::snprintf(text, sizeof text, "%.15g", value);
  const std::string used =
      " rows used, so its effect cannot be estimated; remove it from the model.";
  if (source.level.empty()) {
    throw CoreError("constant_covariate",
                    "Column " + source.covariate + " has the same value (" + text +
                        ") in every one of the " + std::to_string(rows) + used,
                    source.covariate);
  }
  throw CoreError("constant_covariate",
                  "Level \"" + source.level + "\" of column " + source.covariate +
                      " is the same for every one of the " + std::to_string(rows) + used,
                  source.covariate);
}

void validate(const CoxData& data) {
  const std::size_t n = data.survival.size();
  const std::size_t p = data.covariate_names.size();
  if (data.survival.has_entry()) {
    throw CoreError("unsupported",
                    "Cox models with delayed entry (counting-process data) are not "
                    "supported; remove the entry times.");
  }
  if (p == 0) throw CoreError("invalid_input", "A Cox model needs at least one covariate.");
  bool sizes_match = data.covariates.size() == p && data.survival.event.size() == n &&
                     (data.strata.empty() || data.strata.size() == n) &&
                     (data.survival.weight.empty() || data.survival.weight.size() == n);
  for (const auto& column : data.covariates) sizes_match = sizes_match && column.size() == n;
  if (!sizes_match) throw CoreError("invalid_input", "Cox data columns differ in length.");
  for (std::size_t j = 0; j < p; ++j) {
    for (double value : data.covariates[j]) {
      if (!std::isfinite(value)) {
        throw CoreError(
            "invalid_input",
            "Covariate '" + data.covariate_names[j] + "' has a missing or infinite value.",
            data.covariate_names[j]);
      }
    }
  }
  if (std::none_of(data.survival.event.begin(), data.survival.event.end(),
                   [](int event) { return event != 0; })) {
    throw CoreError("no_events", "There are no events, so a Cox model cannot be fitted.");
  }
  for (std::size_t j = 0; j < p; ++j) {
    const auto& column = data.covariates[j];
    if (std::all_of(column.begin(), column.end(), [&](double v) { return v == column[0]; })) {
      refuse_constant(source_of(data, j), column[0], n);
    }
  }
}

// coxph's nocenter = c(-1, 0, 1): such columns (indicators) are neither centred nor scaled.
bool is_indicator(const std::vector<double>& column) {
  return std::all_of(column.begin(), column.end(),
                     [](double v) { return v == -1.0 || v == 0.0 || v == 1.0; });
}

// Sorts once by stratum and time (R's order(strata, time), stable), merges nearly tied times
// (timefix = TRUE) and centres/scales the covariates as coxfit6 does.
CoxDesign build_design(const CoxData& data, const CoxOptions& options) {
  CoxDesign design;
  design.n = data.survival.size();
  design.p = data.covariate_names.size();
  design.efron = options.ties == TiesMethod::efron;
  // A stable sort by time, then by stratum, is R's order(strata, time). Merging near ties keeps
  // the times ascending in that order.
  SortedValues by_time = sort_ascending(data.survival.time);
  merge_nearly_tied_ascending_times(by_time.value);
  auto stratum_of = [&](std::size_t i) { return data.strata.empty() ? 0 : data.strata[i]; };
  if (!data.strata.empty()) by_time = grouped(data.strata, by_time);
  design.row_of = std::move(by_time.order);
  design.time = std::move(by_time.value);
  design.status.resize(design.n);
  design.weight.resize(design.n);
  design.stratum.resize(design.n);
  design.x.resize(design.n * design.p);
  double weight_total = 0;
  for (std::size_t i = 0; i < design.n; ++i) {
    const std::size_t row = design.row_of[i];
    design.status[i] = data.survival.event[row] != 0 ? 1 : 0;
    design.weight[i] = data.survival.weight_of(row);
    design.stratum[i] = stratum_of(row);
    weight_total += design.weight[i];
  }
  design.mean.assign(design.p, 0.0);
  design.scale.assign(design.p, 1.0);
  std::vector<double> sorted(design.n);  // one covariate in design order, read once by row
  for (std::size_t j = 0; j < design.p; ++j) {
    const auto& column = data.covariates[j];
    for (std::size_t i = 0; i < design.n; ++i) sorted[i] = column[design.row_of[i]];
    double& mean = design.mean[j];
    double& scale = design.scale[j];
    if (!is_indicator(column)) {
      for (std::size_t i = 0; i < design.n; ++i) mean += design.weight[i] * sorted[i];
      mean /= weight_total;
      double absolute_deviation = 0;
      for (std::size_t i = 0; i < design.n; ++i) {
        absolute_deviation += design.weight[i] * std::fabs(sorted[i] - mean);
      }
      scale = absolute_deviation > 0 ? weight_total / absolute_deviation : 1.0;
    }
    for (std::size_t i = 0; i < design.n; ++i) {
      design.x[i * design.p + j] = (sorted[i] - mean) * scale;
    }
  }
  return design;
}

// The state coxfit6 returns, still on the scaled covariates.
struct NewtonResult {
  std::vector<double> beta;
  double loglik_null = 0, loglik = 0, score_statistic = 0;
  int score_rank = 0;
  CoxDerivatives final;  // score and information at beta
  int iterations = 0;
  bool converged = false;
};

bool all_finite(const CoxDerivatives& derivatives) {
  if (!std::isfinite(derivatives.loglik)) return false;
  const std::size_t p = derivatives.score.size();
  for (std::size_t i = 0; i < p; ++i) {
    if (!std::isfinite(derivatives.score[i])) return false;
    for (std::size_t j = 0; j < p; ++j) {
      if (!std::isfinite(derivatives.information(i, j))) return false;
    }
  }
  return true;
}

[[noreturn]] void refuse_collinear(const CholeskyFactor& factor, const CoxData& data) {
  std::size_t aliased = 0;
  while (!factor.is_singular_column(aliased)) ++aliased;
  const TermSource source = source_of(data, aliased);
  if (source.level.empty()) {
    throw CoreError(
        "collinear_covariates",
        "Column " + source.covariate +
            " is a linear combination of the other "
            "covariates among the rows used (or does not vary within the strata or risk "
            "sets), so its effect cannot be estimated; remove it or the column it "
            "duplicates.",
        source.covariate);
  }
  throw CoreError("collinear_covariates",
                  "Level \"" + source.level + "\" of column " + source.covariate + " (against \"" +
                      source.reference +
                      "\") is a linear combination of the other covariates "
                      "among the rows used: for example, its patients are exactly those of a "
                      "level of another column, or it does not vary within the strata. Its effect "
                      "cannot be estimated; merge the level with another or remove a column.",
                  source.covariate);
}

// coxfit6.c's main loop: start at beta = 0, a full Newton step each time the loglik improves,
// otherwise step-halving towards the last good beta; converged when |1 - best/new| <= eps.
NewtonResult newton_raphson(const CoxDesign& design, const CoxData& data,
                            const CoxOptions& options) {
  const std::size_t p = design.p;
  NewtonResult result;
  result.beta.assign(p, 0.0);
  result.final = cox_partial_likelihood(design, result.beta);
  result.loglik_null = result.loglik = result.final.loglik;
  const CholeskyFactor null_factor(result.final.information, cholesky_tolerance);
  if (null_factor.rank() < static_cast<int>(p)) refuse_collinear(null_factor, data);
  std::vector<double> step = null_factor.solve(result.final.score);
  for (std::size_t i = 0; i < p; ++i) result.score_statistic += result.final.score[i] * step[i];
  result.score_rank = null_factor.rank();
  if (options.max_iterations <= 0) return result;

  std::vector<double> new_beta(p);
  for (std::size_t i = 0; i < p; ++i) new_beta[i] = result.beta[i] + step[i];
  double halving = 0;
  for (result.iterations = 1; result.iterations <= options.max_iterations; ++result.iterations) {
    CoxDerivatives trial = cox_partial_likelihood(design, new_beta);
    const bool finite = all_finite(trial);
    if (finite && std::fabs(1 - result.loglik / trial.loglik) <= options.epsilon) {
      result.beta = new_beta;
      result.loglik = trial.loglik;
      result.final = std::move(trial);
      result.converged = true;
      return result;
    }
    if (!finite || trial.loglik < result.loglik) {
      halving += 1;  // more aggressive each time it fails
      for (std::size_t i = 0; i < p; ++i) {
        new_beta[i] = (new_beta[i] + halving * result.beta[i]) / (halving + 1.0);
      }
      continue;
    }
    halving = 0;
    result.loglik = trial.loglik;
    step = CholeskyFactor(trial.information, cholesky_tolerance).solve(trial.score);
    result.beta = new_beta;
    for (std::size_t i = 0; i < p; ++i) new_beta[i] += step[i];
  }
  // Ran out of iterations (R's iter is then max_iterations + 1): report the last good beta.
  result.final = cox_partial_likelihood(design, result.beta);
  result.loglik = result.final.loglik;
  return result;
}

CoxTest chi_square_test(double statistic, int df) {
  return CoxTest{statistic, df, df > 0 ? chi_square_upper_tail(statistic, df) : 1.0};
}

// coxph.wtest: b' V^- b with the rank of V (R's Wald and robust score tests).
CoxTest quadratic_form_test(const Matrix& variance, const std::vector<double>& b) {
  const CholeskyFactor factor(variance, cholesky_tolerance);
  const std::vector<double> solved = factor.solve(b);
  double statistic = 0;
  for (std::size_t i = 0; i < b.size(); ++i) statistic += b[i] * solved[i];
  return chi_square_test(statistic, factor.rank());
}

Matrix unscale(const Matrix& scaled, const std::vector<double>& scale) {
  Matrix result(scale.size());
  for (std::size_t i = 0; i < scale.size(); ++i) {
    for (std::size_t j = 0; j < scale.size(); ++j)
      result(i, j) = scaled(i, j) * scale[i] * scale[j];
  }
  return result;
}

// coxph.fit's monotone-likelihood check: infs = |u' V|, flagged when > eps and > sqrt(eps)|beta|.
void flag_infinite_coefficients(const std::vector<double>& score, CoxFit& fit, double epsilon) {
  const std::size_t p = fit.coef.size();
  for (std::size_t j = 0; j < p; ++j) {
    double drift = 0;
    for (std::size_t i = 0; i < p; ++i) drift += score[i] * fit.variance(i, j);
    drift = std::fabs(drift);
    fit.infinite[j] = !std::isfinite(score[j]) ||
                      (drift > epsilon && drift > std::sqrt(epsilon) * std::fabs(fit.coef[j]));
    if (!fit.infinite[j]) continue;
    fit.warnings.push_back({"infinite_coefficient",
                            "The likelihood converged before the coefficient of '" + fit.terms[j] +
                                "' did: it may be infinite (monotone likelihood, "
                                "e.g. a covariate that separates events from non-events), so its "
                                "hazard ratio, confidence interval and p-value are not usable.",
                            fit.terms[j]});
  }
}

void fill_coefficient_table(const CoxOptions& options, CoxFit& fit) {
  const std::size_t p = fit.coef.size();
  const double critical = two_sided_critical_value(options.conf_level);
  fit.se.resize(p), fit.z.resize(p), fit.p.resize(p), fit.hr.resize(p);
  fit.hr_lower.resize(p), fit.hr_upper.resize(p);
  for (std::size_t j = 0; j < p; ++j) {
    fit.se[j] = std::sqrt(fit.variance(j, j));
    fit.z[j] = fit.coef[j] / fit.se[j];
    fit.p[j] = normal_two_sided_p(fit.z[j]);
    fit.hr[j] = std::exp(fit.coef[j]);
    fit.hr_lower[j] = std::exp(fit.coef[j] - critical * fit.se[j]);
    fit.hr_upper[j] = std::exp(fit.coef[j] + critical * fit.se[j]);
  }
}

void add_robust(const CoxDesign& design, const NewtonResult& newton, const CoxOptions& options,
                CoxFit& fit) {
  const std::size_t p = design.p;
  const Matrix scaled_variance =
      CholeskyFactor(newton.final.information, cholesky_tolerance).inverse();
  std::vector<double> residuals = cox_score_residuals(design, newton.beta);
  fit.robust_variance = cox_robust_variance(residuals, p, unscale(scaled_variance, design.scale));
  const double critical = two_sided_critical_value(options.conf_level);
  fit.robust_se.resize(p), fit.robust_hr_lower.resize(p), fit.robust_hr_upper.resize(p);
  for (std::size_t j = 0; j < p; ++j) {
    fit.robust_se[j] = std::sqrt(fit.robust_variance(j, j));
    fit.robust_hr_lower[j] = std::exp(fit.coef[j] - critical * fit.robust_se[j]);
    fit.robust_hr_upper[j] = std::exp(fit.coef[j] + critical * fit.robust_se[j]);
  }
  fit.robust_wald_test = quadratic_form_test(fit.robust_variance, fit.coef);
  // R's rscore: the score test at beta = 0 with the sandwich of the null score residuals.
  residuals = cox_score_residuals(design, std::vector<double>(p, 0.0));
  std::vector<double> null_score(p, 0.0);
  for (std::size_t row = 0; row < design.n; ++row) {
    for (std::size_t j = 0; j < p; ++j) null_score[j] += residuals[row * p + j];
  }
  fit.robust_score_test = quadratic_form_test(cross_product(residuals, p), null_score);
  fit.has_robust = true;
}

}  // namespace

CoxFit cox_fit(const CoxData& data, const CoxOptions& options) {
  validate(data);
  const CoxDesign design = build_design(data, options);
  const NewtonResult newton = newton_raphson(design, data, options);
  const std::size_t p = design.p;
  const CholeskyFactor factor(newton.final.information, cholesky_tolerance);
  if (factor.rank() < static_cast<int>(p)) refuse_collinear(factor, data);

  CoxFit fit;
  fit.terms = data.covariate_names;
  fit.ties = options.ties;
  fit.means = design.mean;
  fit.variance = unscale(factor.inverse(), design.scale);
  fit.coef.resize(p);
  std::vector<double> score(p);
  for (std::size_t j = 0; j < p; ++j) {
    fit.coef[j] = newton.beta[j] * design.scale[j];
    score[j] = newton.final.score[j] / design.scale[j];
  }
  fill_coefficient_table(options, fit);
  fit.loglik = newton.loglik;
  fit.loglik_null = newton.loglik_null;
  const int df = static_cast<int>(p);
  fit.likelihood_ratio_test = chi_square_test(2 * (fit.loglik - fit.loglik_null), df);
  fit.wald_test = quadratic_form_test(fit.variance, fit.coef);
  fit.score_test = chi_square_test(newton.score_statistic, df);
  fit.iterations = newton.iterations;
  fit.converged = newton.converged;
  fit.n = static_cast<double>(design.n);
  fit.n_events = static_cast<double>(std::count(design.status.begin(), design.status.end(), 1));

  fit.infinite.assign(p, false);
  if (!newton.converged && options.max_iterations > 0) {
    fit.warnings.push_back({"not_converged",
                            "The Cox fit ran out of iterations (" +
                                std::to_string(options.max_iterations) +
                                ") before the log-likelihood converged; the estimates are not "
                                "reliable.",
                            ""});
  }
  if (options.max_iterations > 1) flag_infinite_coefficients(score, fit, options.epsilon);

  fit.linear_predictor.assign(design.n, 0.0);
  for (std::size_t i = 0; i < design.n; ++i) {
    double eta = 0;
    for (std::size_t j = 0; j < p; ++j) eta += newton.beta[j] * design.row(i)[j];
    // Indicator columns are not centred internally, but R's linear.predictors are centred on means
    // it reports (0 for them), so the scaled-design eta is exactly R's.
    fit.linear_predictor[design.row_of[i]] = eta;
  }
  if (options.robust) add_robust(design, newton, options, fit);
  return fit;
}

CoxData cox_data_with_design(SurvivalData survival, CovariateDesign design,
                             std::vector<std::size_t> strata) {
  CoxData data;
  data.survival = std::move(survival);
  data.covariate_names = std::move(design.terms);
  data.covariates = std::move(design.columns);
  data.term_sources = std::move(design.sources);
  data.strata = std::move(strata);
  return data;
}

}  // namespace nelm
