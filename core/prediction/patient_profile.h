// A patient's profile against a model's inputs: checking it, the caveats it brings, and how it
// becomes a linear predictor, or a mixture of them over unknown inputs' levels (docs/models.md).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/core_error.h"
#include "prediction/model_definition.h"

namespace nelm {

// A patient's value for one input: a level, a number, or unknown.
struct InputValue {
  bool known = false;
  bool is_number = false;
  std::string level;
  double number = 0.0;

  static InputValue of_level(std::string level) { return {true, false, std::move(level), 0.0}; }
  static InputValue of_number(double number) { return {true, true, "", number}; }
};

// Input name -> value; an input not named is unknown.
using PatientProfile = std::map<std::string, InputValue>;

// Every input of the model, unknown where not given. Refuses (CoreError, subject = the input)
// a name the model does not have (unknown_field), a number for a categorical input or a level
// for a number input (invalid_type), a level the input does not have (invalid_value).
PatientProfile complete_profile(const PredictionModelDefinition& model,
                                const PatientProfile& given);

// "input_unknown" for every input left unknown (the message says what unknown does) and
// "outside_development_range" for a number outside the development range; subject: the input.
void profile_warnings(const PredictionModelDefinition& model, const PatientProfile& profile,
                      Warnings& warnings);

// lp = sum beta (x - c). A known input gives x; an unknown input without adjustment gives x = c;
// each unknown input to be averaged over its mix multiplies the components by its levels,
// weighted by their proportions (normalised to sum 1), the inputs taken as independent of each
// other and of the inputs given. averaged_inputs receives those inputs' names. One component
// when nothing is averaged. Refuses (too_large) more than 4096 components.
ProfileMixture profile_mixture(const PredictionModelDefinition& model,
                               const PatientProfile& profile,
                               std::vector<std::string>& averaged_inputs);

const ModelInput* find_input(const PredictionModelDefinition& model, const std::string& name);

// The shortest text that reads back as the same double ("10", "4.5"), for messages.
std::string number_text(double value);

}  // namespace nelm
