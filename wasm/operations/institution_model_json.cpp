// See institution_model_json.h. Every number comes from the core's ExportedCoxModel; the words
// say exactly what the file does (issue 13, point 6: what "unknown" means).
#include "institution_model_json.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "json_output.h"

namespace nelm::api {
namespace {

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

const InputWording& wording_of(const ModelWording& wording, const std::string& name) {
  static const InputWording none;
  const auto found = wording.inputs.find(name);
  return found == wording.inputs.end() ? none : found->second;
}

std::string input_label(const InputWording& wording, const std::string& name) {
  return wording.label.empty() ? name : wording.label;
}

std::string level_label(const InputWording& wording, const std::string& level) {
  const auto found = wording.level_labels.find(level);
  if (found != wording.level_labels.end()) return found->second;
  return file_level_value(level) == level ? level : level + " (as recorded in the file)";
}

// "well 45.3%, moderate 34.2%, poor 20.5%"
std::string mix_text(const CovariateCoding& coding, const InputWording& wording, double rows) {
  std::string text;
  for (std::size_t k = 0; k < coding.levels.size(); ++k) {
    text += (text.empty() ? "" : ", ") + level_label(wording, coding.levels[k]) + " " +
            format("%.1f%%", 100.0 * coding.level_counts[k] / rows);
  }
  return text;
}

std::string unit_suffix(const InputWording& wording) {
  return wording.unit.empty() ? "" : " " + wording.unit;
}

json unknown_today(const CovariateCoding& coding, const NumericCovariateSummary& numeric,
                   const InputWording& wording, double rows) {
  const std::string label = input_label(wording, coding.covariate);
  const std::string description =
      coding.categorical
          ? "not known: no adjustment for " + label +
                ", i.e. the curve at the cohort's average of this input (each level's indicator "
                "at its proportion among the " +
                format("%.0f", rows) + " patients: " + mix_text(coding, wording, rows) +
                "). This is close to, but not the same as, the average of the patients' curves "
                "over that mix."
          : "not known: no adjustment for " + label + ", i.e. the curve at the cohort's mean, " +
                format("%.4g", numeric.mean) + unit_suffix(wording) + ".";
  return {{"action", "no_adjustment"}, {"description", description}};
}

json input_json(const CovariateCoding& coding, const NumericCovariateSummary& numeric,
                const InputWording& wording, double rows) {
  json input = {{"name", coding.covariate},
                {"label", input_label(wording, coding.covariate)},
                {"type", coding.categorical ? "categorical" : "number"}};
  if (coding.categorical) {
    json levels = json::array();
    for (std::size_t k = 0; k < coding.levels.size(); ++k) {
      levels.push_back({{"value", file_level_value(coding.levels[k])},
                        {"label", level_label(wording, coding.levels[k])},
                        {"n", coding.level_counts[k]}});
    }
    input["levels"] = std::move(levels);
  } else {
    input["range"] = {{"minimum", numeric.minimum}, {"maximum", numeric.maximum}};
    if (!wording.unit.empty()) input["unit"] = wording.unit;
  }
  input["unknown"] = unknown_today(coding, numeric, wording, rows);
  input["source"] = "L1";
  return input;
}

json effects_json(const ExportedCoxModel& model) {
  json effects = json::array();
  for (std::size_t j = 0; j < model.fit.terms.size(); ++j) {
    const TermSource& source = model.sources[j];
    json effect = {{"input", source.covariate}};
    if (!source.level.empty()) {
      effect["level"] = file_level_value(source.level);
      effect["reference_level"] = file_level_value(source.reference);
    }
    effect.update({{"hr", model.fit.hr[j]},
                   {"log_hr", model.fit.coef[j]},
                   {"se", model.fit.se[j]},
                   {"centring", model.centring[j]},
                   {"source", "L1"}});
    effects.push_back(std::move(effect));
  }
  return effects;
}

json covariance_json(const ExportedCoxModel& model) {
  json names = json::array();
  for (const TermSource& source : model.sources) {
    names.push_back(source.level.empty() ? source.covariate
                                         : source.covariate + "=" + file_level_value(source.level));
  }
  return {{"names", std::move(names)}, {"matrix", matrix_json(model.fit.variance)}};
}

std::string years(double value) { return format("%.4g", value); }

json limitations_json(const ExportedCoxModel& model, const BaselinePooling& pooling) {
  const PooledBaseline& baseline = model.baseline;
  std::string exact;
  for (double time : pooling.exact_at) {
    if (time <= baseline.max_time) exact += (exact.empty() ? "" : ", ") + years(time);
  }
  return json::array(
      {"Nothing beyond " + years(baseline.max_time) +
           " years: the last follow-up on the baseline's grid, or the last step of the baseline.",
       "Fitted and judged on the same patients: expect optimism; not externally validated.",
       "Categorical covariates are indicators against their reference level; a level that is "
       "not in the cohort cannot be predicted.",
       "The baseline is pooled so that the file lists no patient's event time: its hazard is "
       "summed over intervals that end at multiples of 1/" +
           format("%.0f", static_cast<double>(pooling.grid_per_year)) + " year and hold at least " +
           format("%.0f", pooling.min_events) + " events each (" +
           format("%.0f", baseline.event_times) + " event times became " +
           format("%.0f", static_cast<double>(baseline.pool_end.size())) + " intervals)" +
           (pooling.spread_per_year > 0
                ? ", spread evenly over each interval in steps of 1/" +
                      format("%.0f", static_cast<double>(pooling.spread_per_year)) + " year"
                : std::string()) +
           ". Predictions at " + (exact.empty() ? std::string("no fixed time") : exact + " years") +
           " equal the unpooled model's; elsewhere the baseline survival moves by at most " +
           format("%.2f", 100.0 * baseline.largest_survival_change) + " percentage points.",
       "The band treats the baseline's standard error and the coefficients' covariance as "
       "independent: a modelled, approximate band."});
}

// A whole number stored as a double (n = 172.0) is written as an integer (172): a browser's
// JSON.stringify writes 172 either way, and the checksum, which tells 172.0 from 172, must
// survive the page saving the file.
json with_whole_numbers_as_integers(const json& value) {
  if (value.is_array() || value.is_object()) {
    json copy = value;
    for (auto& item : copy) item = with_whole_numbers_as_integers(item);
    return copy;
  }
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (number == std::floor(number) && std::fabs(number) < 9007199254740992.0) {
      return static_cast<std::int64_t>(number);
    }
  }
  return value;
}

}  // namespace

