// op "export_model": an institution's Cox model as a model file (docs/models.md, kind
// "institution_cox"), fitted, centred, pooled and summarised in the core
// (core/prediction/cox_model_export.h), checksummed and validated as the calculator will read it.
#include "api_error.h"
#include "covariate_reader.h"
#include "institution_model_json.h"
#include "json_output.h"
#include "model_reader.h"
#include "operations.h"
#include "prediction/cox_model_export.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

std::string text_member(const json& object, const std::string& key, const std::string& path,
                        const std::string& fallback) {
  const auto found = object.find(key);
  if (found == object.end()) return fallback;
  if (!found->is_string() || found->get<std::string>().empty()) {
    throw ApiError("invalid_type", key + " must be a non-empty string", child_path(path, key));
  }
  return found->get<std::string>();
}

ModelWording read_metadata(const json& request) {
  ModelWording wording;
  if (!request.contains("metadata") || !request["metadata"].is_object()) {
    throw ApiError(request.contains("metadata") ? "invalid_type" : "missing_field",
                   "give \"metadata\": {\"synthetic\": true or false, ...}: whether the data are "
                   "synthetic must be said, never assumed",
                   "/metadata");
  }
  const json& metadata = request["metadata"];
  reject_unknown_members(metadata, "/metadata",
                         {"id", "version", "title", "synthetic", "date", "endpoint", "definition",
                          "time_origin", "population", "period"});
  if (!metadata.contains("synthetic") || !metadata["synthetic"].is_boolean()) {
    throw ApiError(metadata.contains("synthetic") ? "invalid_type" : "missing_field",
                   "synthetic must be true or false", "/metadata/synthetic");
  }
  wording.synthetic = metadata["synthetic"].get<bool>();
  wording.id = text_member(metadata, "id", "/metadata", wording.id);
  wording.version = text_member(metadata, "version", "/metadata", wording.version);
  wording.title = text_member(metadata, "title", "/metadata", wording.title);
  wording.date = text_member(metadata, "date", "/metadata", "");
  wording.endpoint = text_member(metadata, "endpoint", "/metadata", wording.endpoint);
  wording.definition = text_member(metadata, "definition", "/metadata", wording.definition);
  wording.time_origin = text_member(metadata, "time_origin", "/metadata", wording.time_origin);
  wording.population = text_member(metadata, "population", "/metadata", wording.population);
  wording.period = text_member(metadata, "period", "/metadata", wording.period);
  return wording;
}

// "inputs": {covariate: {"label", "unit", "levels": {level: label}}}; labels of levels that do
// not occur among the rows used are not needed and are ignored.
void read_input_wording(const json& request, ModelWording& wording) {
  if (!request.contains("inputs")) return;
  const json& inputs = request["inputs"];
  if (!inputs.is_object())
    throw ApiError("invalid_type", "\"inputs\" must be an object", "/inputs");
  const json& covariates = request["data"]["covariates"];
  for (auto it = inputs.begin(); it != inputs.end(); ++it) {
    const std::string at = child_path("/inputs", it.key());
    if (!covariates.contains(it.key())) {
      throw ApiError("invalid_value", "\"" + it.key() + "\" is not a column of data.covariates",
                     at);
    }
    if (!it.value().is_object()) throw ApiError("invalid_type", "give an object", at);
    reject_unknown_members(it.value(), at, {"label", "unit", "levels"});
    InputWording input;
    input.label = text_member(it.value(), "label", at, "");
    input.unit = text_member(it.value(), "unit", at, "");
    if (it.value().contains("levels")) {
      const json& levels = it.value()["levels"];
      const std::string levels_at = child_path(at, "levels");
      if (!levels.is_object()) throw ApiError("invalid_type", "give {level: label}", levels_at);
      for (auto level = levels.begin(); level != levels.end(); ++level) {
        input.level_labels[level.key()] = text_member(levels, level.key(), levels_at, "");
      }
    }
    wording.inputs[it.key()] = std::move(input);
  }
}

