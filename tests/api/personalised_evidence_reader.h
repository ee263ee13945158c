// Reads models/evidence.json and models/cure-regression-evidence.json into the core's typed
// PersonalisedEvidence (the later wasm op will do the same at the boundary).
#pragma once

#include <limits>
#include <nlohmann/json.hpp>

#include "prediction/personalised_evidence.h"

namespace nelm::testing {

// The unpublished shares (functional tumours, >= 50% liver involvement) may be overridden for
// sensitivity runs; NaN keeps the transcription's assumption. Shares are fractions.
struct ShareOverrides {
  double functional = std::numeric_limits<double>::quiet_NaN();
  double liver_50_or_more = std::numeric_limits<double>::quiet_NaN();
};

PersonalisedEvidence read_personalised_evidence(const nlohmann::ordered_json& evidence,
                                                const nlohmann::ordered_json& personalised,
                                                const ShareOverrides& overrides = {});

// Index of a factor / level by name in a structure (fails the test if absent).
std::size_t factor_index(const CureRegressionStructure& structure, const std::string& name);
std::size_t level_index(const CureRegressionStructure& structure, std::size_t factor,
                        const std::string& level);
// A profile from {input: level} (inputs not named are unknown).
Profile profile_of(const CureRegressionStructure& structure,
                   const std::vector<std::pair<std::string, std::string>>& known);

}  // namespace nelm::testing
