// One function per request "op": validated request in, result JSON out; caveats go to warnings.
// Each throws ApiError (bad request) or CoreError (the core refuses); calculate() catches both.
#pragma once

#include "core_error.h"
#include "request_reader.h"

namespace nelm::api {

json run_kaplan_meier(const json& request, Warnings& warnings);
json run_log_rank(const json& request, Warnings& warnings);
json run_cox(const json& request, Warnings& warnings);
json run_parametric(const json& request, Warnings& warnings);
json run_cumulative_incidence(const json& request, Warnings& warnings);
json run_fit_landmarks(const json& request, Warnings& warnings);

}  // namespace nelm::api
