// Populations of the personalised cure model: the patients a profile or a covariate mix stands
// for, enumerated exactly (independent factors within a mix), and weighted unions of them.
#include "common/core_error.h"
#include "prediction/cure_regression.h"

namespace nelm {

CovariateMix mix_of_profile(const CureRegressionStructure& structure, const Profile& profile) {
  if (profile.size() != structure.factors.size())
    throw CoreError("invalid_profile", "A profile needs one entry per factor.");
  CovariateMix mix;
  for (std::size_t f = 0; f < profile.size(); ++f) {
    const CureFactor& factor = structure.factors[f];
    if (profile[f] == unknown_level) {
      mix.push_back(factor.proportion);
      continue;
    }
    if (profile[f] < 0 || static_cast<std::size_t>(profile[f]) >= factor.levels.size())
      throw CoreError("invalid_profile", "A profile names a level the factor does not have.",
                      factor.name);
    std::vector<double> point(factor.levels.size(), 0.0);
    point[static_cast<std::size_t>(profile[f])] = 1.0;
    mix.push_back(point);
  }
  return mix;
}

Population population_of_mix(const CureRegressionStructure& structure, const CovariateMix& mix) {
  if (mix.size() != structure.factors.size())
    throw CoreError("invalid_profile", "A mix needs one distribution per factor.");
  Population population = {{{}, 1.0}};
  for (std::size_t f = 0; f < mix.size(); ++f) {
    if (mix[f].size() != structure.factors[f].levels.size())
      throw CoreError("invalid_profile", "A mix needs one share per level.",
                      structure.factors[f].name);
    Population extended;
    for (const WeightedProfile& partial : population) {
      for (std::size_t level = 0; level < mix[f].size(); ++level) {
        if (!(mix[f][level] > 0.0)) continue;  // nobody at this level: nothing to average
        WeightedProfile next = partial;
        next.levels.push_back(level);
        next.weight *= mix[f][level];
        extended.push_back(std::move(next));
      }
    }
    population = std::move(extended);
  }
  return population;
}

Population population_of_profile(const CureRegressionStructure& structure, const Profile& profile) {
  return population_of_mix(structure, mix_of_profile(structure, profile));
}

Population cohort_population(const CureRegressionStructure& structure) {
  return population_of_profile(structure, Profile(structure.factors.size(), unknown_level));
}

Population population_union(const std::vector<std::pair<double, Population>>& parts) {
  double total = 0.0;
  for (const auto& part : parts) total += part.first;
  if (!(total > 0.0)) throw CoreError("invalid_profile", "A union needs a positive weight.");
  Population merged;
  for (const auto& [share, population] : parts)
    for (WeightedProfile patient : population) {
      patient.weight *= share / total;
      merged.push_back(std::move(patient));
    }
  return merged;
}

}  // namespace nelm
