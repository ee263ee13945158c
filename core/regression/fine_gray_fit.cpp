// The Fine-Gray fit: Newton-Raphson with step-halving on the weighted partial likelihood of the
// finegray data, as R's coxph (agreg.fit / agfit4.c, the same iteration rules as coxfit6), then
// the model-based and sandwich variances, the tests and the baseline for predictions.
#include <algorithm>
#include <cmath>
#include <string>

#include "numerics/distributions.h"
#include "regression/fine_gray.h"
#include "regression/fine_gray_design.h"

namespace nelm {
namespace {

const double cholesky_tolerance = std::pow(2.220446049250313e-16, 0.75);  // R's toler.chol

void validate(const FineGrayData& data, const FineGrayOptions& options) {
  const std::size_t n = data.survival.size(), p = data.covariate_names.size();
  if (data.survival.has_entry()) {
    throw CoreError("unsupported", "the Fine-Gray model here takes no delayed entry times");
  }
  bool sizes_match = n > 0 && p > 0 && data.covariates.size() == p &&
                     data.survival.event.size() == n &&
                     (!data.survival.has_weight() || data.survival.weight.size() == n);
  for (const auto& column : data.covariates) sizes_match = sizes_match && column.size() == n;
  sizes_match = sizes_match && std::all_of(data.survival.weight.begin(), data.survival.weight.end(),
                                           [](double w) { return w > 0.0; });
  if (!sizes_match || options.cause < 1) {
    throw CoreError("invalid_input",
                    "Fine-Gray data need rows, covariates of equal length, weights > 0 and a "
                    "cause >= 1");
  }
  if (std::none_of(data.survival.event.begin(), data.survival.event.end(),
                   [&](int code) { return code == options.cause; })) {
    throw CoreError("no_events", "no event of cause " + std::to_string(options.cause) +
                                     " was observed, so its subdistribution hazard cannot be "
                                     "modelled");
  }
  for (std::size_t j = 0; j < p; ++j) {
    const auto& column = data.covariates[j];
    if (std::all_of(column.begin(), column.end(), [&](double v) { return v == column[0]; })) {
      throw CoreError("constant_covariate",
                      "Covariate '" + data.covariate_names[j] +
                          "' has the same value for every subject, so its effect cannot be "
                          "estimated; remove it.",
                      data.covariate_names[j]);
    }
  }
}

[[noreturn]] void refuse_collinear(const CholeskyFactor& factor, const FineGrayData& data) {
  std::size_t aliased = 0;
  while (!factor.is_singular_column(aliased)) ++aliased;
  const std::string& name = data.covariate_names[aliased];
  throw CoreError("collinear_covariates",
                  "Covariate '" + name +
                      "' is a linear combination of the other covariates (or "
                      "does not vary within the risk sets), so its effect cannot be estimated; "
                      "remove it.",
                  name);
}

bool all_finite(const FineGrayDerivatives& d) {
  if (!std::isfinite(d.loglik)) return false;
  for (std::size_t i = 0; i < d.score.size(); ++i) {
    if (!std::isfinite(d.score[i])) return false;
    for (std::size_t j = 0; j < d.score.size(); ++j) {
      if (!std::isfinite(d.information(i, j))) return false;
    }
  }
  return true;
}

struct NewtonResult {
  std::vector<double> beta;
  double loglik_null = 0, loglik = 0, score_statistic = 0;
  FineGrayDerivatives final;
  int iterations = 0;
  bool converged = false;
};

// coxfit6 / agfit4: a full Newton step while the loglik improves, else step-halving towards the
// last good beta; converged when |1 - best / new| <= eps.
NewtonResult newton_raphson(const FineGrayDesign& design, const FineGrayData& data,
                            const FineGrayOptions& options) {
  const std::size_t p = design.p;
  NewtonResult result;
  result.beta.assign(p, 0.0);
  result.final = fine_gray_partial_likelihood(design, result.beta);
  result.loglik_null = result.loglik = result.final.loglik;
  const CholeskyFactor null_factor(result.final.information, cholesky_tolerance);
  if (null_factor.rank() < static_cast<int>(p)) refuse_collinear(null_factor, data);
  std::vector<double> step = null_factor.solve(result.final.score);
  for (std::size_t i = 0; i < p; ++i) result.score_statistic += result.final.score[i] * step[i];
  std::vector<double> new_beta(p);
  for (std::size_t i = 0; i < p; ++i) new_beta[i] = step[i];
  double halving = 0;
  for (result.iterations = 1; result.iterations <= options.max_iterations; ++result.iterations) {
    FineGrayDerivatives trial = fine_gray_partial_likelihood(design, new_beta);
    const bool finite = all_finite(trial);
    if (finite && std::fabs(1 - result.loglik / trial.loglik) <= options.epsilon) {
      result.beta = new_beta;
      result.loglik = trial.loglik;
      result.final = std::move(trial);
      result.converged = true;
      return result;
    }
    if (!finite || trial.loglik < result.loglik) {
      halving += 1;
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
  result.final = fine_gray_partial_likelihood(design, result.beta);
  result.loglik = result.final.loglik;
  return result;
}

CoxTest chi_square_test(double statistic, int df) {
  return CoxTest{statistic, df, df > 0 ? chi_square_upper_tail(statistic, df) : 1.0};
}

// coxph.wtest: b' V^- b on the rank of V.
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

Matrix sandwich(const Matrix& variance, const Matrix& middle) {
  const std::size_t p = variance.size();
  Matrix left(p), result(p);
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < p; ++j) {
      for (std::size_t k = 0; k < p; ++k) left(i, j) += variance(i, k) * middle(k, j);
    }
  }
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < p; ++j) {
      for (std::size_t k = 0; k < p; ++k) result(i, j) += left(i, k) * variance(k, j);
    }
  }
  return result;
}

