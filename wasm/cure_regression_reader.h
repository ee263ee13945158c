// Reads a cure-regression model's own members (docs/models.md, "cure_regression"): its effects
// and its baseline (the mix scenarios' fits and S4's cure profiles), JSON -> struct only.
#pragma once

#include <map>
#include <string>

#include "prediction/model_definition.h"
#include "request_reader.h"

namespace nelm::api {

// `model.inputs` must already be read: the factors are the inputs, in their order.
CureRegressionDefinition read_cure_regression(const json& model, const std::string& path,
                                              const PredictionModelDefinition& definition,
                                              const std::map<std::string, std::string>& sources);

}  // namespace nelm::api
