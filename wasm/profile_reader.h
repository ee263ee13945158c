// Reading a request's "profile" against a model's inputs: {input: level, number, "unknown" or
// null}. Each value must have its input's declared type; refusals name /profile/<input>.
#pragma once

#include "prediction/patient_profile.h"
#include "request_reader.h"

namespace nelm::api {

// Refuses invalid_type (/profile not an object; a number input given text, a categorical one a
// number), unknown_field (a name that is not an input) and invalid_value (a level the input does
// not have, with the levels it has).
PatientProfile read_patient_profile(const json& request, const PredictionModelDefinition& model);

// Every input: its number, its level or "unknown".
json profile_json(const PredictionModelDefinition& model, const PatientProfile& profile);

}  // namespace nelm::api
