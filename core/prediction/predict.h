// The predict method whole (docs/models.md, "Prediction"): a model, a patient's profile, a
// conditioning time and the curve times in; curves with bands, estimates at the horizons,
// medians, cure probabilities and the published anchors out, with the caveats the evidence
// demands. No JSON: wasm/operations/predict_operation.cpp only reads and writes these structs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/core_error.h"
#include "prediction/patient_profile.h"

namespace nelm {

// What kind of interval a number carries (docs/api.md, "Interval types"): a 95% CI printed in a
// source, a range a model built (never to be called a 95% CI: its coverage is unknown), or no
// interval at all. The page words each differently, so a modelled band is never read as a CI.
enum class IntervalType { published_95_ci, model_range, none };

// A modelled value's interval: model_range, or none when it has no bounds.
IntervalType modelled_interval(const ProbabilityEstimate& value);

// A published anchor's interval: published_95_ci when the source printed one, else none.
IntervalType published_interval(const ModelAnchor& anchor);

struct PredictedCurve {
  std::vector<double> time, surv, lower, upper;  // NaN: no estimate (before t0, after max_time)
  std::string band;                              // how the band was made
  IntervalType interval_type = IntervalType::model_range;  // of the band (none: no band)
};

struct PredictedEstimate {
  double time;
  ProbabilityEstimate value;
  IntervalType interval_type = IntervalType::model_range;
};

struct PredictedMedian {
  double estimate;  // NaN when the curve stays above 1/2 up to max_time
  std::string note;
  IntervalType interval_type = IntervalType::none;  // the modelled median has no interval
};

// The probability of never recurring under a mixture-cure baseline.
struct PredictedCure {
  std::optional<ProbabilityEstimate> fraction;         // from time 0
  std::optional<ProbabilityEstimate> given_condition;  // given survival to the condition time
  std::string statement;                               // why there is no number, when there is none
};

struct PredictionGroup {
  std::string input, level, label;
  double n;  // the group's published size; NaN when not published
};

struct Prediction {
  std::string label;
  std::optional<PredictionGroup> group;  // marginal groups only
  std::optional<PredictedCurve> curve;
  std::vector<PredictedEstimate> estimates;
  std::optional<PredictedMedian> median;
  std::optional<PredictedCure> cure;
  std::vector<ModelAnchor> anchors;                // published, as in the model
  std::string statement;                           // what can be said where there is no curve
  std::optional<PersonalisedDetail> personalised;  // cure regression: the mix and S4 beside it
};

struct PredictionResult {
  double condition_time = 0.0;
  PatientProfile profile;  // every input of the model; unknown ones as given (not known)
  // The profile's one linear predictor; none for marginal groups or a mixture over unknown inputs.
  std::optional<LinearPredictor> linear_predictor;
  std::vector<std::string> averaged_inputs;  // unknown inputs averaged over their mix
  std::vector<Prediction> predictions;
  Warnings warnings;
};

// The curve times when none are asked for: t0, then max_time * k / steps for every k past t0
// (200 steps; a cure-regression model uses 50: each point costs a fit per assumed mix).
std::vector<double> default_time_grid(double max_time, double condition_time, int steps = 200);

// The estimate horizons: 1, 3, 5 and 10 years after t0 and within max_time.
std::vector<double> estimate_horizons(double max_time, double condition_time);

// Refuses (CoreError, subject = the input or "condition_time") a profile that does not fit the
// model's inputs and a condition time outside [0, max_time). `times` empty: the default grid;
// times beyond max_time get NaN and the warning extrapolation_beyond_max_time.
PredictionResult predict(const PredictionModelDefinition& model, const PatientProfile& profile,
                         double condition_time, const std::vector<double>& times);

}  // namespace nelm