// The middle of the sandwich, sum of residual outer products, for either clustering.
Matrix residual_outer(const FineGrayDesign& design, const std::vector<double>& beta,
                      FineGrayCluster cluster, std::vector<double>* score_sum) {
  const std::size_t p = design.p;
  Matrix rows(p), subjects(p);
  const std::vector<double> residuals =
      fine_gray_score_residuals(design, beta, cluster == FineGrayCluster::row ? &rows : nullptr);
  if (score_sum != nullptr) score_sum->assign(p, 0.0);
  for (std::size_t i = 0; i < design.n; ++i) {
    const double* u = residuals.data() + i * p;
    for (std::size_t a = 0; a < p; ++a) {
      if (score_sum != nullptr) (*score_sum)[a] += u[a];
      for (std::size_t b = 0; b < p; ++b) subjects(a, b) += u[a] * u[b];
    }
  }
  return cluster == FineGrayCluster::row ? rows : subjects;
}

void fill_robust(const FineGrayDesign& design, const NewtonResult& newton,
                 const FineGrayOptions& options, FineGrayFit& fit) {
  const std::size_t p = design.p;
  fit.has_robust = true;
  fit.cluster = options.cluster;
  fit.robust_variance =
      sandwich(fit.variance, residual_outer(design, newton.beta, options.cluster, nullptr));
  const double critical = two_sided_critical_value(options.conf_level);
  for (std::size_t j = 0; j < p; ++j) {
    const double se = std::sqrt(fit.robust_variance(j, j));
    fit.robust_se.push_back(se);
    fit.robust_z.push_back(fit.coef[j] / se);
    fit.robust_p.push_back(normal_two_sided_p(fit.coef[j] / se));
    fit.robust_hr_lower.push_back(std::exp(fit.coef[j] - critical * se));
    fit.robust_hr_upper.push_back(std::exp(fit.coef[j] + critical * se));
  }
  fit.robust_wald_test = quadratic_form_test(fit.robust_variance, fit.coef);
  // R's rscore: the score test at beta = 0 with the sandwich of the null residuals.
  std::vector<double> null_score;
  const Matrix null_outer =
      residual_outer(design, std::vector<double>(p, 0.0), options.cluster, &null_score);
  fit.robust_score_test = quadratic_form_test(null_outer, null_score);
}

