// Predicted cumulative incidence from a Fine-Gray fit, as survfit(coxph fit on the finegray data,
// newdata) in R: agsurv's baseline (R/agsurv.R, agsurv5.c for Efron) and coxsurv.fit's expand()
// for the profile, with F = 1 - S and S = exp(-H).
#include <algorithm>
#include <cmath>

#include "numerics/confidence_interval.h"
#include "regression/fine_gray.h"
#include "regression/fine_gray_design.h"

namespace nelm {

FineGrayBaseline fine_gray_baseline(const FineGrayDesign& design, const std::vector<double>& beta) {
  FineGrayBaseline baseline;
  for (const FineGrayEventTime& terms : fine_gray_event_times(design, beta)) {
    baseline.time.push_back(design.time[design.group_begin[terms.group]]);
    baseline.n_risk.push_back(terms.at_risk_weight);
    baseline.n_event.push_back(terms.death_weight);
    baseline.hazard.push_back(terms.hazard);
    baseline.variance.push_back(terms.hazard_variance);
    // xbar on the design scale back to raw covariates: x = x_design / scale + mean.
    std::vector<double> mean_x(design.p);
    for (std::size_t j = 0; j < design.p; ++j) {
      mean_x[j] = terms.hazard_mean[j] / design.scale[j] + design.mean[j] * terms.hazard;
    }
    baseline.mean_x_hazard.push_back(std::move(mean_x));
  }
  return baseline;
}

FineGrayPrediction fine_gray_predicted_incidence(const FineGrayFit& fit,
                                                 const std::vector<double>& profile,
                                                 ConfidenceTransform transform, double conf_level) {
  const std::size_t p = fit.coef.size();
  if (profile.size() != p) {
    throw CoreError("invalid_input", "the profile needs one value per covariate");
  }
  const double z = confidence_critical_value(conf_level);
  // survfit.coxph uses fit$var: the sandwich when the fit is robust, as coxph leaves it.
  const Matrix& variance = fit.has_robust ? fit.robust_variance : fit.variance;
  FineGrayPrediction out;
  out.transform = transform;
  out.conf_level = conf_level;
  double centred_lp = 0;
  for (std::size_t j = 0; j < p; ++j) {
    out.linear_predictor += profile[j] * fit.coef[j];
    centred_lp += (profile[j] - fit.means[j]) * fit.coef[j];
  }
  const double risk = std::exp(centred_lp);
  const FineGrayBaseline& base = fit.baseline;
  double cumulative = 0, hazard_variance = 0;
  std::vector<double> mean_sum(p, 0.0), dt(p);
  for (std::size_t t = 0; t < base.time.size(); ++t) {
    cumulative += base.hazard[t];
    hazard_variance += base.variance[t];
    for (std::size_t j = 0; j < p; ++j) mean_sum[j] += base.mean_x_hazard[t][j];
    for (std::size_t j = 0; j < p; ++j) dt[j] = profile[j] * cumulative - mean_sum[j];
    double quadratic = 0;
    for (std::size_t a = 0; a < p; ++a) {
      for (std::size_t b = 0; b < p; ++b) quadratic += dt[a] * variance(a, b) * dt[b];
    }
    const double cumhaz = risk * cumulative;
    const double se_cumhaz = risk * std::sqrt(hazard_variance + quadratic);
    const double surv = std::exp(-cumhaz);
    const ConfidenceBounds bounds = survival_confidence_interval(surv, se_cumhaz, z, transform);
    out.time.push_back(base.time[t]);
    out.n_risk.push_back(base.n_risk[t]);
    out.n_event.push_back(base.n_event[t]);
    out.cumhaz.push_back(cumhaz);
    out.std_err_cumhaz.push_back(se_cumhaz);
    out.incidence.push_back(1 - surv);
    out.std_err.push_back(surv * se_cumhaz);
    out.lower.push_back(1 - bounds.upper);
    out.upper.push_back(1 - bounds.lower);
  }
  return out;
}

FineGrayIncidenceAtTimes fine_gray_incidence_at_times(const FineGrayPrediction& prediction,
                                                      const std::vector<double>& times) {
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  FineGrayIncidenceAtTimes at;
  for (double t : sorted) {
    const auto after = std::upper_bound(prediction.time.begin(), prediction.time.end(), t);
    at.time.push_back(t);
    if (after == prediction.time.begin()) {  // before the first event: S = 1, limits [1, 1]
      for (auto* column : {&at.incidence, &at.std_err, &at.lower, &at.upper}) column->push_back(0);
      continue;
    }
    const auto k = static_cast<std::size_t>(after - prediction.time.begin()) - 1;
    at.incidence.push_back(prediction.incidence[k]);
    at.std_err.push_back(prediction.std_err[k]);
    at.lower.push_back(prediction.lower[k]);
    at.upper.push_back(prediction.upper[k]);
  }
  return at;
}

}  // namespace nelm
