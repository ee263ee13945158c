// Reads the personalised model's evidence (models/evidence.json's dfs block and
// models/cure-regression-evidence.json, both as the fit_cure_regression request carries them)
// into the core's PersonalisedEvidence; refusals name the JSON pointer of the member at fault.
#pragma once

#include <limits>

#include "prediction/personalised_evidence.h"
#include "request_reader.h"

namespace nelm::api {

// The shares the evidence does not publish (functional tumours, >= 50% liver involvement), as
// fractions; NaN keeps the transcription's assumption.
struct CureShareOverrides {
  double functional = std::numeric_limits<double>::quiet_NaN();
  double liver_50_or_more = std::numeric_limits<double>::quiet_NaN();
};

// `evidence` is models/evidence.json (at evidence_path), `personalised` the cure-regression
// transcription (at personalised_path).
PersonalisedEvidence read_cure_evidence(const json& evidence, const std::string& evidence_path,
                                        const json& personalised,
                                        const std::string& personalised_path,
                                        const CureShareOverrides& overrides = {});

}  // namespace nelm::api
