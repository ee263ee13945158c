// Weighted nonlinear least squares of the cure regression to published summaries (see
// evidence_fit.h): objective r'Wr + sum ((theta_j - m_j) / s_j)^2, Levenberg-Marquardt with
// Marquardt's diagonal scaling, delta-method covariance and an identifiability check.
#include "prediction/evidence_fit.h"

#include <algorithm>
#include <cmath>

namespace nelm {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

bool has_prior(const EvidenceFitOptions& options, std::size_t j) {
  return !options.prior_std_err.empty() && std::isfinite(options.prior_std_err[j]) &&
         options.prior_std_err[j] > 0.0;
}

void check_inputs(const CureRegressionModel& start, const std::vector<EvidenceTarget>& targets,
                  const Matrix& target_covariance, const EvidenceFitOptions& options) {
  validate_cure_regression(start);
  const std::size_t count = start.parameters.size();
  if ((!options.fixed.empty() && options.fixed.size() != count) ||
      (!options.prior_std_err.empty() &&
       (options.prior_std_err.size() != count || options.prior_mean.size() != count)))
    throw CoreError("invalid_target", "Fixed flags and priors need one entry per parameter.");
  if (targets.empty()) throw CoreError("invalid_target", "The fit needs at least one target.");
  for (const EvidenceTarget& target : targets) {
    if (!std::isfinite(target.value) || !(target.std_err > 0.0) || !std::isfinite(target.std_err))
      throw CoreError("invalid_target", "Each target needs a finite value and an SE > 0.",
                      target.label);
    if (target.population.empty() ||
        (target.kind == TargetKind::cure_odds_contrast && target.reference.empty()))
      throw CoreError("invalid_target", "A target needs a population of patients.", target.label);
    if (target.kind == TargetKind::average_hazard_ratio) {
      const auto& factors = start.structure.factors;
      if (target.factor >= factors.size() || target.level >= factors[target.factor].levels.size() ||
          target.reference_level >= factors[target.factor].levels.size() ||
          target.level == target.reference_level)
        throw CoreError("invalid_target", "A hazard-ratio target needs two levels of a factor.",
                        target.label);
    }
  }
  if (target_covariance.size() != 0 && target_covariance.size() != targets.size())
    throw CoreError("invalid_target", "The target covariance needs one row per target.");
}

Matrix target_weights(const std::vector<EvidenceTarget>& targets, const Matrix& covariance) {
  if (covariance.size() == 0) {
    Matrix weight(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i)
      weight(i, i) = 1.0 / (targets[i].std_err * targets[i].std_err);
    return weight;
  }
  const CholeskyFactor factor(covariance, 1e-12);
  if (!factor.is_non_negative_definite() || factor.rank() != static_cast<int>(targets.size()))
    throw CoreError("invalid_target", "The target covariance must be positive definite.");
  return factor.inverse();
}

struct Problem {
  const std::vector<EvidenceTarget>& targets;
  Matrix weight;
  const EvidenceFitOptions& options;
  std::vector<std::size_t> free;  // indices of the free parameters
};

// Residuals, Jacobian rows (all parameters) and objective at theta; false if not finite.
struct Evaluation {
  std::vector<double> residual;
  std::vector<std::vector<double>> jacobian;
  double objective = infinity;
};

bool evaluate(const Problem& problem, const CureRegressionModel& model, Evaluation& result) {
  const std::size_t n = problem.targets.size();
  result.residual.resize(n);
  result.jacobian.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    QuantityWithGradient quantity = target_quantity(model, problem.targets[i]);
    if (!std::isfinite(quantity.value)) return false;
    for (double value : quantity.gradient)
      if (!std::isfinite(value)) return false;
    result.residual[i] = quantity.value - problem.targets[i].value;
    result.jacobian[i] = std::move(quantity.gradient);
  }
  double objective = 0.0;
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b)
      objective += result.residual[a] * problem.weight(a, b) * result.residual[b];
  for (std::size_t j : problem.free)
    if (has_prior(problem.options, j))
      objective += std::pow(
          (model.parameters[j] - problem.options.prior_mean[j]) / problem.options.prior_std_err[j],
          2);
  result.objective = objective;
  return std::isfinite(objective);
}

