// A loaded model as the page needs it (load_model's result, predict's "model" and "outcome"):
// written from the core's definition, so the page never reads the model file's own JSON.
#pragma once

#include "prediction/model_definition.h"
#include "request_reader.h"

namespace nelm::api {

// {id, version, title, kind, role, synthetic, checksum}
json model_identity_json(const PredictionModelDefinition& model);

// {endpoint, definition, time_origin, time_origin_stated, time_origin_note, time_unit, max_time}
json outcome_json(const ModelOutcome& outcome);

// The identity with handle, outcome, effect_structure and inputs [{name, label, type, role,
// unit, levels, range, unknown, comparison_warning, comparison_p}] (docs/models.md, load_model).
json model_description_json(const PredictionModelDefinition& model);

}  // namespace nelm::api