BaselinePooling read_pooling(const json& request) {
  BaselinePooling pooling;
  if (!request.contains("baseline")) return pooling;
  const json& baseline = request["baseline"];
  if (!baseline.is_object())
    throw ApiError("invalid_type", "\"baseline\" must be an object", "/baseline");
  reject_unknown_members(
      baseline, "/baseline",
      {"grid_per_year", "min_events", "exact_at", "max_time", "spread_per_year"});
  pooling.spread_per_year = read_integer(baseline, "spread_per_year", "/baseline", 48, 0, 366);
  pooling.grid_per_year = read_integer(baseline, "grid_per_year", "/baseline", 12, 1, 366);
  pooling.min_events = read_integer(baseline, "min_events", "/baseline", 5, 1, 1000);
  if (baseline.contains("exact_at")) {
    pooling.exact_at = read_time_list(baseline, "exact_at", "/baseline");
  }
  pooling.max_time = read_positive_number(baseline, "max_time", "/baseline", 10.0);
  if (pooling.max_time > 100.0) {
    throw ApiError("invalid_value", "max_time is in years and at most 100", "/baseline/max_time");
  }
  return pooling;
}

void refuse_unsupported_data(const json& request) {
  if (!request.contains("data") || !request["data"].is_object()) return;  // read_cohort says why
  for (const char* field : {"strata", "weight", "entry"}) {
    if (!request["data"].contains(field)) continue;
    throw ApiError("unsupported_option",
                   std::string("a model file holds one unstratified, unweighted baseline from "
                               "right-censored data, so \"") +
                       field + "\" cannot be exported",
                   child_path("/data", field));
  }
}

json pooling_json(const PooledBaseline& baseline, const BaselinePooling& pooling) {
  return {{"grid_per_year", pooling.grid_per_year},
          {"min_events", pooling.min_events},
          {"spread_per_year", pooling.spread_per_year},
          {"steps", baseline.time.size()},
          {"event_times", baseline.event_times},
          {"pool_end", baseline.pool_end},
          {"pool_events", baseline.pool_events},
          {"events_not_shown", baseline.events_not_shown},
          {"max_time", baseline.max_time},
          {"largest_survival_change", baseline.largest_survival_change},
          {"largest_change_at", baseline.largest_change_at}};
}

}  // namespace

json run_export_model(const json& request, Warnings& warnings) {
  reject_unknown_members(request, "",
                         {"op", "data", "categorical", "ties", "metadata", "inputs", "baseline"});
  refuse_unsupported_data(request);
  const std::vector<CategoricalDeclaration> categorical = read_categorical(request);
  CohortSpec spec;
  spec.allow_covariates = spec.require_covariates = true;
  spec.categorical_covariates = declared_names(categorical);
  const Cohort cohort = read_cohort(request, spec, warnings);
  limits::check_count(design_term_count(cohort), limits::kMaxCovariates,
                      "terms (numeric covariates and levels other than the reference)",
                      "/data/covariates");
  const double terms = static_cast<double>(design_term_count(cohort));
  limits::check_work(static_cast<double>(cohort.survival.size()) * terms * terms, "rows x terms^2",
                     "/data/covariates");
  ModelWording wording = read_metadata(request);
  read_input_wording(request, wording);
  CoxExportOptions options;
  options.cox.ties = read_choice(request, "ties", "", "efron", {"efron", "breslow"}) == "breslow"
                         ? TiesMethod::breslow
                         : TiesMethod::efron;
  options.pooling = read_pooling(request);
  const ExportedCoxModel exported =
      export_cox_model(cohort.survival, covariate_columns(cohort, categorical), options);
  warnings.insert(warnings.end(), exported.fit.warnings.begin(), exported.fit.warnings.end());

  json model = institution_model_json(exported, wording, options.pooling);
  model["checksum"] = model_checksum(model);
  read_model(model, "/model", true);  // the file must be one the calculator accepts
  json mix = json::object();
  for (std::size_t c = 0; c < exported.coding.size(); ++c) {
    const std::string& name = exported.coding[c].covariate;
    const auto found = wording.inputs.find(name);
    mix[name] = average_over_mix_members(
        exported.coding[c], exported.numeric[c],
        found == wording.inputs.end() ? InputWording{} : found->second, exported.n);
  }
  const std::string checksum = model["checksum"];
  return {{"model", std::move(model)},
          {"checksum", checksum},
          {"n", exported.n},
          {"nevent", exported.events},
          {"missing", missing_json(cohort)},
          {"baseline", pooling_json(exported.baseline, options.pooling)},
          {"mix", std::move(mix)}};
}

}  // namespace nelm::api
