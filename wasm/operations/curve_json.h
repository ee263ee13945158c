// JSON for a fitted parametric or cure curve without covariates: its parameters, survival at
// requested times with CIs, and conditional survival / probability of cure.
#pragma once

#include "numerics/linear_algebra.h"
#include "parametric/parametric_curve.h"
#include "request_reader.h"

namespace nelm::api {

json curve_parameters_json(const CurveParameters& curve);
// Adds "at_times" (from request "times") and "conditional" (from request "conditional":
// {"time": t0, "horizons": [...]}) to result. covariance may be empty (no CIs).
void add_curve_evaluations(const json& request, const CurveParameters& curve,
                           const Matrix& covariance, json& result);

}  // namespace nelm::api
