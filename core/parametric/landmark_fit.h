// Fitting a parametric survival curve to published landmark points (a reported S at a few
// times, optionally with a CI; a median t_m is the point (t_m, 0.5)) by weighted least squares
// on the complementary log-log scale, log(-log S).
#pragma once

#include <limits>
#include <vector>

#include "common/core_error.h"
#include "parametric/parametric_curve.h"

namespace nelm {

struct LandmarkPoint {
  double time;
  double survival;
  double lower = std::numeric_limits<double>::quiet_NaN();  // CI bounds of S, both or neither
  double upper = std::numeric_limits<double>::quiet_NaN();
};

struct LandmarkFit {
  CurveParameters curve;
  std::vector<double> fitted;    // fitted S at each point
  std::vector<double> residual;  // fitted - published S
  std::vector<double> weight;    // least-squares weight used for each point
  double max_abs_residual;
  double weighted_sse;  // sum weight * (cloglog fitted - cloglog published)^2
  bool converged;
  Warnings warnings;  // "not_converged", "more_parameters_than_points"
};

// Refuses "too_few_points" (fewer than 1 point, or 2 for two-parameter families),
// "invalid_landmark" (time <= 0, S outside (0, 1), CI not around S).
LandmarkFit fit_landmarks(const std::vector<LandmarkPoint>& points, CurveFamily family,
                          double conf_level = 0.95);

}  // namespace nelm
