// Prediction from an evidence or institution model: a baseline curve (parametric, cure or step)
// shifted by a linear predictor under proportional hazards, S(t | x) = S0(t)^exp(lp), with
// conditional survival, the probability of cure and bands on the log(-log) scale.
#pragma once

#include <limits>
#include <vector>

#include "numerics/linear_algebra.h"
#include "parametric/parametric_curve.h"

namespace nelm {

// A step baseline: S0 is exp(-cumulative_hazard[k]) from time[k] until the next time, 1 before
// time[0]. cloglog_std_err[k] (optional, empty if unknown) is the SE of log H0(time[k]).
struct StepBaseline {
  std::vector<double> time;
  std::vector<double> cumulative_hazard;
  std::vector<double> cloglog_std_err;
};

struct PredictionBaseline {
  bool parametric = true;
  CurveParameters curve;  // parametric == true
  Matrix covariance;      // of curve_unconstrained_parameters; size 0 when unknown
  StepBaseline step;      // parametric == false
};

// lp = sum_j beta_j (x_j - c_j) and its variance (0 when the coefficients are taken as known).
struct LinearPredictor {
  double value = 0.0;
  double variance = 0.0;
};

// One term of the linear predictor: the coefficient, the centred value x - c and its SE.
struct PredictorTerm {
  double log_hazard_ratio;
  double centred_value;
  double std_err = std::numeric_limits<double>::quiet_NaN();  // NaN: no SE known
};

// Sums the terms. With a coefficient covariance (size = number of terms) it gives d' V d; without
// one, the terms' SEs are combined as independent and terms without an SE add nothing.
LinearPredictor linear_predictor(const std::vector<PredictorTerm>& terms,
                                 const Matrix& coefficient_covariance);

// Cumulative hazard of the baseline at t (t may be +infinity: -log(cure fraction) for a cure
// curve, +infinity otherwise).
double baseline_cumulative_hazard(const PredictionBaseline& baseline, double t);

// exp(-exp(lp) (H0(end) - H0(start))): survival to `end` given survival to `start`. start = 0 gives
// S(end | x); end = +infinity gives the cure fraction (start = 0) or P(cured | alive at start).
// The CI is symmetric on log(-log): Var = grad' V grad / D^2 + Var(lp), D = H0(end) - H0(start).
// A baseline without uncertainty contributes 0 when Var(lp) > 0; with neither, or D = 0 or
// infinite, the bounds are NaN.
ProbabilityEstimate predicted_probability(const PredictionBaseline& baseline,
                                          const LinearPredictor& predictor, double start,
                                          double end, double conf_level = 0.95);

// The time at which S(t | x) = 1/2 (given survival to `start`), by bisection on [start, limit];
// NaN when the curve stays above 1/2 up to `limit`.
double predicted_median(const PredictionBaseline& baseline, const LinearPredictor& predictor,
                        double start, double limit);

// One kind of patient in a group: its share, its linear predictor, and the derivative of the
// linear predictor by each coefficient (the centred values x - c, in the coefficients' order).
struct MixtureComponent {
  double weight = 1.0;
  double linear_predictor = 0.0;
  std::vector<double> centred_values;
};

// The curve of a group of patients, S(t) = sum_k w_k S0(t)^exp(lp_k) with sum_k w_k = 1: the
// average of the patients' curves, not the curve of an average patient. coefficient_covariance is
// over the coefficients (diagonal when only their SEs are known; size 0: taken as known).
struct ProfileMixture {
  std::vector<MixtureComponent> components;
  Matrix coefficient_covariance;
};

// x' V x: the variance of a linear predictor with centred values x (0 when V has another size).
double linear_predictor_variance(const std::vector<double>& centred_values,
                                 const Matrix& coefficient_covariance);

// P = S(end) / S(start) of the mixture (conditioning re-weights the components by their survival
// to start; end = +infinity gives the cure fraction). One component is predicted_probability. For
// more, the delta method on P itself, with the baseline's and the coefficients' uncertainty taken
// as independent (as for one component) and the weights as known, carried to log(-log P) for a
// band symmetric there: Var(log(-log P)) = Var(P) / (P log P)^2. It reduces to
// predicted_probability's variance for one component. The same rules for a missing band apply.
ProbabilityEstimate mixture_probability(const PredictionBaseline& baseline,
                                        const ProfileMixture& mixture, double start, double end,
                                        double conf_level = 0.95);

// The time at which the mixture's S(t | alive at start) = 1/2, as predicted_median.
double mixture_median(const PredictionBaseline& baseline, const ProfileMixture& mixture,
                      double start, double limit);

// The log hazard ratio that takes the baseline through `target` at time t under proportional
// hazards: log(log target / log S0(t)). Needs 0 < target < 1 and 0 < S0(t) < 1.
double log_hazard_ratio_through(const PredictionBaseline& baseline, double t, double target);

// The SE of a log hazard ratio implied by its published two-sided Wald p-value:
// p = 2 (1 - Phi(|log HR| / se)), so se = |log HR| / Phi^-1(1 - p/2). Needs HR > 0, HR != 1 and
// 0 < p < 1.
double wald_std_err(double hazard_ratio, double p_value);

}  // namespace nelm