// Over the free parameters: H = J'WJ + P and the objective's half-gradient g = J'Wr + P(theta - m).
void normal_equations(const Problem& problem, const CureRegressionModel& model,
                      const Evaluation& at, Matrix& normal, std::vector<double>& gradient) {
  const std::size_t p = problem.free.size(), n = problem.targets.size();
  normal = Matrix(p);
  gradient.assign(p, 0.0);
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b) {
      const double w = problem.weight(a, b);
      if (w == 0.0) continue;
      for (std::size_t j = 0; j < p; ++j) {
        const double left = at.jacobian[a][problem.free[j]] * w;
        gradient[j] += left * at.residual[b];
        for (std::size_t k = 0; k < p; ++k) normal(j, k) += left * at.jacobian[b][problem.free[k]];
      }
    }
  for (std::size_t j = 0; j < p; ++j) {
    const std::size_t index = problem.free[j];
    if (!has_prior(problem.options, index)) continue;
    const double precision = 1.0 / std::pow(problem.options.prior_std_err[index], 2);
    normal(j, j) += precision;
    gradient[j] += precision * (model.parameters[index] - problem.options.prior_mean[index]);
  }
}

// max_j |g_j| sqrt((H^-1)_jj): how far (in SEs) the gradient says a parameter is from the minimum.
double scaled_gradient(const Matrix& normal, const std::vector<double>& gradient) {
  const Matrix inverse = CholeskyFactor(normal, 1e-14).inverse();
  double largest = 0.0;
  for (std::size_t j = 0; j < gradient.size(); ++j)
    largest = std::max(largest, std::fabs(gradient[j]) * std::sqrt(std::max(inverse(j, j), 0.0)));
  return largest;
}

struct Solution {
  CureRegressionModel model;
  double objective = infinity;
  bool converged = false;
  int iterations = 0;
};

// Levenberg-Marquardt; a step is kept only if it lowers the objective. "No step lowers it any
// more" ends the search at a minimum to rounding, as in fit_landmarks.
Solution levenberg_marquardt(const Problem& problem, CureRegressionModel model) {
  Solution solution;
  Evaluation current;
  if (!evaluate(problem, model, current)) return solution;
  double damping = 1e-3;
  const std::size_t p = problem.free.size();
  bool converged = false;
  int iteration = 0;
  for (; iteration < problem.options.max_iterations && !converged; ++iteration) {
    Matrix normal;
    std::vector<double> gradient;
    normal_equations(problem, model, current, normal, gradient);
    if (scaled_gradient(normal, gradient) < 1e-10) {
      converged = true;  // every parameter within 1e-10 SE of the minimum
      break;
    }
    for (double& value : gradient) value = -value;
    bool improved = false;
    while (!improved && damping < 1e16) {
      Matrix damped = normal;
      for (std::size_t j = 0; j < p; ++j) damped(j, j) += damping * std::max(normal(j, j), 1e-12);
      const std::vector<double> step = CholeskyFactor(damped, 1e-14).solve(gradient);
      CureRegressionModel trial = model;
      for (std::size_t j = 0; j < p; ++j) trial.parameters[problem.free[j]] += step[j];
      Evaluation at_trial;
      if (evaluate(problem, trial, at_trial) && at_trial.objective < current.objective) {
        converged = current.objective - at_trial.objective <= 1e-15 * current.objective ||
                    at_trial.objective < 1e-24;
        model = std::move(trial);
        current = std::move(at_trial);
        damping = std::max(damping / 10.0, 1e-12);
        improved = true;
      } else {
        damping *= 10.0;
      }
    }
    if (!improved) converged = true;
  }
  solution.model = std::move(model);
  solution.objective = current.objective;
  solution.converged = converged;
  solution.iterations = iteration;
  return solution;
}

