// predict for a cure-regression model (docs/models.md, "cure_regression"): the patient's curve,
// estimates, median and cure probability from the central mix scenario's fit, each with a model
// range spanning every scenario's range, and the S4 profile the patient belongs to beside them.
#pragma once

#include <string>
#include <vector>

#include "prediction/predict.h"

namespace nelm {

// Inputs the model file does not map to a factor, or a level it does not know, are refused
// (invalid_value) by the reader; here every factor is an input of the same name and levels.
// Warnings: averaged_over_mix (unknown inputs), confounded_comparison (a known input that is a
// choice, e.g. the extent of resection), cure_profile_disagrees (S4's transferred figure lies
// outside the model range for this patient).
Prediction cure_regression_prediction(const PredictionModelDefinition& model,
                                      const PatientProfile& profile, double condition_time,
                                      const std::vector<double>& grid,
                                      const std::vector<double>& horizons, Warnings& warnings,
                                      std::vector<std::string>& averaged_inputs);

}  // namespace nelm
