// Reading "data": column-wise survival data, validated row by row, complete cases kept with a
// warning that counts the rows left out.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>
#include <string>

#include "api_error.h"
#include "request_limits.h"
#include "request_reader.h"

namespace nelm::api {
namespace {

constexpr double kSmallestWeight = 1e-100;
constexpr double kLargestWeight = 1e100;
constexpr double kLargestCovariate = 1e100;

// The numeric columns view the column store's copies where the request names one (no copy).
struct RawColumns {
  NumericColumn time_column, event_column, entry_column, weight_column;
  std::span<const double> time, event, entry, weight;
  std::string entry_name = "entry";  // "start" for counting-process data
  LabelColumn group, strata, id, cluster;
  std::vector<std::string> covariate_names;
  std::vector<NumericColumn> covariate_columns;
  std::vector<std::span<const double>> covariates;  // empty for a categorical covariate
  std::vector<bool> categorical;
  std::vector<LabelColumn> labels;  // empty for a numeric covariate
};

void check_length(std::size_t length, std::size_t expected, const std::string& path) {
  if (length == expected) return;
  throw ApiError("length_mismatch",
                 "this column has " + std::to_string(length) + " values but \"time\" has " +
                     std::to_string(expected) + "; every column needs one value per patient",
                 path);
}

std::vector<std::string> allowed_fields(const CohortSpec& spec) {
  std::vector<std::string> fields{"time", "event"};
  if (spec.allow_entry) fields.push_back("entry");
  if (spec.allow_start) fields.push_back("start");
  if (spec.allow_id) fields.push_back("id");
  if (spec.allow_weight) fields.push_back("weight");
  if (spec.allow_group) fields.push_back("group");
  if (spec.allow_strata) fields.push_back("strata");
  if (spec.allow_cluster) fields.push_back("cluster");
  if (spec.allow_covariates) fields.push_back("covariates");
  return fields;
}

// A numeric covariate: text in it is a typed problem of that column (issue 13: "unknown" in an
// age column), never a reason to read the column as categories.
NumericColumn read_covariate_numbers(const json& value, const std::string& path,
                                     const std::string& name) {
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) continue;
      throw ApiError("invalid_type",
                     "column " + name + " is numeric but holds the text \"" +
                         value[i].get<std::string>() +
                         "\"; send null for a missing value, or declare the column in "
                         "\"categorical\" if it holds categories",
                     child_path(path, i));
    }
  }
  return read_numeric_column_view(value, path);
}

void read_covariates(const json& covariates, const CohortSpec& spec, std::size_t n,
                     RawColumns& raw) {
  if (!covariates.is_object()) {
    throw ApiError("invalid_type", "\"covariates\" must be an object of named columns",
                   "/data/covariates");
  }
  limits::check_count(covariates.size(), limits::kMaxCovariates, "covariates", "/data/covariates");
  for (auto it = covariates.begin(); it != covariates.end(); ++it) {
    const std::string path = child_path("/data/covariates", it.key());
    if (it.key().empty()) throw ApiError("invalid_value", "a covariate needs a name", path);
    const auto& declared = spec.categorical_covariates;
    const bool categorical =
        std::find(declared.begin(), declared.end(), it.key()) != declared.end();
    raw.covariate_names.push_back(it.key());
    raw.categorical.push_back(categorical);
    if (categorical) {
      raw.labels.push_back(read_label_column(it.value(), path));
      raw.covariate_columns.emplace_back();
      check_length(raw.labels.back().index.size(), n, path);
      limits::check_count(raw.labels.back().levels.size(), limits::kMaxCovariates + 1,
                          "levels (each level but the reference is a term)", path);
    } else {
      raw.labels.emplace_back();
      raw.covariate_columns.push_back(read_covariate_numbers(it.value(), path, it.key()));
      check_length(raw.covariate_columns.back().values().size(), n, path);
    }
  }
  for (const NumericColumn& column : raw.covariate_columns) {
    raw.covariates.push_back(column.values());
  }
}

