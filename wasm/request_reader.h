// Reading and validating request JSON once, at the boundary: every refusal names the JSON pointer
// of the offending value and says what to fix. Produces plain core inputs.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/core_error.h"
#include "common/survival_data.h"

namespace nelm::api {

using json = nlohmann::ordered_json;  // keeps the caller's order of keys (covariates, terms)

std::string child_path(const std::string& parent, const std::string& key);
std::string child_path(const std::string& parent, std::size_t index);

// Refuses any member of `object` not in `allowed` (catches typos such as "conf_levle").
void reject_unknown_members(const json& object, const std::string& path,
                            const std::vector<std::string>& allowed);

double read_number(const json& request, const std::string& key, const std::string& path,
                   double default_value);
double read_positive_number(const json& request, const std::string& key, const std::string& path,
                            double default_value);
int read_integer(const json& request, const std::string& key, const std::string& path,
                 int default_value, int minimum, int maximum);
bool read_bool(const json& request, const std::string& key, const std::string& path,
               bool default_value);
std::string read_choice(const json& request, const std::string& key, const std::string& path,
                        const std::string& default_value, const std::vector<std::string>& choices);
double read_conf_level(const json& request, const std::string& path);
ConfidenceTransform read_conf_type(const json& request, const std::string& path);
// A list of finite non-negative numbers (times, horizons); empty if absent.
std::vector<double> read_time_list(const json& request, const std::string& key,
                                   const std::string& path);
// A list of probabilities strictly between 0 and 1.
std::vector<double> read_probability_list(const json& request, const std::string& key,
                                          const std::string& path, std::vector<double> fallback);

// "profile": one finite number per covariate, in the order of `names` (empty if absent).
std::vector<double> read_profile(const json& request, const std::vector<std::string>& names);

// "conditional": {"time": t0 >= 0, "horizons": [s, ...] (at least one)}.
struct ConditionalRequest {
  double time = 0.0;
  std::vector<double> horizons;
};
ConditionalRequest read_conditional(const json& request);

// A numeric column: a JSON array (null = missing) or {"column": name} from the fast path. NaN
// marks missing values in the result; text, booleans and infinities are refused with the path.
std::vector<double> read_numeric_column(const json& value, const std::string& path);
// The same without copying a stored column (a million-row column is 8 MB): values() views the
// column store's copy (valid until the next put_column or clear_columns) or the values read from
// a JSON array.
struct NumericColumn {
  std::vector<double> owned;
  const std::vector<double>* stored = nullptr;
  std::span<const double> values() const {
    return stored ? std::span<const double>(*stored) : std::span<const double>(owned);
  }
};
NumericColumn read_numeric_column_view(const json& value, const std::string& path);

// A categorical column (strings or numbers; null = missing). Levels are ordered as R orders factor
// levels: numerically when every label is a number, otherwise by text.
struct LabelColumn {
  std::vector<std::string> levels;
  std::vector<std::size_t> index;  // level per row; meaningless where missing
  std::vector<bool> missing;
};
LabelColumn read_label_column(const json& value, const std::string& path);
// A numeric label written as R prints a factor level: 1 not 1.0, 2.5 as 2.5, -0 as 0.
std::string number_label(double value);

// What an operation accepts in "data".
struct CohortSpec {
  bool competing_events = false;  // event codes 0..K instead of 0/1
  bool allow_entry = false;
  bool allow_start = false;  // "start": counting-process (start, time] intervals (cox)
  bool allow_id = false;     // "id": subject or cluster labels (cox)
  bool allow_weight = false;
  bool allow_group = false;
  bool allow_strata = false;
  bool allow_cluster = false;  // "cluster": labels for a clustered (robust) variance
  bool allow_covariates = false;
  bool require_covariates = false;
  // Covariates read as labels (strings or numbers) instead of numbers: the request's
  // "categorical" declarations (covariate_reader.h).
  std::vector<std::string> categorical_covariates;
};

// The validated complete cases of "data". "entry" and "start" both fill survival.entry.
struct Cohort {
  SurvivalData survival;
  // The index in the request of each kept row; empty when no row was dropped (then row i is the
  // request's row i): read it through source_row_of.
  std::vector<std::size_t> source_row;
  std::size_t source_row_of(std::size_t i) const { return source_row.empty() ? i : source_row[i]; }
  bool has_group = false;
  LabelColumn group;  // restricted to kept rows, levels of kept rows only
  bool has_strata = false;
  LabelColumn strata;
  bool has_id = false;
  LabelColumn id;  // restricted to kept rows
  bool has_cluster = false;
  LabelColumn cluster;
  std::vector<std::string> covariate_names;
  std::vector<std::vector<double>> covariates;  // one column per covariate, kept rows (empty if
                                                // the covariate is categorical)
  std::vector<bool> covariate_is_categorical;   // one per covariate
  std::vector<LabelColumn> covariate_labels;    // one per covariate: kept rows, if categorical
  std::size_t dropped_rows = 0;
  // The columns whose missing values left rows out, with how many each (a row may count twice).
  std::vector<std::pair<std::string, std::size_t>> missing_by_column;
};
Cohort read_cohort(const json& request, const CohortSpec& spec, Warnings& warnings);

// The rows of a cohort belonging to each group level, in level order.
std::vector<std::vector<std::size_t>> rows_by_level(const LabelColumn& column);

}  // namespace nelm::api
