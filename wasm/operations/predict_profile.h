// Reading a patient profile against a model's inputs, and the warnings that belong to it.
#pragma once

#include <map>
#include <string>

#include "common/core_error.h"
#include "model_reader.h"
#include "prediction/prediction_model.h"

namespace nelm::api {

// input name -> chosen level ("unknown" when not given) or the number as text.
struct Profile {
  std::map<std::string, std::string> level;
  std::map<std::string, double> number;  // number inputs that were given
  bool any_known = false;
};

// Refuses unknown_field (/profile/<name> not an input), invalid_value (a level the input does not
// have), invalid_type. Warns "input_unknown" for every input left unknown and
// "outside_development_range" for a number outside its range.
Profile read_model_profile(const json& request, const PredictionModelDefinition& model,
                     Warnings& warnings);

// lp = sum beta (x - c); an unknown input contributes nothing (x = c).
LinearPredictor profile_linear_predictor(const PredictionModelDefinition& model,
                                         const Profile& profile);

json profile_json(const PredictionModelDefinition& model, const Profile& profile);

}  // namespace nelm::api