// The first free parameter (without a prior) in a direction H cannot determine, or -1. H is
// scaled to unit diagonal first so that the tolerance does not depend on the parameters' units.
long unidentified_parameter(const Matrix& normal) {
  const std::size_t p = normal.size();
  Matrix scaled(p);
  for (std::size_t j = 0; j < p; ++j) {
    if (!(normal(j, j) > 0.0)) return static_cast<long>(j);
    for (std::size_t k = 0; k < p; ++k)
      scaled(j, k) = normal(j, k) / std::sqrt(normal(j, j) * normal(k, k));
  }
  const CholeskyFactor factor(scaled, 1e-9);
  for (std::size_t j = 0; j < p; ++j)
    if (factor.is_singular_column(j)) return static_cast<long>(j);
  return -1;
}

}  // namespace

QuantityWithGradient target_quantity(const CureRegressionModel& model,
                                     const EvidenceTarget& target) {
  switch (target.kind) {
    case TargetKind::marginal_survival:
      return marginal_survival(model, target.population, target.time);
    case TargetKind::marginal_median:
      return marginal_median(model, target.population, 100.0);
    case TargetKind::cure_odds_contrast: {
      const QuantityWithGradient a = marginal_cure_fraction(model, target.population);
      const QuantityWithGradient b = marginal_cure_fraction(model, target.reference);
      QuantityWithGradient result{
          std::log(a.value / (1.0 - a.value)) - std::log(b.value / (1.0 - b.value)),
          std::vector<double>(a.gradient.size())};
      for (std::size_t j = 0; j < a.gradient.size(); ++j)
        result.gradient[j] = a.gradient[j] / (a.value * (1.0 - a.value)) -
                             b.gradient[j] / (b.value * (1.0 - b.value));
      return result;
    }
    case TargetKind::average_hazard_ratio:
      return average_log_hazard_ratio(model, target.population, target.factor, target.level,
                                      target.reference_level, target.time);
  }
  throw CoreError("invalid_target", "Unknown target kind.", target.label);
}

namespace {

// Levenberg-Marquardt from the model's own parameters and every extra start; the best wins.
Solution best_of_starts(const Problem& problem, const CureRegressionModel& start,
                        const EvidenceFitOptions& options) {
  std::vector<std::vector<double>> starts = {start.parameters};
  for (const auto& extra : options.starts) {
    if (extra.size() != start.parameters.size())
      throw CoreError("invalid_target", "A starting vector needs one value per parameter.");
    std::vector<double> values = extra;
    for (std::size_t j = 0; j < values.size(); ++j)
      if (!options.fixed.empty() && options.fixed[j]) values[j] = start.parameters[j];
    starts.push_back(values);
  }
  Solution best;
  for (const auto& values : starts) {
    CureRegressionModel candidate = start;
    candidate.parameters = values;
    Solution solution = levenberg_marquardt(problem, candidate);
    if (solution.objective < best.objective) best = std::move(solution);
  }
  if (!std::isfinite(best.objective))
    throw CoreError("evidence_fit_failed",
                    "No starting value gives finite model quantities for these targets.");
  return best;
}

// Covariance (J'WJ + P)^-1 over the free parameters (0 for fixed ones) and each prior's share.
void fill_covariance(const Problem& problem, const Matrix& normal, EvidenceFit& fit) {
  const std::size_t count = fit.model.parameters.size();
  const Matrix inverse = CholeskyFactor(normal, 1e-12).inverse();
  fit.covariance = Matrix(count);
  fit.data_share.assign(count, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t j = 0; j < problem.free.size(); ++j) {
    const std::size_t index = problem.free[j];
    for (std::size_t k = 0; k < problem.free.size(); ++k)
      fit.covariance(index, problem.free[k]) = inverse(j, k);
    if (!has_prior(problem.options, index)) continue;
    fit.data_share[index] = 1.0 - inverse(j, j) / std::pow(problem.options.prior_std_err[index], 2);
    if (fit.data_share[index] < 0.5)
      fit.warnings.push_back({"prior_dominated",
                              "The targets barely inform '" + fit.parameter_names[index] +
                                  "': its value and range come mostly from the stated prior.",
                              fit.parameter_names[index]});
  }
}

EvidenceFit fit_once(const CureRegressionModel& start, const std::vector<EvidenceTarget>& targets,
                     const Matrix& target_covariance, const EvidenceFitOptions& options) {
  const std::size_t count = start.parameters.size();
  Problem problem{targets, target_weights(targets, target_covariance), options, {}};
  for (std::size_t j = 0; j < count; ++j)
    if (options.fixed.empty() || !options.fixed[j]) problem.free.push_back(j);
  const Solution best = best_of_starts(problem, start, options);
  EvidenceFit fit;
  fit.model = best.model;
  fit.parameter_names = cure_regression_parameter_names(start.structure);
  fit.fixed.assign(count, true);
  for (std::size_t j : problem.free) fit.fixed[j] = false;
  Evaluation at;
  evaluate(problem, fit.model, at);
  Matrix normal;
  std::vector<double> gradient;
  normal_equations(problem, fit.model, at, normal, gradient);
  const long unidentified = unidentified_parameter(normal);
  if (unidentified >= 0) {
    const std::string& name =
        fit.parameter_names[problem.free[static_cast<std::size_t>(unidentified)]];
    throw CoreError("unidentified_parameter",
                    "The targets cannot determine the parameter '" + name +
                        "': fix it or give it a stated prior.",
                    name);
  }
  fill_covariance(problem, normal, fit);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    fit.residual.push_back(at.residual[i]);
    fit.fitted.push_back(at.residual[i] + targets[i].value);
    fit.standardised_residual.push_back(at.residual[i] / targets[i].std_err);
  }
  fit.largest_scaled_gradient = scaled_gradient(normal, gradient);
  fit.objective = at.objective;
  fit.degrees_of_freedom =
      static_cast<double>(targets.size()) - static_cast<double>(problem.free.size());
  // Converged: the search stopped and the gradient is small against the parameters' SEs.
  fit.converged = best.converged && fit.largest_scaled_gradient < 1e-4;
  fit.iterations = best.iterations;
  if (!fit.converged)
    fit.warnings.push_back({"not_converged", "The evidence fit did not converge.", ""});
  return fit;
}

