// Pointwise survival confidence limits, transcribed from R survival's survfit_confint
// (survival/R/survfit_confint.R, conf.lower = "usual", ulimit = TRUE).
#include "numerics/confidence_interval.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/core_error.h"
#include "numerics/distributions.h"

namespace nelm {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

ConfidenceBounds plain_interval(double surv, double se_log, double z) {
  const double half_width = se_log * surv * z;
  if (std::isnan(half_width)) return {kNaN, kNaN};  // R: pmax(NaN, 0) stays NaN
  return {std::max(surv - half_width, 0.0), std::min(surv + half_width, 1.0)};
}

ConfidenceBounds log_interval(double surv, double se_log, double z) {
  if (surv == 0.0 || std::isnan(se_log)) return {kNaN, kNaN};
  const double half_width = z * se_log;
  return {std::exp(std::log(surv) - half_width),
          std::min(std::exp(std::log(surv) + half_width), 1.0)};
}

ConfidenceBounds log_log_interval(double surv, double se_log, double z) {
  if (surv == 0.0 || surv == 1.0 || std::isnan(se_log)) return {kNaN, kNaN};
  // log(S) < 0, so the scaled half width is negative and the "lower" formula gives the lower limit.
  const double half_width = z * se_log / std::log(surv);
  const double log_minus_log = std::log(-std::log(surv));
  return {std::exp(-std::exp(log_minus_log - half_width)),
          std::exp(-std::exp(log_minus_log + half_width))};
}

}  // namespace

ConfidenceBounds survival_confidence_interval(double surv, double se_log, double z,
                                              ConfidenceTransform transform) {
  switch (transform) {
    case ConfidenceTransform::plain:
      return plain_interval(surv, se_log, z);
    case ConfidenceTransform::log:
      return log_interval(surv, se_log, z);
    case ConfidenceTransform::log_log:
      return log_log_interval(surv, se_log, z);
  }
  return {kNaN, kNaN};
}

double confidence_critical_value(double confidence_level) {
  if (!(confidence_level > 0.0 && confidence_level < 1.0)) {
    throw CoreError("invalid_confidence_level",
                    "the confidence level must be strictly between 0 and 1, e.g. 0.95",
                    "conf_level");
  }
  return two_sided_critical_value(confidence_level);
}

}  // namespace nelm
