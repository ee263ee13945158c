// An approximate covariance for a curve fitted to published landmark points that came without
// CIs, from what was published about the cohort (its size, its number of events and a period
// free of censoring): pseudo-Greenwood variances propagated through the least-squares fit.
#pragma once

#include <vector>

#include "numerics/linear_algebra.h"
#include "parametric/landmark_fit.h"

namespace nelm {

// The published facts about the cohort behind the landmark points.
struct PublishedCohort {
  double n;                     // patients
  double events;                // events of the endpoint
  double censoring_free_until;  // nobody was censored before this time (0 if unknown)
};

struct LandmarkUncertainty {
  // Covariance of curve_unconstrained_parameters(fit.curve), delta method through the fit.
  Matrix covariance;
  // The censoring distribution implied by n and events: G(t) = 1 up to censoring_free_until, then
  // exp(-censoring_rate (t - censoring_free_until)), the rate solved so that the expected number
  // of events under the fitted curve equals the published count.
  double censoring_rate;
  double expected_events;  // at that rate (equals the published count unless it was unreachable)
  std::vector<double> at_risk;         // implied number at risk n S(t) G(t) at each point
  std::vector<double> std_err;         // pseudo-Greenwood SE of S at each point
  std::vector<double> fitted_std_err;  // delta-method SE of the fitted S at each point
  Warnings warnings;                   // "events_unreachable"
};

// Refuses "invalid_cohort" (n <= 0, events outside (0, n], censoring_free_until < 0).
LandmarkUncertainty landmark_fit_uncertainty(const std::vector<LandmarkPoint>& points,
                                             const LandmarkFit& fit, const PublishedCohort& cohort);

}  // namespace nelm