std::string file_level_value(const std::string& level) {
  return level == "unknown" ? "recorded_unknown" : level;
}

json average_over_mix_members(const CovariateCoding& coding, const NumericCovariateSummary& numeric,
                              const InputWording& wording, double rows) {
  const std::string label = input_label(wording, coding.covariate);
  if (coding.categorical) {
    json levels = json::array();
    for (std::size_t k = 0; k < coding.levels.size(); ++k) {
      levels.push_back({{"value", file_level_value(coding.levels[k])},
                        {"proportion", coding.level_counts[k] / rows}});
    }
    return {{"unknown",
             {{"action", "average_over_mix"},
              {"description",
               "not known: the average of the predicted curves over the "
               "cohort's mix of " +
                   label + " (" + mix_text(coding, wording, rows) + ")"}}},
            {"levels", std::move(levels)}};
  }
  std::string means;
  for (double mean : numeric.bin_mean) means += (means.empty() ? "" : ", ") + format("%.4g", mean);
  return {{"unknown",
           {{"action", "average_over_mix"},
            {"description",
             "not known: the average of the predicted curves over the cohort's "
             "distribution of " +
                 label + " (" + std::to_string(numeric.bin_mean.size()) +
                 " equal groups with means " + means + unit_suffix(wording) + ")"}}},
          {"distribution", {{"values", numeric.bin_mean}, {"proportion", numeric.bin_proportion}}}};
}