RawColumns read_raw_columns(const json& data, const CohortSpec& spec) {
  RawColumns raw;
  for (const char* required : {"time", "event"}) {
    if (!data.contains(required)) {
      throw ApiError("missing_field", std::string("\"data\" needs a \"") + required + "\" column",
                     child_path("/data", required));
    }
  }
  raw.time_column = read_numeric_column_view(data["time"], "/data/time");
  raw.time = raw.time_column.values();
  limits::check_count(raw.time.size(), limits::kMaxRows, "rows", "/data/time");
  raw.event_column = read_numeric_column_view(data["event"], "/data/event");
  raw.event = raw.event_column.values();
  const std::size_t n = raw.time.size();
  check_length(raw.event.size(), n, "/data/event");
  for (const char* name : {"entry", "start"}) {
    if (!data.contains(name)) continue;
    raw.entry_name = name;
    raw.entry_column = read_numeric_column_view(data[name], child_path("/data", name));
    raw.entry = raw.entry_column.values();
    check_length(raw.entry.size(), n, child_path("/data", name));
  }
  if (data.contains("weight")) {
    raw.weight_column = read_numeric_column_view(data["weight"], "/data/weight");
    raw.weight = raw.weight_column.values();
    check_length(raw.weight.size(), n, "/data/weight");
  }
  if (data.contains("group")) {
    raw.group = read_label_column(data["group"], "/data/group");
    check_length(raw.group.index.size(), n, "/data/group");
    limits::check_count(raw.group.levels.size(), limits::kMaxLevels, "groups", "/data/group");
  }
  if (data.contains("strata")) {
    raw.strata = read_label_column(data["strata"], "/data/strata");
    check_length(raw.strata.index.size(), n, "/data/strata");
    limits::check_count(raw.strata.levels.size(), limits::kMaxLevels, "strata", "/data/strata");
  }
  if (data.contains("id")) {  // as many levels as rows is fine: a subject per row
    raw.id = read_label_column(data["id"], "/data/id");
    check_length(raw.id.index.size(), n, "/data/id");
  }
  if (data.contains("cluster")) {  // as many levels as rows is fine: a cluster per patient
    raw.cluster = read_label_column(data["cluster"], "/data/cluster");
    check_length(raw.cluster.index.size(), n, "/data/cluster");
  }
  if (data.contains("covariates")) read_covariates(data["covariates"], spec, n, raw);
  if (spec.require_covariates && raw.covariates.empty()) {
    throw ApiError("missing_field", "this operation needs at least one covariate column",
                   "/data/covariates");
  }
  return raw;
}

bool row_is_missing(const RawColumns& raw, std::size_t i) {
  if (std::isnan(raw.time[i]) || std::isnan(raw.event[i])) return true;
  if (!raw.entry.empty() && std::isnan(raw.entry[i])) return true;
  if (!raw.weight.empty() && std::isnan(raw.weight[i])) return true;
  if (!raw.group.missing.empty() && raw.group.missing[i]) return true;
  if (!raw.strata.missing.empty() && raw.strata.missing[i]) return true;
  if (!raw.id.missing.empty() && raw.id.missing[i]) return true;
  if (!raw.cluster.missing.empty() && raw.cluster.missing[i]) return true;
  for (std::size_t c = 0; c < raw.covariates.size(); ++c) {
    if (raw.categorical[c] ? raw.labels[c].missing[i] : std::isnan(raw.covariates[c][i])) {
      return true;
    }
  }
  return false;
}

// Each analysis says which columns' missing values excluded rows (issue 13, point 3).
std::vector<std::pair<std::string, std::size_t>> count_missing_by_column(const RawColumns& raw) {
  std::vector<std::pair<std::string, std::size_t>> counts;
  auto add = [&](const std::string& name, std::size_t count) {
    if (count > 0) counts.emplace_back(name, count);
  };
  auto count_nan = [](std::span<const double> column) {
    return static_cast<std::size_t>(
        std::count_if(column.begin(), column.end(), [](double v) { return std::isnan(v); }));
  };
  auto count_flags = [](const std::vector<bool>& flags) {
    return static_cast<std::size_t>(std::count(flags.begin(), flags.end(), true));
  };
  add("time", count_nan(raw.time));
  add("event", count_nan(raw.event));
  add("entry", count_nan(raw.entry));
  add("weight", count_nan(raw.weight));
  add("group", count_flags(raw.group.missing));
  add("strata", count_flags(raw.strata.missing));
  for (std::size_t c = 0; c < raw.covariates.size(); ++c) {
    add(raw.covariate_names[c],
        raw.categorical[c] ? count_flags(raw.labels[c].missing) : count_nan(raw.covariates[c]));
  }
  return counts;
}

std::string missing_values_message(const Cohort& cohort, std::size_t n) {
  std::string by_column;
  for (const auto& [name, count] : cohort.missing_by_column) {
    by_column += (by_column.empty() ? "" : ", ") + name + " " + std::to_string(count);
  }
  return std::to_string(cohort.dropped_rows) + " of " + std::to_string(n) +
         " rows have a missing value and were left out (complete-case analysis); missing values "
         "by column: " +
         by_column;
}

