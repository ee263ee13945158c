// Cox predicted survival for one profile, transcribed from R survival's survfit.coxph path:
// agsurv (R/agsurv.R) with agsurv5.c for the Efron terms, and coxsurv.fit's expand() for the
// profile's curve and its Tsiatis/Link variance.
#include "regression/cox_prediction.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/core_error.h"
#include "numerics/confidence_interval.h"
#include "numerics/tied_times.h"

namespace nelm {
namespace {

// Risk-set sums at one distinct time, all with centred covariates (centring cancels in the
// result but keeps exp() in range).
struct TimeSums {
  double time = 0;
  double weighted_risk = 0;         // sum of w * exp(x'b) over the risk set (R's nrisk)
  double at_risk = 0;               // sum of w over the risk set (R's irisk, the n.risk shown)
  double events = 0, censored = 0;  // weighted
  int deaths = 0;                   // unweighted count: Efron's d (R's ndeath)
  double death_risk = 0;            // sum of w * exp(x'b) over the deaths (R's erisk)
  std::vector<double> risk_x, death_risk_x;  // sums of w * exp(x'b) * x: risk set, deaths
};

struct Increment {
  double hazard = 0, variance = 0;
  std::vector<double> mean_x_hazard;  // xbar * dH0, Efron-averaged over the d tied deaths
};

// The baseline increments at one time (agsurv survtype/vartype 2 or 3).
Increment baseline_increment(const TimeSums& s, TiesMethod ties) {
  const std::size_t p = s.risk_x.size();
  Increment inc;
  inc.mean_x_hazard.assign(p, 0.0);
  if (ties == TiesMethod::breslow || s.deaths <= 1) {
    if (s.events == 0.0) return inc;
    inc.hazard = s.events / s.weighted_risk;
    inc.variance = s.events / (s.weighted_risk * s.weighted_risk);
    for (std::size_t k = 0; k < p; ++k)
      inc.mean_x_hazard[k] = s.risk_x[k] / s.weighted_risk * inc.hazard;
    return inc;
  }
  // Efron: the d tied deaths leave the risk set in d equal fractions (agsurv5.c).
  const double d = s.deaths;
  for (int j = 0; j < s.deaths; ++j) {
    const double fraction = j / d;
    const double inverse = 1.0 / (s.weighted_risk - s.death_risk * fraction);
    inc.hazard += inverse / d;
    inc.variance += inverse * inverse / d;
    for (std::size_t k = 0; k < p; ++k) {
      inc.mean_x_hazard[k] += (s.risk_x[k] - s.death_risk_x[k] * fraction) * inverse * inverse / d;
    }
  }
  inc.hazard *= s.events;
  inc.variance *= s.events;
  for (double& value : inc.mean_x_hazard) value *= s.events;
  return inc;
}

void check_input(const CoxData& data, const std::vector<double>& coef, const Matrix& variance,
                 const std::vector<double>& profile) {
  const std::size_t n = data.survival.size(), p = coef.size();
  if (data.survival.has_entry()) {
    throw CoreError("unsupported", "predicted survival with delayed entry is not supported");
  }
  bool sizes_ok = data.covariates.size() == p && profile.size() == p && variance.size() == p &&
                  data.survival.event.size() == n &&
                  (!data.survival.has_weight() || data.survival.weight.size() == n) &&
                  (data.strata.empty() || data.strata.size() == n);
  for (const auto& column : data.covariates) sizes_ok = sizes_ok && column.size() == n;
  if (!sizes_ok) {
    throw CoreError("invalid_input",
                    "coefficients, variance, profile and covariate columns must agree in size");
  }
}

// Risk-set sums at each distinct time of `rows`, ascending: one backward pass.
std::vector<TimeSums> risk_set_sums(const CoxData& data, const std::vector<std::size_t>& rows,
                                    const std::vector<double>& time,
                                    const std::vector<std::vector<double>>& centred,
                                    const std::vector<double>& coef) {
  const std::size_t p = coef.size();
  std::vector<std::size_t> order = rows;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return time[a] > time[b]; });
  std::vector<TimeSums> sums;
  TimeSums running;
  running.risk_x.assign(p, 0.0);
  for (std::size_t i = 0; i < order.size();) {
    TimeSums current = running;
    current.time = time[order[i]];
    current.events = current.censored = current.death_risk = 0.0;
    current.deaths = 0;
    current.death_risk_x.assign(p, 0.0);
    for (; i < order.size() && time[order[i]] == current.time; ++i) {
      const std::size_t row = order[i];
      const double w = data.survival.weight_of(row);
      double eta = 0.0;
      for (std::size_t k = 0; k < p; ++k) eta += centred[k][row] * coef[k];
      const double risk = w * std::exp(eta);
      current.weighted_risk += risk;
      current.at_risk += w;
      for (std::size_t k = 0; k < p; ++k) current.risk_x[k] += risk * centred[k][row];
      if (data.survival.event[row] != 0) {
        current.events += w;
        ++current.deaths;
        current.death_risk += risk;
        for (std::size_t k = 0; k < p; ++k) current.death_risk_x[k] += risk * centred[k][row];
      } else {
        current.censored += w;
      }
    }
    running = current;
    sums.push_back(std::move(current));
  }
  std::reverse(sums.begin(), sums.end());
  return sums;
}