void fill_coefficients(const FineGrayDesign& design, const NewtonResult& newton,
                       const FineGrayOptions& options, FineGrayFit& fit) {
  const std::size_t p = design.p;
  const double critical = two_sided_critical_value(options.conf_level);
  fit.infinite.assign(p, false);
  for (std::size_t j = 0; j < p; ++j) {
    fit.coef.push_back(newton.beta[j] * design.scale[j]);
    const double se = std::sqrt(fit.variance(j, j));
    fit.se.push_back(se);
    fit.z.push_back(fit.coef[j] / se);
    fit.p.push_back(normal_two_sided_p(fit.coef[j] / se));
    fit.hr.push_back(std::exp(fit.coef[j]));
    fit.hr_lower.push_back(std::exp(fit.coef[j] - critical * se));
    fit.hr_upper.push_back(std::exp(fit.coef[j] + critical * se));
  }
  // agreg.fit's monotone-likelihood check: |u' V| > eps and > sqrt(eps) |beta|.
  if (options.max_iterations <= 1) return;
  for (std::size_t j = 0; j < p; ++j) {
    double drift = 0;
    for (std::size_t i = 0; i < p; ++i) {
      drift += newton.final.score[i] / design.scale[i] * fit.variance(i, j);
    }
    drift = std::fabs(drift);
    fit.infinite[j] =
        !std::isfinite(newton.final.score[j]) ||
        (drift > options.epsilon && drift > std::sqrt(options.epsilon) * std::fabs(fit.coef[j]));
    if (!fit.infinite[j]) continue;
    fit.warnings.push_back({"infinite_coefficient",
                            "The likelihood converged before the coefficient of '" + fit.terms[j] +
                                "' did: it may be infinite (monotone likelihood), so its "
                                "subdistribution hazard ratio, interval and p-value are not "
                                "usable.",
                            fit.terms[j]});
  }
}

// Subjects, events, and the rows finegray() would build: one per subject, plus one per interval
// with an event of interest after a competing subject's first cut.
void count_rows(const FineGrayDesign& design, FineGrayFit& fit) {
  std::vector<double> kept_after(design.cut_count, 0.0);
  for (std::size_t k = design.cut_count - 1; k-- > 0;) {
    kept_after[k] = kept_after[k + 1] + (design.cut_kept[k + 1] ? 1.0 : 0.0);
  }
  fit.n = static_cast<double>(design.n);
  fit.finegray_rows = fit.n;
  for (std::size_t g = 0; g < design.groups(); ++g) {
    for (std::size_t i = design.group_begin[g]; i < design.group_begin[g + 1]; ++i) {
      if (design.kind[i] == FineGrayKind::event) fit.n_events += 1;
      if (design.kind[i] != FineGrayKind::competing) continue;
      fit.n_competing += 1;
      fit.finegray_rows += kept_after[design.group_cut[g]];
    }
  }
}

}  // namespace

FineGrayFit fine_gray_fit(const FineGrayData& data, const FineGrayOptions& options) {
  validate(data, options);
  const FineGrayDesign design = fine_gray_design(data, options);
  const NewtonResult newton = newton_raphson(design, data, options);
  const CholeskyFactor factor(newton.final.information, cholesky_tolerance);
  if (factor.rank() < static_cast<int>(design.p)) refuse_collinear(factor, data);

  FineGrayFit fit;
  fit.terms = data.covariate_names;
  fit.cause = options.cause;
  fit.ties = options.ties;
  fit.means = design.mean;
  fit.variance = unscale(factor.inverse(), design.scale);
  fill_coefficients(design, newton, options, fit);
  fit.loglik = newton.loglik;
  fit.loglik_null = newton.loglik_null;
  const int df = static_cast<int>(design.p);
  fit.likelihood_ratio_test = chi_square_test(2 * (fit.loglik - fit.loglik_null), df);
  fit.wald_test = quadratic_form_test(fit.variance, fit.coef);
  fit.score_test = chi_square_test(newton.score_statistic, df);
  fit.iterations = newton.iterations;
  fit.converged = newton.converged;
  if (!newton.converged && options.max_iterations > 0) {
    fit.warnings.push_back({"not_converged",
                            "The Fine-Gray fit ran out of iterations (" +
                                std::to_string(options.max_iterations) +
                                ") before the log-likelihood converged; the estimates are not "
                                "reliable.",
                            ""});
  }
  count_rows(design, fit);
  if (options.robust) fill_robust(design, newton, options, fit);
  fit.baseline = fine_gray_baseline(design, newton.beta);
  return fit;
}

}  // namespace nelm
