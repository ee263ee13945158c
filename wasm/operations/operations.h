// One function per request "op": validated request in, result JSON out; caveats go to warnings.
// Each throws ApiError (bad request) or CoreError (the core refuses); calculate() catches both.
#pragma once

#include "common/core_error.h"
#include "request_reader.h"

namespace nelm::api {

json run_kaplan_meier(const json& request, Warnings& warnings);
json run_log_rank(const json& request, Warnings& warnings);
json run_cox(const json& request, Warnings& warnings);
json run_parametric(const json& request, Warnings& warnings);
json run_cumulative_incidence(const json& request, Warnings& warnings);
json run_fine_gray(const json& request, Warnings& warnings);
json run_fit_landmarks(const json& request, Warnings& warnings);
json run_calibrate(const json& request, Warnings& warnings);
// Prediction models (docs/models.md): model_operations.cpp, predict_operation.cpp; the methods
// are the core's (core/prediction/).
json run_load_model(const json& request, Warnings& warnings);
json run_validate_model(const json& request, Warnings& warnings);
json run_model_checksum(const json& request, Warnings& warnings);
json run_landmark_uncertainty(const json& request, Warnings& warnings);
json run_log_hr_through_points(const json& request, Warnings& warnings);
json run_wald_std_err(const json& request, Warnings& warnings);
json run_predict(const json& request, Warnings& warnings);
json run_export_model(const json& request, Warnings& warnings);

}  // namespace nelm::api