namespace {

// The file's members in their order, those that do not depend on the cohort filled in. Parsed
// from text at run time: an initializer list of this size compiles to ~20 KB of WebAssembly.
constexpr const char* kModelSkeleton = R"json({
  "format": "nelm-prediction-model", "format_version": 2, "id": null, "version": null,
  "title": null, "kind": "institution_cox", "role": "after_surgery", "synthetic": null, "description": null,
  "outcome": {"endpoint": null, "definition": null, "time_origin": null,
              "time_origin_stated": true, "time_unit": "years", "max_time": null},
  "population": {"description": null, "eligibility": ["as in the institution's export"],
                 "development": {"n": null, "events": null, "period": null,
                                 "median_follow_up": null, "source": "L1"}},
  "sources": [{"id": "L1", "citation": null}],
  "inputs": null,
  "baseline": {"type": "step", "time": null, "cumhaz": null, "cloglog_std_err": null},
  "uncertainty": {"method": "cox_model_based",
    "description": "Model-based covariance of the Cox coefficients (inverse information) and, per baseline step, the standard error of log H0 at the centring (the Tsiatis variance of R's survfit.coxph, which includes the coefficients' part at the centring). Added as independent: a modelled band, not a confidence interval of the patient's outcome.",
    "coefficient_covariance": null},
  "effect_structure": "linear_predictor", "effects": null, "anchors": [],
  "assumptions": ["Proportional hazards: S(t | x) = S0(t)^exp(lp), lp = sum of log_hr (x - centring); S0 is the Breslow estimate at the centring (each level's proportion and each number's mean among the patients used), read at the ends of the pooled steps."],
  "limitations": null,
  "provenance": {"script": "the core's export_model op (core/prediction/cox_model_export.cpp)",
                 "evidence": "the institution's cohort file (not included)"}})json";

// Every member of the file but the checksum.
json model_members(const ExportedCoxModel& model, const ModelWording& wording,
                   const BaselinePooling& pooling) {
  const std::string demo = wording.synthetic ? " (SYNTHETIC demo data, not patient data)" : "";
  std::string covariates;
  json inputs = json::array();
  for (std::size_t c = 0; c < model.coding.size(); ++c) {
    const CovariateCoding& coding = model.coding[c];
    covariates += (covariates.empty() ? "" : ", ") + coding.covariate;
    inputs.push_back(
        input_json(coding, model.numeric[c], wording_of(wording, coding.covariate), model.n));
  }
  const bool labelled = wording.title.find("SYNTHETIC") != std::string::npos;
  const PooledBaseline& baseline = model.baseline;
  json file = json::parse(std::string(kModelSkeleton));  // the std::string parser the requests use
  file["id"] = wording.id;
  file["version"] = wording.version;
  file["title"] = (wording.synthetic && !labelled ? "SYNTHETIC demo: " : "") + wording.title;
  file["synthetic"] = wording.synthetic;
  file["description"] = "A Cox model of " + wording.endpoint +
                        " fitted by the NELM calculator's "
                        "core on " +
                        format("%.0f", model.n) + " patients (" + format("%.0f", model.events) +
                        " events)" + demo + "; covariates: " + covariates + ".";
  json& outcome = file["outcome"];
  outcome["endpoint"] = wording.endpoint;
  outcome["definition"] = wording.definition;
  outcome["time_origin"] = wording.time_origin;
  outcome["max_time"] = baseline.max_time;
  file["population"]["description"] = wording.population;
  json& development = file["population"]["development"];
  development["n"] = model.n;
  development["events"] = model.events;
  development["period"] = wording.period;
  development["median_follow_up"] = number_or_null(model.median_follow_up);
  file["sources"][0]["citation"] = "Local cohort analysed in the NELM calculator" +
                                   (wording.date.empty() ? "" : " on " + wording.date) + demo + ".";
  file["inputs"] = std::move(inputs);
  // With follow-up but no events after the last step, the curve is flat up to max_time: a closing
  // step there with the last step's values states that support in the file itself, since a
  // reader refuses a max_time beyond a step baseline's last time (issue 14, item 13).
  std::vector<double> time = baseline.time, cumhaz = baseline.cumulative_hazard,
                      std_err = baseline.cloglog_std_err;
  if (!time.empty() && baseline.max_time > time.back()) {
    time.push_back(baseline.max_time);
    cumhaz.push_back(cumhaz.back());
    if (!std_err.empty()) std_err.push_back(std_err.back());
  }
  file["baseline"]["time"] = time;
  file["baseline"]["cumhaz"] = cumhaz;
  file["baseline"]["cloglog_std_err"] = std_err;
  file["uncertainty"]["coefficient_covariance"] = covariance_json(model);
  file["effects"] = effects_json(model);
  file["limitations"] = limitations_json(model, pooling);
  return file;
}

}  // namespace

json institution_model_json(const ExportedCoxModel& model, const ModelWording& wording,
                            const BaselinePooling& pooling) {
  return with_whole_numbers_as_integers(model_members(model, wording, pooling));
}

}  // namespace nelm::api
