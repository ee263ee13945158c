// Predicted survival along a covariate path (time-varying covariates) from a Cox fit to
// counting-process data, transcribed from R survival 3.5-3's coxsurv.fit (R/coxsurvfit.R,
// onecurve) on the per-stratum baselines of agsurv.
#include <algorithm>
#include <cmath>
#include <map>

#include "common/core_error.h"
#include "numerics/confidence_interval.h"
#include "regression/cox_baseline.h"
#include "regression/cox_prediction.h"

namespace nelm {
namespace {

void check_path(const CoxData& data, const std::vector<double>& coef, const Matrix& variance,
                const CoxCovariatePath& path) {
  if (!data.survival.has_entry()) {
    throw CoreError("unsupported",
                    "a covariate path needs a model fitted to counting-process (start, stop] data");
  }
  const std::size_t m = path.start.size(), p = coef.size();
  bool sizes_ok = m > 0 && path.stop.size() == m && path.covariates.size() == m &&
                  variance.size() == p && data.covariates.size() == p &&
                  (path.stratum.empty() || path.stratum.size() == m);
  for (const auto& row : path.covariates) sizes_ok = sizes_ok && row.size() == p;
  if (!sizes_ok) throw CoreError("invalid_input", "the path's columns differ in size");
  if (!data.strata.empty() && path.stratum.empty()) {
    throw CoreError("unsupported", "a stratified model needs the stratum of each path interval");
  }
  for (std::size_t i = 0; i < m; ++i) {
    if (!(path.start[i] < path.stop[i]) || (i > 0 && path.start[i] != path.stop[i - 1])) {
      throw CoreError("invalid_input",
                      "the path's intervals must follow each other: start < stop, and each "
                      "interval starting where the previous one stopped");
    }
  }
}

// Cumulative sums of a baseline: H0 and Xi at each of its times.
struct CumulativeBaseline {
  CoxBaseline baseline;
  std::vector<double> hazard, mean_x_hazard;  // time, time x p
};

CumulativeBaseline cumulate(CoxBaseline baseline, std::size_t p) {
  CumulativeBaseline result{std::move(baseline), {}, {}};
  const CoxBaseline& b = result.baseline;
  result.hazard.resize(b.time.size());
  result.mean_x_hazard.resize(b.time.size() * p);
  for (std::size_t t = 0; t < b.time.size(); ++t) {
    result.hazard[t] = b.hazard[t] + (t > 0 ? result.hazard[t - 1] : 0.0);
    for (std::size_t k = 0; k < p; ++k) {
      result.mean_x_hazard[t * p + k] =
          b.mean_x_hazard[t * p + k] + (t > 0 ? result.mean_x_hazard[(t - 1) * p + k] : 0.0);
    }
  }
  return result;
}

const CumulativeBaseline& baseline_of(std::map<std::size_t, CumulativeBaseline>& cache,
                                      const CoxData& data, std::size_t stratum, TiesMethod ties,
                                      const std::vector<double>& coef) {
  auto found = cache.find(stratum);
  if (found != cache.end()) return found->second;
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < data.survival.size(); ++i) {
    if (data.strata.empty() || data.strata[i] == stratum) rows.push_back(i);
  }
  if (rows.empty()) throw CoreError("unknown_stratum", "no row belongs to the path's stratum");
  return cache.emplace(stratum, cumulate(cox_baseline(data, rows, ties, coef), coef.size()))
      .first->second;
}

}  // namespace

CoxPredictedCurve cox_path_survival(const CoxData& data, TiesMethod ties,
                                    const std::vector<double>& coef, const Matrix& variance,
                                    const CoxCovariatePath& path, ConfidenceTransform transform,
                                    double conf_level) {
  check_path(data, coef, variance, path);
  const std::size_t p = coef.size();
  const double z = confidence_critical_value(conf_level);
  std::map<std::size_t, CumulativeBaseline> baselines;
  CoxPredictedCurve curve;
  curve.transform = transform;
  curve.conf_level = conf_level;
  for (std::size_t k = 0; k < p; ++k) curve.linear_predictor += path.covariates[0][k] * coef[k];
  double cumulative_hazard = 0.0, cumulative_variance = 0.0;
  for (std::size_t i = 0; i < path.start.size(); ++i) {
    const CumulativeBaseline& c =
        baseline_of(baselines, data, path.stratum.empty() ? 0 : path.stratum[i], ties, coef);
    const CoxBaseline& b = c.baseline;
    std::vector<double> centred(p);
    double eta = 0.0;
    for (std::size_t k = 0; k < p; ++k) {
      centred[k] = path.covariates[i][k] - b.centre[k];
      eta += centred[k] * coef[k];
    }
    const double risk = std::exp(eta);
    // The baseline times in (start_i, stop_i].
    auto t = static_cast<std::size_t>(
        std::upper_bound(b.time.begin(), b.time.end(), path.start[i]) - b.time.begin());
    for (; t < b.time.size() && b.time[t] <= path.stop[i]; ++t) {
      cumulative_hazard += b.hazard[t] * risk;
      cumulative_variance += b.variance[t] * risk * risk;
      double coefficient_term = 0.0;
      for (std::size_t k = 0; k < p; ++k) {
        const double q_k = c.hazard[t] * centred[k] - c.mean_x_hazard[t * p + k];
        for (std::size_t m = 0; m < p; ++m) {
          coefficient_term +=
              q_k * variance(k, m) * (c.hazard[t] * centred[m] - c.mean_x_hazard[t * p + m]);
        }
      }
      const double se = std::sqrt(cumulative_variance + coefficient_term * risk * risk);
      const double surv = std::exp(-cumulative_hazard);
      const ConfidenceBounds bounds = survival_confidence_interval(surv, se, z, transform);
      curve.time.push_back(b.time[t] - path.start[0]);
      curve.n_risk.push_back(b.n_risk[t]);
      curve.n_event.push_back(b.n_event[t]);
      curve.n_censor.push_back(b.n_censor[t]);
      curve.surv.push_back(surv);
      curve.std_err_log.push_back(se);
      curve.lower.push_back(bounds.lower);
      curve.upper.push_back(bounds.upper);
      curve.cumhaz.push_back(cumulative_hazard);
    }
  }
  return curve;
}

}  // namespace nelm
