// Validation of a model's baseline curve and its uncertainty block (docs/models.md, "baseline"
// and "uncertainty"): parametric or cure family with its parameters, or a step function.
#include "model_baseline_reader.h"

#include <cmath>

#include "model_json_fields.h"

namespace nelm::api {
namespace {

CurveFamily family_named(const std::string& name, const std::string& path) {
  if (const auto family = curve_family_from_name(name)) return *family;
  refuse_model("invalid_value",
               "unknown family \"" + name +
                   "\"; expected exponential, weibull, lognormal, loglogistic or weibull_cure",
               path);
}

void read_parametric(const json& baseline, const std::string& path, PredictionBaseline& result) {
  reject_unknown_members(baseline, path, {"type", "family", "parameters", "fit"});
  result.parametric = true;
  result.curve.family =
      family_named(required_text(baseline, "family", path), child_path(path, "family"));
  const json& parameters = required_object(baseline, "parameters", path);
  const std::string at = child_path(path, "parameters");
  reject_unknown_members(parameters, at, {"location", "scale", "cure_fraction"});
  result.curve.location = required_finite(parameters, "location", at);
  result.curve.scale = result.curve.family == CurveFamily::exponential
                           ? 1.0
                           : required_finite(parameters, "scale", at);
  if (!(result.curve.scale > 0.0)) {
    refuse_model("invalid_value", "scale must be greater than 0", child_path(at, "scale"));
  }
  if (result.curve.family == CurveFamily::weibull_cure) {
    result.curve.cure_fraction = required_probability(parameters, "cure_fraction", at);
    if (!(result.curve.cure_fraction > 0.0 && result.curve.cure_fraction < 1.0)) {
      refuse_model("invalid_value", "cure_fraction must lie strictly between 0 and 1",
                   child_path(at, "cure_fraction"));
    }
  } else if (parameters.contains("cure_fraction")) {
    refuse_model("invalid_value", "only the weibull_cure family has a cure_fraction",
                 child_path(at, "cure_fraction"));
  }
}

void read_step(const json& baseline, const std::string& path, PredictionBaseline& result) {
  reject_unknown_members(baseline, path, {"type", "time", "surv", "cumhaz", "cloglog_std_err"});
  result.parametric = false;
  result.step.time = number_list(baseline, "time", path);
  const bool has_surv = baseline.contains("surv"), has_cumhaz = baseline.contains("cumhaz");
  if (has_surv == has_cumhaz) {
    refuse_model(has_surv ? "invalid_value" : "missing_field",
                 "a step baseline gives exactly one of \"surv\" or \"cumhaz\"",
                 child_path(path, "surv"));
  }
  const std::string key = has_surv ? "surv" : "cumhaz";
  const std::vector<double> values = number_list(baseline, key, path);
  if (values.size() != result.step.time.size()) {
    refuse_model("length_mismatch", key + " must have one value per time", child_path(path, key));
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string at = child_path(child_path(path, key), i);
    const double time = result.step.time[i];
    if (time < 0.0 || (i > 0 && !(time > result.step.time[i - 1]))) {
      refuse_model("invalid_value", "step times must be >= 0 and increasing",
                   child_path(child_path(path, "time"), i));
    }
    const double hazard = has_surv ? -std::log(values[i]) : values[i];
    if (has_surv && !(values[i] > 0.0 && values[i] <= 1.0)) {
      refuse_model("invalid_value", "surv is a probability and must lie in (0, 1]", at);
    }
    if (!(hazard >= 0.0) || (i > 0 && hazard < result.step.cumulative_hazard[i - 1])) {
      refuse_model("invalid_value", "the baseline must not increase survival over time", at);
    }
    result.step.cumulative_hazard.push_back(hazard);
  }
  if (baseline.contains("cloglog_std_err")) {
    result.step.cloglog_std_err = number_list(baseline, "cloglog_std_err", path);
    if (result.step.cloglog_std_err.size() != values.size()) {
      refuse_model("length_mismatch", "cloglog_std_err must have one value per time",
                   child_path(path, "cloglog_std_err"));
    }
  }
}

}  // namespace

PredictionBaseline read_model_baseline(const json& model, const std::string& path) {
  const json& baseline = required_object(model, "baseline", path);
  const std::string at = child_path(path, "baseline");
  const std::string type = required_text(baseline, "type", at);
  PredictionBaseline result;
  if (type == "parametric")
    read_parametric(baseline, at, result);
  else if (type == "step")
    read_step(baseline, at, result);
  else
    refuse_model("invalid_value", "baseline type must be \"parametric\" or \"step\"",
                 child_path(at, "type"));
  return result;
}

Matrix read_covariance_block(const json& block, const std::string& path,
                             const std::vector<std::string>& expected_names) {
  reject_unknown_members(block, path, {"names", "matrix"});
  const std::vector<std::string> names = text_list(block, "names", path, true);
  if (names != expected_names) {
    std::string expected;
    for (const auto& name : expected_names) expected += (expected.empty() ? "" : ", ") + name;
    refuse_model("invalid_value", "the covariance must name, in order: " + expected,
                 child_path(path, "names"));
  }
  const json& rows = required_array(block, "matrix", path, true);
  const std::string at = child_path(path, "matrix");
  Matrix matrix(names.size());
  if (rows.size() != names.size()) refuse_model("length_mismatch", "one row per name", at);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].is_array() || rows[i].size() != names.size()) {
      refuse_model("length_mismatch", "the matrix must be square, one column per name",
                   child_path(at, i));
    }
    for (std::size_t j = 0; j < names.size(); ++j) {
      const std::string cell = child_path(child_path(at, i), j);
      if (!rows[i][j].is_number() || !std::isfinite(rows[i][j].get<double>())) {
        refuse_model("invalid_type", "covariances must be finite numbers", cell);
      }
      matrix(i, j) = rows[i][j].get<double>();
    }
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (matrix(i, i) < 0.0) {
      refuse_model("invalid_value", "a variance must be >= 0", child_path(child_path(at, i), i));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (std::fabs(matrix(i, j) - matrix(j, i)) > 1e-12 * (1.0 + std::fabs(matrix(i, j)))) {
        refuse_model("invalid_value", "the covariance matrix must be symmetric",
                     child_path(child_path(at, i), j));
      }
    }
  }
  return matrix;
}

}  // namespace nelm::api