// The free parameter whose sign most contradicts its stated direction (in SE units), or -1.
long most_reversed(const EvidenceFit& fit, const std::vector<int>& direction) {
  long worst = -1;
  double worst_distance = 0.0;
  for (std::size_t j = 0; j < direction.size(); ++j) {
    const double value = fit.model.parameters[j];
    if (fit.fixed[j] || direction[j] == 0 || direction[j] * value >= 0.0) continue;
    const double std_err = std::sqrt(fit.covariance(j, j));
    const double distance = std_err > 0.0 ? std::fabs(value) / std_err : std::fabs(value);
    if (distance > worst_distance) {
      worst_distance = distance;
      worst = static_cast<long>(j);
    }
  }
  return worst;
}

}  // namespace

EvidenceFit fit_evidence(const CureRegressionModel& start,
                         const std::vector<EvidenceTarget>& targets,
                         const Matrix& target_covariance, const EvidenceFitOptions& options) {
  check_inputs(start, targets, target_covariance, options);
  const std::size_t count = start.parameters.size();
  if (!options.direction.empty() && options.direction.size() != count)
    throw CoreError("invalid_target", "Directions need one entry per parameter.");
  // Active set: hold the most reversed parameter at 0 and refit until no direction is reversed.
  EvidenceFitOptions current = options;
  if (current.fixed.empty()) current.fixed.assign(count, false);
  CureRegressionModel from = start;
  std::vector<bool> held(count, false);
  for (;;) {
    EvidenceFit fit = fit_once(from, targets, target_covariance, current);
    const long reversed = options.direction.empty() ? -1 : most_reversed(fit, options.direction);
    if (reversed < 0) {
      fit.held_at_zero = held;
      for (std::size_t j = 0; j < count; ++j)
        if (held[j])
          fit.warnings.push_back(
              {"direction_constrained",
               "Fitted freely, '" + fit.parameter_names[j] +
                   "' would reverse its published direction; it is held at 0 (no effect).",
               fit.parameter_names[j]});
      return fit;
    }
    const std::size_t j = static_cast<std::size_t>(reversed);
    held[j] = current.fixed[j] = true;
    from.parameters = fit.model.parameters;
    from.parameters[j] = 0.0;
    current.starts.clear();  // the previous optimum is the start: the other starts were worse
  }
}

}  // namespace nelm
