// Test helpers over the personalised evidence: the boundary's reader (wasm/cure_evidence_reader)
// and name -> index look-ups.
#include "personalised_evidence_reader.h"

#include <gtest/gtest.h>

#include "cure_evidence_reader.h"

namespace nelm::testing {

using json = nlohmann::ordered_json;

std::size_t factor_index(const CureRegressionStructure& structure, const std::string& name) {
  for (std::size_t f = 0; f < structure.factors.size(); ++f)
    if (structure.factors[f].name == name) return f;
  ADD_FAILURE() << "no factor " << name;
  return 0;
}

std::size_t level_index(const CureRegressionStructure& structure, std::size_t factor,
                        const std::string& level) {
  const auto& levels = structure.factors[factor].levels;
  for (std::size_t j = 0; j < levels.size(); ++j)
    if (levels[j] == level) return j;
  ADD_FAILURE() << "no level " << level << " of " << structure.factors[factor].name;
  return 0;
}

Profile profile_of(const CureRegressionStructure& structure,
                   const std::vector<std::pair<std::string, std::string>>& known) {
  Profile profile(structure.factors.size(), unknown_level);
  for (const auto& [input, level] : known) {
    const std::size_t f = factor_index(structure, input);
    profile[f] = static_cast<int>(level_index(structure, f, level));
  }
  return profile;
}

PersonalisedEvidence read_personalised_evidence(const json& evidence, const json& personalised,
                                                const ShareOverrides& overrides) {
  return api::read_cure_evidence(evidence, "/evidence", personalised, "/personalised",
                                 {overrides.functional, overrides.liver_50_or_more});
}

}  // namespace nelm::testing
