// Predicted survival for one covariate profile from a fitted Cox model, with the Tsiatis/Link
// variance, as R survival's survfit(coxph_fit, newdata) with stype = 2 (S = exp(-H)).
#pragma once

#include <cstddef>
#include <vector>

#include "common/survival_data.h"
#include "estimators/kaplan_meier.h"
#include "numerics/linear_algebra.h"
#include "regression/cox_model.h"

namespace nelm {

// One row per distinct time of the model data (censor-only times included), as survfit.coxph.
// Counts are weighted. std_err_log is the SE of H(t | profile), which is also the SE of -log S.
struct CoxPredictedCurve {
  double linear_predictor = 0;  // profile' coef with uncentred covariates (R's reference = "zero")
  ConfidenceTransform transform = ConfidenceTransform::log;
  double conf_level = 0.95;
  std::vector<double> time, n_risk, n_event, n_censor, surv, std_err_log, lower, upper, cumhaz;
};

// The baseline hazard increments are Breslow's d / R(beta) for TiesMethod::breslow and exact
// (R's ctype 1 for both) and Efron's sum_k 1 / (R - (k/d) D) for TiesMethod::efron (ctype 2); the
// variance adds to the hazard-increment term the coefficient term q(t)' V q(t),
// q(t) = sum_j (x - xbar_j) dH0_j. `coef` and `variance` come from the fit (R uses fit$var: the
// robust variance after a robust fit), `profile` is one value per covariate. For counting-process
// data (data.survival.entry given) the risk set at t is entry < t <= time (R's agsurv), and the
// rows run through every distinct exit time, split points included.
// Refusals (CoreError): "invalid_input" (sizes), "unsupported" (strata, see below).
CoxPredictedCurve cox_predicted_survival(const CoxData& data, TiesMethod ties,
                                         const std::vector<double>& coef, const Matrix& variance,
                                         const std::vector<double>& profile,
                                         ConfidenceTransform transform = ConfidenceTransform::log,
                                         double conf_level = 0.95);

// The same for a stratified model: the curve of the stratum `stratum` (a label of data.strata),
// built from that stratum's rows only, with the common coef and variance, as R's per-stratum
// survfit.coxph curves. CoreError("unknown_stratum") when no row carries that label.
CoxPredictedCurve cox_predicted_survival_in_stratum(
    const CoxData& data, std::size_t stratum, TiesMethod ties, const std::vector<double>& coef,
    const Matrix& variance, const std::vector<double>& profile,
    ConfidenceTransform transform = ConfidenceTransform::log, double conf_level = 0.95);

// summary(survfit(fit, newdata), times = times, extend = TRUE): the step function read at each
// time (S = 1 with limits [1, 1] before the first row). std_err is the SE of S, S * std_err_log.
struct CoxSurvivalAtTimes {
  std::vector<double> time, surv, std_err, lower, upper, cumhaz;
};
CoxSurvivalAtTimes cox_survival_at_times(const CoxPredictedCurve& curve,
                                         const std::vector<double>& times);

// The time where S reaches 1 - probability (0.5: the median) with the crossing times of the
// confidence limits, by the same rules as the Kaplan-Meier quantile (R's quantile.survfit).
QuantileEstimate cox_survival_quantile(const CoxPredictedCurve& curve, double probability);

// A covariate path for counting-process data (R's survfit(fit, newdata, id = ) with start/stop
// rows): contiguous intervals (start_i, stop_i], start_{i+1} = stop_i, each with its covariates
// and, in a stratified model, its stratum label (of data.strata).
struct CoxCovariatePath {
  std::vector<double> start, stop;
  std::vector<std::vector<double>> covariates;  // one vector of p values per interval
  std::vector<std::size_t> stratum;             // empty without strata
};

// The path's curve as R's coxsurv.fit builds it (survival 3.5-3, onecurve): for each interval,
// the baseline times t in (start_i, stop_i] of its stratum, hazard dH0(t) exp(x_i'b), time
// reported from the path's first start (t - start_0), S = exp(-H). Its variance is R's:
// cumsum(dV(t) exp(2 x_i'b)) + q_i(t)' V q_i(t) exp(2 x_i'b) with q_i(t) = H0(t) x_i - Xi(t) from
// the stratum's cumulative sums at t, i.e. the interval's covariates applied to the whole
// cumulative baseline (not a sum over the path's intervals), which is what R computes.
// linear_predictor is that of the first interval. Refusals (CoreError): "invalid_input" (sizes,
// intervals not contiguous and ascending), "unsupported" (data not counting-process, or a
// stratified model without the intervals' strata), "unknown_stratum".
CoxPredictedCurve cox_path_survival(const CoxData& data, TiesMethod ties,
                                    const std::vector<double>& coef, const Matrix& variance,
                                    const CoxCovariatePath& path,
                                    ConfidenceTransform transform = ConfidenceTransform::log,
                                    double conf_level = 0.95);

}  // namespace nelm
