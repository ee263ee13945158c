// Validation of a model file's "baseline" member and of covariance blocks (names + matrix).
#pragma once

#include <string>
#include <vector>

#include "prediction/prediction_model.h"
#include "request_reader.h"

namespace nelm::api {

// The "baseline" member of `model` (at `path`): parametric (family, parameters) or step.
PredictionBaseline read_model_baseline(const json& model, const std::string& path);

// {"names": [...], "matrix": [[...]]}: names must equal expected_names; square, symmetric,
// finite, non-negative diagonal.
Matrix read_covariance_block(const json& block, const std::string& path,
                             const std::vector<std::string>& expected_names);

}  // namespace nelm::api