CoxPredictedCurve predict_for_rows(const CoxData& data, const std::vector<std::size_t>& rows,
                                   TiesMethod ties, const std::vector<double>& coef,
                                   const Matrix& variance, const std::vector<double>& profile,
                                   ConfidenceTransform transform, double conf_level) {
  const double z = confidence_critical_value(conf_level);
  const std::size_t p = coef.size();
  std::vector<double> time = data.survival.time;
  merge_nearly_tied_times(time);
  // Centre at the column means of the rows used; the prediction does not depend on the centre.
  std::vector<std::vector<double>> centred = data.covariates;
  std::vector<double> centred_profile = profile;
  double profile_eta = 0.0;
  CoxPredictedCurve curve;
  curve.transform = transform;
  curve.conf_level = conf_level;
  for (std::size_t k = 0; k < p; ++k) {
    double mean = 0.0;
    for (std::size_t row : rows) mean += data.covariates[k][row] / static_cast<double>(rows.size());
    for (double& value : centred[k]) value -= mean;
    centred_profile[k] -= mean;
    profile_eta += centred_profile[k] * coef[k];
    curve.linear_predictor += profile[k] * coef[k];
  }
  const double profile_risk = std::exp(profile_eta);
  double cumulative_hazard = 0.0, cumulative_variance = 0.0;
  std::vector<double> cumulative_mean(p, 0.0), q(p, 0.0);
  for (const TimeSums& s : risk_set_sums(data, rows, time, centred, coef)) {
    const Increment inc = baseline_increment(s, ties);
    cumulative_hazard += inc.hazard;
    cumulative_variance += inc.variance;
    for (std::size_t k = 0; k < p; ++k) {
      cumulative_mean[k] += inc.mean_x_hazard[k];
      q[k] = cumulative_hazard * centred_profile[k] - cumulative_mean[k];
    }
    double coefficient_term = 0.0;
    for (std::size_t k = 0; k < p; ++k) {
      for (std::size_t m = 0; m < p; ++m) coefficient_term += q[k] * variance(k, m) * q[m];
    }
    const double hazard = cumulative_hazard * profile_risk;
    const double surv = std::exp(-hazard);
    const double se = std::sqrt(cumulative_variance + coefficient_term) * profile_risk;
    const ConfidenceBounds bounds = survival_confidence_interval(surv, se, z, transform);
    curve.time.push_back(s.time);
    curve.n_risk.push_back(s.at_risk);
    curve.n_event.push_back(s.events);
    curve.n_censor.push_back(s.censored);
    curve.surv.push_back(surv);
    curve.std_err_log.push_back(se);
    curve.lower.push_back(bounds.lower);
    curve.upper.push_back(bounds.upper);
    curve.cumhaz.push_back(hazard);
  }
  return curve;
}

}  // namespace

CoxPredictedCurve cox_predicted_survival(const CoxData& data, TiesMethod ties,
                                         const std::vector<double>& coef, const Matrix& variance,
                                         const std::vector<double>& profile,
                                         ConfidenceTransform transform, double conf_level) {
  check_input(data, coef, variance, profile);
  if (!data.strata.empty()) {
    throw CoreError("unsupported",
                    "a stratified model has one curve per stratum: name the stratum");
  }
  std::vector<std::size_t> rows(data.survival.size());
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  return predict_for_rows(data, rows, ties, coef, variance, profile, transform, conf_level);
}

CoxPredictedCurve cox_predicted_survival_in_stratum(
    const CoxData& data, std::size_t stratum, TiesMethod ties, const std::vector<double>& coef,
    const Matrix& variance, const std::vector<double>& profile, ConfidenceTransform transform,
    double conf_level) {
  check_input(data, coef, variance, profile);
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < data.strata.size(); ++i) {
    if (data.strata[i] == stratum) rows.push_back(i);
  }
  if (rows.empty()) throw CoreError("unknown_stratum", "no row belongs to the requested stratum");
  return predict_for_rows(data, rows, ties, coef, variance, profile, transform, conf_level);
}

CoxSurvivalAtTimes cox_survival_at_times(const CoxPredictedCurve& curve,
                                         const std::vector<double>& times) {
  CoxSurvivalAtTimes result;
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  for (double t : sorted) {
    // The last curve row at or before t; before the first row the curve is at its origin.
    const auto through = static_cast<std::size_t>(
        std::upper_bound(curve.time.begin(), curve.time.end(), t) - curve.time.begin());
    result.time.push_back(t);
    if (through == 0) {
      result.surv.push_back(1.0);
      result.std_err.push_back(0.0);
      result.lower.push_back(1.0);
      result.upper.push_back(1.0);
      result.cumhaz.push_back(0.0);
      continue;
    }
    const std::size_t row = through - 1;
    result.surv.push_back(curve.surv[row]);
    result.std_err.push_back(curve.surv[row] * curve.std_err_log[row]);
    result.lower.push_back(curve.lower[row]);
    result.upper.push_back(curve.upper[row]);
    result.cumhaz.push_back(curve.cumhaz[row]);
  }
  return result;
}

QuantileEstimate cox_survival_quantile(const CoxPredictedCurve& curve, double probability) {
  // The Kaplan-Meier quantile rule reads only time, surv, lower and upper of the table.
  KaplanMeierCurve as_curve;
  as_curve.options.transform = curve.transform;
  as_curve.options.conf_level = curve.conf_level;
  as_curve.table.time = curve.time;
  as_curve.table.surv = curve.surv;
  as_curve.table.lower = curve.lower;
  as_curve.table.upper = curve.upper;
  return survival_quantile(as_curve, probability);
}

}  // namespace nelm