void validate_row(const RawColumns& raw, std::size_t i, const CohortSpec& spec) {
  const double time = raw.time[i];
  if (!std::isfinite(time) || time < 0.0) {
    throw ApiError("invalid_time", "times must be finite numbers >= 0",
                   child_path("/data/time", i));
  }
  const double event = raw.event[i];
  const double largest_code = spec.competing_events ? 1000.0 : 1.0;
  if (event != std::floor(event) || event < 0.0 || event > largest_code) {
    throw ApiError("invalid_event",
                   spec.competing_events
                       ? "event codes must be whole numbers: 0 = censored, k = cause k"
                       : "event must be 0 (censored) or 1 (event)",
                   child_path("/data/event", i));
  }
  if (!raw.entry.empty()) {
    const std::string column = child_path("/data", raw.entry_name);
    if (!std::isfinite(raw.entry[i])) {
      throw ApiError("invalid_time", raw.entry_name + " times must be finite",
                     child_path(column, i));
    }
    if (!(raw.entry[i] < time) && raw.entry_name == "start") {
      throw ApiError("start_after_stop",
                     "each row's start must be before its \"time\" (the stop of the interval "
                     "(start, time]); this row has start " +
                         json(raw.entry[i]).dump() + " and time " + json(time).dump(),
                     child_path(column, i));
    }
    if (!(raw.entry[i] < time)) {
      throw ApiError("entry_after_exit",
                     "the entry time must be before the exit time of the same row",
                     child_path(column, i));
    }
  }
  if (!raw.weight.empty() && !(std::isfinite(raw.weight[i]) && raw.weight[i] >= 0.0)) {
    throw ApiError("invalid_weight", "weights must be finite numbers >= 0",
                   child_path("/data/weight", i));
  }
  // Sums of weights and of squared weights must stay finite and non-zero (a DBL_MAX weight made
  // every variance NaN); only the ratios of weights matter to the estimates, so rescaling helps.
  if (!raw.weight.empty() && raw.weight[i] != 0.0 &&
      !(raw.weight[i] >= kSmallestWeight && raw.weight[i] <= kLargestWeight)) {
    throw ApiError("invalid_weight",
                   "a non-zero weight must lie between 1e-100 and 1e100; rescale the weights "
                   "(only their ratios matter)",
                   child_path("/data/weight", i));
  }
  for (std::size_t c = 0; c < raw.covariates.size(); ++c) {
    if (raw.categorical[c]) continue;
    // Beyond 1e100 the squares in the information matrix overflow (a covariate of 1e300 gave
    // se 0 and z NaN in an ok:true Cox fit: hostile_numbers_fuzzer).
    if (!(std::fabs(raw.covariates[c][i]) <= kLargestCovariate)) {
      throw ApiError("invalid_value",
                     "covariate values must be finite and at most 1e100 in size; rescale the "
                     "covariate",
                     child_path(child_path("/data/covariates", raw.covariate_names[c]), i));
    }
  }
}

bool any_missing_label(const LabelColumn& column) {
  return std::find(column.missing.begin(), column.missing.end(), true) != column.missing.end();
}

// Whether every row is complete and would pass validate_row, from one tight pass per column: the
// row-by-row loop was the largest cost of a million-row request on the module's first call
// (before the JIT has optimised it). When false, that loop finds the rows to leave out and the
// first problem, exactly as before. NaN fails every comparison, so a missing value ends it too.
bool every_row_complete_and_valid(const RawColumns& raw, const CohortSpec& spec) {
  constexpr double kLargest = std::numeric_limits<double>::max();
  const double largest_code = spec.competing_events ? 1000.0 : 1.0;
  for (std::size_t i = 0; i < raw.time.size(); ++i) {
    const double time = raw.time[i], event = raw.event[i];
    if (!(time >= 0.0 && time <= kLargest && event >= 0.0 && event <= largest_code &&
          event == std::floor(event))) {
      return false;
    }
  }
  for (std::size_t i = 0; i < raw.entry.size(); ++i) {
    if (!(raw.entry[i] >= -kLargest && raw.entry[i] < raw.time[i])) return false;
  }
  for (const double weight : raw.weight) {
    if (!(weight == 0.0 || (weight >= kSmallestWeight && weight <= kLargestWeight))) return false;
  }
  for (std::size_t c = 0; c < raw.covariates.size(); ++c) {
    if (raw.categorical[c] ? any_missing_label(raw.labels[c]) : false) return false;
    for (const double value : raw.covariates[c]) {
      if (!(std::fabs(value) <= kLargestCovariate)) return false;
    }
  }
  for (const LabelColumn* labels : {&raw.group, &raw.strata, &raw.id, &raw.cluster}) {
    if (any_missing_label(*labels)) return false;
  }
  return true;
}

