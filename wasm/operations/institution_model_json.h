// Writing an institution's Cox model as a model file (docs/models.md, kind "institution_cox")
// from the core's ExportedCoxModel: only arranging the core's numbers and the caller's words.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "prediction/cox_model_export.h"
#include "request_reader.h"

namespace nelm::api {

// The words of the file, from the request's "metadata" and "inputs" (defaults for a DFS model).
struct InputWording {
  std::string label;                                // default: the covariate's name
  std::string unit;                                 // numbers only; may be empty
  std::map<std::string, std::string> level_labels;  // level as in the data -> label
};

struct ModelWording {
  std::string id = "institution-dfs-cox";
  std::string version = "1.0.0";
  std::string title =
      "Institution model: disease-free survival after liver surgery (local Cox model)";
  bool synthetic = false;
  std::string date;  // when the model was fitted, for the citation; may be empty
  std::string endpoint = "disease-free survival";
  std::string definition = "Alive without recurrence; death without recurrence counts as an event.";
  std::string time_origin = "curative-intent liver surgery for NELM";
  std::string population =
      "The institution's patients whose rows were complete for the "
      "covariates of the model.";
  std::string period = "as in the cohort file (not recorded in the model)";
  std::map<std::string, InputWording> inputs;  // by covariate name
};

// The model file, without its checksum.
json institution_model_json(const ExportedCoxModel& model, const ModelWording& wording,
                            const BaselinePooling& pooling);

// The value a level takes in the file: the format reserves "unknown" for a missing input, so a
// level recorded as "unknown" in the data becomes "recorded_unknown".
std::string file_level_value(const std::string& level);

// What the format's "average_over_mix" unknown action needs, per input: for a categorical input
// {"unknown": {...}, "levels": [{"value", "proportion"}]}, for a number {"unknown": {...},
// "distribution": {"values", "proportion"}}. The one place that writes these members: until the
// model reader accepts them they travel beside the file (the export_model result's "mix"); once
// it does, merge them into the file's inputs here.
json average_over_mix_members(const CovariateCoding& coding, const NumericCovariateSummary& numeric,
                              const InputWording& wording, double rows);

}  // namespace nelm::api
