// Cox proportional hazards fit: chooses R survival's fitting routine for the data and ties
// (coxph.fit, agreg.fit, coxexact.fit, agexact.fit), runs Newton-Raphson with its rules, and
// builds the coefficient table, tests, monotone-likelihood check and robust variance as coxph.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

#include "numerics/distributions.h"
#include "regression/cox_likelihood.h"
#include "regression/cox_model.h"
#include "regression/cox_newton.h"

namespace nelm {
namespace {

NewtonRules rules_for(const CoxData& data, TiesMethod ties) {
  const bool counting = data.survival.has_entry();
  if (ties == TiesMethod::exact) return counting ? NewtonRules::agexact : NewtonRules::coxexact;
  return counting ? NewtonRules::agfit4 : NewtonRules::coxfit6;
}

CoxEvaluation evaluation_for(const CoxDesign& design, TiesMethod ties) {
  if (design.counting()) {
    return [&design, ties](const std::vector<double>& beta) {
      return cox_counting_partial_likelihood(design, beta, ties);
    };
  }
  if (ties == TiesMethod::exact) {
    return [&design](const std::vector<double>& beta) {
      return cox_exact_partial_likelihood(design, beta);
    };
  }
  return
      [&design](const std::vector<double>& beta) { return cox_partial_likelihood(design, beta); };
}

[[noreturn]] void refuse_collinear(const CholeskyFactor& factor, const CoxData& data) {
  std::size_t aliased = 0;
  while (!factor.is_singular_column(aliased)) ++aliased;
  const TermSource source = cox_term_source(data, aliased);
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

CoxTest chi_square_test(double statistic, int df) {
  return CoxTest{statistic, df, df > 0 ? chi_square_upper_tail(statistic, df) : 1.0};
}

// coxph.wtest: b' V^- b with the rank of V (R's Wald and robust score tests).
CoxTest quadratic_form_test(const Matrix& variance, const std::vector<double>& b) {
  const CholeskyFactor factor(variance, cox_cholesky_tolerance());
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

bool is_indicator(const std::vector<double>& column) {
  return std::all_of(column.begin(), column.end(),
                     [](double v) { return v == -1.0 || v == 0.0 || v == 1.0; });
}

// coxexact.fit standardises with scale(): column sd (n - 1), 1 for -1/0/1 columns.
double column_sd(const std::vector<double>& column) {
  if (is_indicator(column) || column.size() < 2) return 1.0;
  const double mean =
      std::accumulate(column.begin(), column.end(), 0.0) / static_cast<double>(column.size());
  double squares = 0;
  for (double v : column) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(column.size() - 1));
}

// The monotone-likelihood check after the fit, drift_j = |(U'V)_j| at the final beta:
// coxph.fit, coxexact.fit and agexact.fit flag drift > eps and drift > sqrt(eps)|beta| (coxexact
// on its sd-standardised scale, where drift is sd_j times larger); agreg.fit flags a non-finite
// score or drift > sqrt(eps)(1 + |beta|).
void flag_infinite_coefficients(const std::vector<double>& score, const CoxData& data,
                                NewtonRules rules, double epsilon, CoxFit& fit) {
  const std::size_t p = fit.coef.size();
  for (std::size_t j = 0; j < p; ++j) {
    double drift = 0;
    for (std::size_t i = 0; i < p; ++i) drift += score[i] * fit.variance(i, j);
    drift = std::fabs(drift);
    const double tolerance = std::sqrt(epsilon);
    if (rules == NewtonRules::agfit4) {
      fit.infinite[j] =
          !std::isfinite(score[j]) || drift > tolerance * (1 + std::fabs(fit.coef[j]));
    } else {
      const double scaled =
          rules == NewtonRules::coxexact ? drift * column_sd(data.covariates[j]) : drift;
      fit.infinite[j] = !std::isfinite(score[j]) ||
                        (scaled > epsilon && drift > tolerance * std::fabs(fit.coef[j]));
    }
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

std::vector<double> score_residuals(const CoxDesign& design, const std::vector<double>& beta,
                                    TiesMethod ties) {
  // R's agexact.fit labels its fit "coxph", so residuals.coxph takes Breslow's score residuals.
  if (design.counting()) {
    return cox_counting_score_residuals(design, beta, ties == TiesMethod::efron);
  }
  return cox_score_residuals(design, beta);
}

// Residual rows per cluster (R's collapse = cluster), or per row without clusters.
std::vector<double> clustered(const CoxDesign& design, const CoxData& data,
                              std::vector<double> residuals) {
  if (data.cluster.empty()) return residuals;
  const std::size_t clusters = *std::max_element(data.cluster.begin(), data.cluster.end()) + 1;
  return collapse_by_cluster(design, residuals, data.cluster, clusters);
}

void add_robust(const CoxDesign& design, const CoxData& data, const NewtonResult& newton,
                const CoxOptions& options, CoxFit& fit) {
  if (options.ties == TiesMethod::exact && !design.counting()) {
    throw CoreError("unsupported",
                    "R has no score residuals for exact ties, so no robust "
                    "variance: use Efron's approximation for a robust variance.");
  }
  const std::size_t p = design.p;
  const Matrix scaled_variance =
      CholeskyFactor(newton.final.information, cox_cholesky_tolerance()).inverse();
  std::vector<double> residuals =
      clustered(design, data, score_residuals(design, newton.beta, options.ties));
  fit.robust_clusters = residuals.size() / p;
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
  residuals =
      clustered(design, data, score_residuals(design, std::vector<double>(p, 0.0), options.ties));
  std::vector<double> null_score(p, 0.0);
  for (std::size_t row = 0; row < residuals.size() / p; ++row) {
    for (std::size_t j = 0; j < p; ++j) null_score[j] += residuals[row * p + j];
  }
  fit.robust_score_test = quadratic_form_test(cross_product(residuals, p), null_score);
  fit.has_robust = true;
}

// R's fit$means and fit$linear.predictors: coxph.fit centres on its weighted means (the design's),
// the other routines on plain column means; -1/0/1 columns are not centred.
void fill_means_and_predictor(const CoxDesign& design, const CoxData& data,
                              const NewtonResult& newton, NewtonRules rules, CoxFit& fit) {
  const std::size_t p = design.p, n = design.n;
  fit.means = design.mean;
  fit.linear_predictor.assign(n, 0.0);
  if (rules == NewtonRules::coxfit6) {
    for (std::size_t i = 0; i < n; ++i) {
      double eta = 0;
      for (std::size_t j = 0; j < p; ++j) eta += newton.beta[j] * design.row(i)[j];
      fit.linear_predictor[design.row_of[i]] = eta;
    }
    return;
  }
  for (std::size_t j = 0; j < p; ++j) {
    const auto& column = data.covariates[j];
    fit.means[j] = is_indicator(column) ? 0.0
                                        : std::accumulate(column.begin(), column.end(), 0.0) /
                                              static_cast<double>(n);
    for (std::size_t row = 0; row < n; ++row) {
      fit.linear_predictor[row] += (column[row] - fit.means[j]) * fit.coef[j];
    }
  }
}

void fill_tests(const NewtonResult& newton, CoxFit& fit) {
  const int df = static_cast<int>(fit.coef.size());
  fit.loglik = newton.loglik;
  fit.loglik_null = newton.loglik_null;
  fit.likelihood_ratio_test = chi_square_test(2 * (fit.loglik - fit.loglik_null), df);
  fit.wald_test = quadratic_form_test(fit.variance, fit.coef);
  fit.score_test = chi_square_test(newton.score_statistic, df);
  fit.iterations = newton.iterations;
  fit.converged = newton.converged;
}

}  // namespace

CoxFit cox_fit(const CoxData& data, const CoxOptions& options) {
  validate_cox_data(data, options);
  const CoxDesign design = build_cox_design(data, options);
  const NewtonRules rules = rules_for(data, options.ties);
  const NewtonResult newton =
      cox_newton_raphson(evaluation_for(design, options.ties), design.p, rules, options,
                         [&](const CholeskyFactor& factor) { refuse_collinear(factor, data); });
  const std::size_t p = design.p;
  const CholeskyFactor factor(newton.final.information, cox_cholesky_tolerance());
  if (factor.rank() < static_cast<int>(p)) refuse_collinear(factor, data);

  CoxFit fit;
  fit.terms = data.covariate_names;
  fit.ties = options.ties;
  fit.counting_process = design.counting();
  fit.variance = unscale(factor.inverse(), design.scale);
  fit.coef.resize(p);
  std::vector<double> score(p);
  for (std::size_t j = 0; j < p; ++j) {
    fit.coef[j] = newton.beta[j] * design.scale[j];
    score[j] = newton.final.score[j] / design.scale[j];
  }
  fill_coefficient_table(options, fit);
  fill_tests(newton, fit);
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
  if (options.max_iterations > 1) {
    flag_infinite_coefficients(score, data, rules, options.epsilon, fit);
  }
  fill_means_and_predictor(design, data, newton, rules, fit);
  if (options.robust) add_robust(design, data, newton, options, fit);
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
