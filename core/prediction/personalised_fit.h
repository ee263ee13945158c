// The personalised cure model's three fits to its evidence: all sources jointly, hazard ratios
// leading (S1 + S2) and cure profiles leading (S1 + S4), and the comparison that widens a range
// when the two single-source estimates disagree (structural uncertainty).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "prediction/personalised_evidence.h"

namespace nelm {

struct PersonalisedFit {
  std::string name;  // "joint", "hazard_ratios_led", "cure_profiles_led"
  EvidenceFit fit;
  std::vector<std::size_t> targets;  // indices into PersonalisedTargets::targets
};

struct PersonalisedFits {
  PersonalisedTargets targets;
  double proportional_hazards_split;  // from the cohort curve's own cure fraction (landmark fit)
  PersonalisedFit joint, hazard_ratios_led, cure_profiles_led;
};

// The three fits (docs/personalised-model.md): joint (every target; cure_split with a weak prior
// around the PH-equivalent split); hazard ratios led (cohort curve + HRs, cure_split fixed at the
// PH-equivalent); cure profiles led (cohort curve + profiles, the profiles' factors acting on cure
// only, with weak priors). In the two led fits, effects the source does not cover (and, in the
// cure-led fit, the timing part of its factors) are held at the joint values or at no effect, as
// `evidence.uncovered` says.
PersonalisedFits fit_personalised_evidence(const PersonalisedEvidence& evidence);

// A quantity under the three fits: the joint range, and when the two single-source estimates
// differ by more than their uncertainty (on the range's scale, |g1 - g2| > z sqrt(se1^2 + se2^2)),
// a range widened to span both. `hazard_ratios_side` is -1 when the HR-led estimate is below the
// cure-profile-led one, +1 above, 0 when they agree.
struct SourceComparison {
  ModelRange joint, hazard_ratios_led, cure_profiles_led;
  bool sources_disagree;
  int hazard_ratios_side;
  double lower, upper;
};
using ModelQuantity = std::function<QuantityWithGradient(const CureRegressionModel&)>;
SourceComparison compare_sources(const PersonalisedFits& fits, const ModelQuantity& quantity,
                                 RangeScale scale, double level = 0.95);

}  // namespace nelm