// Keeps the labels of the kept rows (`rows`, or every row when it is empty and nothing was
// dropped) and renumbers the levels that still occur.
LabelColumn restrict_labels(const LabelColumn& column, const std::vector<std::size_t>& rows) {
  if (rows.empty()) {
    LabelColumn all = column;
    all.missing.assign(column.index.size(), false);
    return all;
  }
  std::vector<long> new_index(column.levels.size(), -1);
  for (std::size_t row : rows) new_index[column.index[row]] = 0;
  LabelColumn restricted;
  for (std::size_t level = 0; level < column.levels.size(); ++level) {
    if (new_index[level] < 0) continue;
    new_index[level] = static_cast<long>(restricted.levels.size());
    restricted.levels.push_back(column.levels[level]);
  }
  restricted.index.resize(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    restricted.index[k] = static_cast<std::size_t>(new_index[column.index[rows[k]]]);
  }
  restricted.missing.assign(rows.size(), false);
  return restricted;
}

}  // namespace

Cohort read_cohort(const json& request, const CohortSpec& spec, Warnings& warnings) {
  if (!request.contains("data")) {
    throw ApiError("missing_field", "the request needs a \"data\" object with time and event",
                   "/data");
  }
  const json& data = request["data"];
  if (!data.is_object()) {
    throw ApiError("invalid_type", "\"data\" must be an object of columns", "/data");
  }
  reject_unknown_members(data, "/data", allowed_fields(spec));
  const RawColumns raw = read_raw_columns(data, spec);
  const std::size_t n = raw.time.size();
  if (n == 0) throw ApiError("empty_data", "the data hold no rows", "/data/time");

  Cohort cohort;
  if (every_row_complete_and_valid(raw, spec)) {  // whole columns at once
    cohort.survival.time.assign(raw.time.begin(), raw.time.end());
    cohort.survival.event.resize(n);
    for (std::size_t i = 0; i < n; ++i) cohort.survival.event[i] = static_cast<int>(raw.event[i]);
    cohort.survival.entry.assign(raw.entry.begin(), raw.entry.end());
    cohort.survival.weight.assign(raw.weight.begin(), raw.weight.end());
  } else {
    cohort.source_row.reserve(n);
    cohort.survival.time.reserve(n);
    cohort.survival.event.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (row_is_missing(raw, i)) {
        ++cohort.dropped_rows;
        continue;
      }
      validate_row(raw, i, spec);
      cohort.source_row.push_back(i);
      cohort.survival.time.push_back(raw.time[i]);
      cohort.survival.event.push_back(static_cast<int>(raw.event[i]));
      if (!raw.entry.empty()) cohort.survival.entry.push_back(raw.entry[i]);
      if (!raw.weight.empty()) cohort.survival.weight.push_back(raw.weight[i]);
    }
  }
  if (cohort.survival.time.empty()) {
    throw ApiError("empty_data", "every row has a missing value; nothing is left to analyse",
                   "/data");
  }
  if (!cohort.survival.weight.empty() &&
      std::all_of(cohort.survival.weight.begin(), cohort.survival.weight.end(),
                  [](double w) { return w == 0.0; })) {
    // Caught here for every op: the cores' own checks said "collinear" or "no events" instead.
    throw ApiError("no_observations",
                   "every weight is 0, so no row counts; give at least one positive weight",
                   "/data/weight");
  }
  if (cohort.dropped_rows > 0) {
    cohort.missing_by_column = count_missing_by_column(raw);
    warnings.push_back({"missing_values", missing_values_message(cohort, n), ""});
  }
  cohort.has_group = !raw.group.index.empty();
  if (cohort.has_group) cohort.group = restrict_labels(raw.group, cohort.source_row);
  cohort.has_strata = !raw.strata.index.empty();
  if (cohort.has_strata) cohort.strata = restrict_labels(raw.strata, cohort.source_row);
  cohort.has_id = !raw.id.index.empty();
  if (cohort.has_id) cohort.id = restrict_labels(raw.id, cohort.source_row);
  cohort.has_cluster = !raw.cluster.index.empty();
  if (cohort.has_cluster) cohort.cluster = restrict_labels(raw.cluster, cohort.source_row);
  cohort.covariate_names = raw.covariate_names;
  cohort.covariate_is_categorical = raw.categorical;
  // A refusal about a row names the request's row; without dropped rows it is the same number.
  if (cohort.dropped_rows > 0) cohort.survival.row_id = cohort.source_row;
  for (std::size_t c = 0; c < raw.covariates.size(); ++c) {
    std::vector<double> kept;
    if (raw.categorical[c]) {
      cohort.covariate_labels.push_back(restrict_labels(raw.labels[c], cohort.source_row));
    } else {
      cohort.covariate_labels.emplace_back();
      if (cohort.dropped_rows == 0) {
        kept.assign(raw.covariates[c].begin(), raw.covariates[c].end());
      } else {
        kept.reserve(cohort.source_row.size());
        for (std::size_t row : cohort.source_row) kept.push_back(raw.covariates[c][row]);
      }
    }
    cohort.covariates.push_back(std::move(kept));
  }
  return cohort;
}

}  // namespace nelm::api
