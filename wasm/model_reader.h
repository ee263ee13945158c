// Reading and validating a prediction model file (docs/models.md) at the boundary: every refusal
// names the JSON pointer of the offending member. Also the model's canonical form and checksum.
#pragma once

#include <string>
#include <vector>

#include "prediction/model_definition.h"
#include "request_reader.h"

namespace nelm::api {

// "sha256:<hex>" of the canonical form: the model with "checksum" removed, keys sorted, no
// whitespace (nlohmann::json::dump()).
std::string model_checksum(const json& model);

// Validates `model` (found at `path` in the request) and reads it into the core's definition.
// With require_checksum the "checksum" member must be present and match, else
// "checksum_mismatch" at path + "/checksum".
PredictionModelDefinition read_model(const json& model, const std::string& path,
                                     bool require_checksum);

}  // namespace nelm::api
