// Writes the tables of docs/personalised-model.md from the fits (targets, parameters, validation,
// hazard-ratio definitions, the surgeon's profiles, sensitivity to the unpublished shares).
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "prediction/personalised_fit.h"

namespace nelm::testing {

// The validation table of issue 12 point 7; the surgeon's profiles with the structural bands;
// the sensitivity runs (unpublished shares, the other transfer rule). Used by the one below.
void write_validation_table(std::ostream& out, const PersonalisedFits& fits,
                            const nlohmann::ordered_json& evidence,
                            const nlohmann::ordered_json& personalised);
void write_profiles_and_sensitivity(std::ostream& out, const PersonalisedFits& fits,
                                    const nlohmann::ordered_json& evidence,
                                    const nlohmann::ordered_json& personalised);

void write_personalised_report(std::ostream& out, const PersonalisedFits& fits,
                               const nlohmann::ordered_json& evidence,
                               const nlohmann::ordered_json& personalised);

}  // namespace nelm::testing
