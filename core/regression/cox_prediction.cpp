// Cox predicted survival for one profile, transcribed from R survival's survfit.coxph path:
// agsurv (R/agsurv.R) with agsurv5.c for the Efron terms, the counting-process risk sets
// included, and coxsurv.fit's expand() for the profile's curve and its Tsiatis/Link variance.
#include "regression/cox_prediction.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/core_error.h"
#include "numerics/confidence_interval.h"
#include "numerics/tied_times.h"
#include "regression/cox_baseline.h"

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
  if (ties != TiesMethod::efron || s.deaths <= 1) {  // exact: Breslow's, as R's ctype 1
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
  bool sizes_ok = data.covariates.size() == p && profile.size() == p && variance.size() == p &&
                  data.survival.event.size() == n &&
                  (!data.survival.has_weight() || data.survival.weight.size() == n) &&
                  (!data.survival.has_entry() || data.survival.entry.size() == n) &&
                  (data.strata.empty() || data.strata.size() == n);
  for (const auto& column : data.covariates) sizes_ok = sizes_ok && column.size() == n;
  if (!sizes_ok) {
    throw CoreError("invalid_input",
                    "coefficients, variance, profile and covariate columns must agree in size");
  }
}

// One row's contribution to the running risk-set sums (sign -1: the row leaves).
void add_row(const CoxData& data, const std::vector<std::vector<double>>& centred,
             const std::vector<double>& coef, std::size_t row, double sign, TimeSums& sums) {
  const std::size_t p = coef.size();
  const double w = data.survival.weight_of(row);
  double eta = 0.0;
  for (std::size_t k = 0; k < p; ++k) eta += centred[k][row] * coef[k];
  const double risk = w * std::exp(eta);
  sums.weighted_risk += sign * risk;
  sums.at_risk += sign * w;
  for (std::size_t k = 0; k < p; ++k) sums.risk_x[k] += sign * risk * centred[k][row];
}

// Risk-set sums at each distinct time of `rows`, ascending: one backward pass. With entry times
// a row leaves the running sums once the pass reaches its entry (agsurv's "not yet entered").
std::vector<TimeSums> risk_set_sums(const CoxData& data, const std::vector<std::size_t>& rows,
                                    const std::vector<double>& time,
                                    const std::vector<double>& entry,
                                    const std::vector<std::vector<double>>& centred,
                                    const std::vector<double>& coef) {
  const std::size_t p = coef.size();
  std::vector<std::size_t> order = rows, by_entry;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return time[a] > time[b]; });
  if (!entry.empty()) {
    by_entry = rows;
    std::sort(by_entry.begin(), by_entry.end(),
              [&](std::size_t a, std::size_t b) { return entry[a] > entry[b]; });
  }
  std::vector<TimeSums> sums;
  TimeSums running;
  running.risk_x.assign(p, 0.0);
  std::size_t leaving = 0;
  for (std::size_t i = 0; i < order.size();) {
    const double t = time[order[i]];
    for (; leaving < by_entry.size() && entry[by_entry[leaving]] >= t; ++leaving) {
      add_row(data, centred, coef, by_entry[leaving], -1.0, running);
    }
    TimeSums current = running;
    current.time = t;
    current.events = current.censored = current.death_risk = 0.0;
    current.deaths = 0;
    current.death_risk_x.assign(p, 0.0);
    for (; i < order.size() && time[order[i]] == current.time; ++i) {
      const std::size_t row = order[i];
      const double w = data.survival.weight_of(row);
      add_row(data, centred, coef, row, 1.0, current);
      if (data.survival.event[row] != 0) {
        double eta = 0.0;
        for (std::size_t k = 0; k < p; ++k) eta += centred[k][row] * coef[k];
        const double risk = w * std::exp(eta);
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

// The curve for one fixed profile from a baseline (coxsurv.fit's expand()).
CoxPredictedCurve expand(const CoxBaseline& baseline, const std::vector<double>& coef,
                         const Matrix& variance, const std::vector<double>& profile,
                         ConfidenceTransform transform, double conf_level) {
  const double z = confidence_critical_value(conf_level);
  const std::size_t p = coef.size();
  CoxPredictedCurve curve;
  curve.transform = transform;
  curve.conf_level = conf_level;
  double profile_eta = 0.0;
  std::vector<double> centred_profile(p);
  for (std::size_t k = 0; k < p; ++k) {
    centred_profile[k] = profile[k] - baseline.centre[k];
    profile_eta += centred_profile[k] * coef[k];
    curve.linear_predictor += profile[k] * coef[k];
  }
  const double profile_risk = std::exp(profile_eta);
  double cumulative_hazard = 0.0, cumulative_variance = 0.0;
  std::vector<double> cumulative_mean(p, 0.0), q(p, 0.0);
  for (std::size_t t = 0; t < baseline.time.size(); ++t) {
    cumulative_hazard += baseline.hazard[t];
    cumulative_variance += baseline.variance[t];
    for (std::size_t k = 0; k < p; ++k) {
      cumulative_mean[k] += baseline.mean_x_hazard[t * p + k];
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
    curve.time.push_back(baseline.time[t]);
    curve.n_risk.push_back(baseline.n_risk[t]);
    curve.n_event.push_back(baseline.n_event[t]);
    curve.n_censor.push_back(baseline.n_censor[t]);
    curve.surv.push_back(surv);
    curve.std_err_log.push_back(se);
    curve.lower.push_back(bounds.lower);
    curve.upper.push_back(bounds.upper);
    curve.cumhaz.push_back(hazard);
  }
  return curve;
}

CoxPredictedCurve predict_for_rows(const CoxData& data, const std::vector<std::size_t>& rows,
                                   TiesMethod ties, const std::vector<double>& coef,
                                   const Matrix& variance, const std::vector<double>& profile,
                                   ConfidenceTransform transform, double conf_level) {
  return expand(cox_baseline(data, rows, ties, coef), coef, variance, profile, transform,
                conf_level);
}

}  // namespace

CoxBaseline cox_baseline(const CoxData& data, const std::vector<std::size_t>& rows, TiesMethod ties,
                         const std::vector<double>& coef) {
  const std::size_t p = coef.size();
  std::vector<double> time = data.survival.time, entry = data.survival.entry;
  merge_nearly_tied_times(time, data.survival.has_entry() ? &entry : nullptr);
  // Centre at the column means of the rows used; the prediction does not depend on the centre.
  CoxBaseline baseline;
  baseline.centre.assign(p, 0.0);
  std::vector<std::vector<double>> centred = data.covariates;
  for (std::size_t k = 0; k < p; ++k) {
    for (std::size_t row : rows) {
      baseline.centre[k] += data.covariates[k][row] / static_cast<double>(rows.size());
    }
    for (double& value : centred[k]) value -= baseline.centre[k];
  }
  for (const TimeSums& s : risk_set_sums(data, rows, time, entry, centred, coef)) {
    const Increment inc = baseline_increment(s, ties);
    baseline.time.push_back(s.time);
    baseline.n_risk.push_back(s.at_risk);
    baseline.n_event.push_back(s.events);
    baseline.n_censor.push_back(s.censored);
    baseline.hazard.push_back(inc.hazard);
    baseline.variance.push_back(inc.variance);
    baseline.mean_x_hazard.insert(baseline.mean_x_hazard.end(), inc.mean_x_hazard.begin(),
                                  inc.mean_x_hazard.end());
  }
  return baseline;
}

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
