// op "calibrate": a model's predicted survival at given times against a cohort's observed
// survival: risk groups, mean predicted vs Kaplan-Meier per group and overall, the calibration
// slope and Harrell's C, all computed in the core (core/prediction/calibration.h).
#include <cmath>

#include "api_error.h"
#include "covariate_reader.h"
#include "cox_result_json.h"
#include "json_output.h"
#include "operations.h"
#include "prediction/calibration.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

// One column per time, each one value per row of "data" (null = no prediction: row left out).
std::vector<std::vector<double>> read_predictions(const json& request, std::size_t times,
                                                  std::size_t rows) {
  if (!request.contains("predicted_surv")) {
    throw ApiError("missing_field",
                   "give \"predicted_surv\": one column of predicted survival "
                   "per time in \"times\"",
                   "/predicted_surv");
  }
  const json& columns = request["predicted_surv"];
  if (!columns.is_array()) {
    throw ApiError("invalid_type", "\"predicted_surv\" must be an array of columns, one per time",
                   "/predicted_surv");
  }
  if (columns.size() != times) {
    throw ApiError("length_mismatch",
                   "\"predicted_surv\" has " + std::to_string(columns.size()) +
                       " columns but "
                       "\"times\" has " +
                       std::to_string(times) + "; give one column per time",
                   "/predicted_surv");
  }
  std::vector<std::vector<double>> predictions;
  for (std::size_t h = 0; h < times; ++h) {
    const std::string at = child_path("/predicted_surv", h);
    predictions.push_back(read_numeric_column(columns[h], at));
    if (predictions.back().size() != rows) {
      throw ApiError("length_mismatch",
                     "this column has " + std::to_string(predictions.back().size()) +
                         " predictions but \"data\" has " + std::to_string(rows) + " rows",
                     at);
    }
    for (std::size_t i = 0; i < rows; ++i) {
      const double value = predictions.back()[i];
      if (!std::isnan(value) && !(value >= 0.0 && value <= 1.0)) {
        throw ApiError("invalid_value", "a predicted survival is a probability in [0, 1]",
                       child_path(at, i));
      }
    }
  }
  return predictions;
}

// The rows read_cohort kept that also have a prediction at every time.
CalibrationInput complete_input(const Cohort& cohort,
                                const std::vector<std::vector<double>>& predictions,
                                std::size_t& without_prediction) {
  CalibrationInput input;
  input.predicted_survival.resize(predictions.size());
  for (std::size_t k = 0; k < cohort.survival.size(); ++k) {
    const std::size_t row = cohort.source_row_of(k);
    bool complete = true;
    for (const auto& column : predictions) complete = complete && !std::isnan(column[row]);
    if (!complete) {
      ++without_prediction;
      continue;
    }
    input.survival.time.push_back(cohort.survival.time[k]);
    input.survival.event.push_back(cohort.survival.event[k]);
    for (std::size_t h = 0; h < predictions.size(); ++h) {
      input.predicted_survival[h].push_back(predictions[h][row]);
    }
  }
  return input;
}

json observed_json(const ObservedSurvival& observed) {
  return {{"surv", number_or_null(observed.surv)},
          {"std_err", number_or_null(observed.std_err)},
          {"lower", number_or_null(observed.lower)},
          {"upper", number_or_null(observed.upper)},
          {"n_risk", observed.n_risk}};
}

json group_json(const CalibrationGroup& group) {
  json result = json::object();
  if (group.group > 0) result["group"] = group.group;
  result.update({{"n", group.n},
                 {"events", group.events},
                 {"predicted", number_or_null(group.predicted)},
                 {"predicted_min", number_or_null(group.predicted_min)},
                 {"predicted_max", number_or_null(group.predicted_max)},
                 {"observed", observed_json(group.observed)}});
  return result;
}

json at_time_json(const CalibrationAtHorizon& at) {
  json groups = json::array();
  for (const auto& group : at.groups) groups.push_back(group_json(group));
  json overall = group_json(at.overall);
  overall["difference"] = number_or_null(at.difference);
  json slope = nullptr;
  if (at.slope.estimable) {
    slope = {{"coef", at.slope.slope},
             {"se", at.slope.std_err},
             {"lower", at.slope.lower},
             {"upper", at.slope.upper},
             {"p", number_or_null(at.slope.p)}};
  }
  return {{"time", at.horizon},
          {"groups", std::move(groups)},
          {"overall", std::move(overall)},
          {"slope", std::move(slope)},
          {"concordance", concordance_json(at.concordance)}};
}

std::vector<double> read_times(const json& request) {
  const std::vector<double> times = read_time_list(request, "times", "");
  if (times.empty()) {
    throw ApiError("missing_field", "give the \"times\" at which the survival was predicted",
                   "/times");
  }
  for (std::size_t h = 0; h < times.size(); ++h) {
    if (!(times[h] > 0.0)) {
      throw ApiError("invalid_value", "calibration times must be > 0", child_path("/times", h));
    }
  }
  return times;
}

}  // namespace

json run_calibrate(const json& request, Warnings& warnings) {
  reject_unknown_members(
      request, "", {"op", "data", "times", "predicted_surv", "groups", "conf_type", "conf_level"});
  const std::vector<double> times = read_times(request);
  const std::string conf_type =
      read_choice(request, "conf_type", "", "log-log", {"log-log", "log", "plain"});
  const int groups = read_integer(request, "groups", "", 3, 2, 20);
  const Cohort cohort = read_cohort(request, CohortSpec{}, warnings);
  const std::size_t rows = cohort.dropped_rows + cohort.survival.size();
  // Per time: a sort, one Kaplan-Meier per group and a one-covariate Cox fit (~20 passes).
  limits::check_work(static_cast<double>(rows) * static_cast<double>(times.size()) * 25.0,
                     "rows x times (a Cox fit and Kaplan-Meier curves per time)", "/times");
  const std::vector<std::vector<double>> predictions =
      read_predictions(request, times.size(), rows);
  std::size_t without_prediction = 0;
  CalibrationInput input = complete_input(cohort, predictions, without_prediction);
  if (without_prediction > 0) {
    warnings.push_back({"missing_values",
                        std::to_string(without_prediction) + " of " +
                            std::to_string(cohort.survival.size()) +
                            " rows with an outcome have no prediction (null) at one of the "
                            "times and were left out",
                        ""});
  }
  if (input.survival.size() == 0) {
    throw ApiError("empty_data",
                   "no row has both an observed outcome and a prediction at every "
                   "time",
                   "/predicted_surv");
  }
  input.horizons = times;
  input.risk_groups = static_cast<std::size_t>(groups);
  input.transform = read_conf_type(request, "");
  input.conf_level = read_conf_level(request, "");
  const CalibrationResult result = calibrate_predictions(input);
  warnings.insert(warnings.end(), result.warnings.begin(), result.warnings.end());
  json missing = missing_json(cohort);
  missing["rows"] = cohort.dropped_rows + without_prediction;
  if (without_prediction > 0) missing["by_column"]["predicted_surv"] = without_prediction;
  json at_times = json::array();
  for (const auto& at : result.horizons) at_times.push_back(at_time_json(at));
  double events = 0.0;
  for (int event : input.survival.event) events += event != 0 ? 1.0 : 0.0;
  return {{"conf_type", conf_type},
          {"conf_level", input.conf_level},
          {"n", static_cast<double>(input.survival.size())},
          {"nevent", events},
          {"groups", groups},
          {"missing", std::move(missing)},
          {"at_times", std::move(at_times)}};
}

}  // namespace nelm::api
