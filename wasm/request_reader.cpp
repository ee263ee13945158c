// Validation of request options and of the "data" block; see request_reader.h.
#include "request_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string_view>

#include "api_error.h"
#include "column_store.h"
#include "numerics/sort_order.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

std::string escape_pointer_token(const std::string& key) {
  std::string escaped;
  for (char c : key) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return escaped;
}

std::string describe(const json& value) {
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

[[noreturn]] void refuse(const std::string& code, const std::string& message,
                         const std::string& path) {
  throw ApiError(code, message, path);
}

const json* member(const json& object, const std::string& key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace

std::string number_label(double value) {
  char buffer[32];
  // + 0.0 turns -0 into 0: R's as.character(-0) is "0", so -0 and 0 are one level.
  std::snprintf(buffer, sizeof buffer, "%.15g", value + 0.0);
  return buffer;
}

std::string child_path(const std::string& parent, const std::string& key) {
  return parent + "/" + escape_pointer_token(key);
}

std::string child_path(const std::string& parent, std::size_t index) {
  return parent + "/" + std::to_string(index);
}

void reject_unknown_members(const json& object, const std::string& path,
                            const std::vector<std::string>& allowed) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
    std::string expected;
    for (std::size_t i = 0; i < allowed.size(); ++i) expected += (i ? ", " : "") + allowed[i];
    refuse("unknown_field", "unknown field \"" + it.key() + "\"; expected one of: " + expected,
           child_path(path, it.key()));
  }
}

double read_number(const json& request, const std::string& key, const std::string& path,
                   double default_value) {
  const json* value = member(request, key);
  if (!value) return default_value;
  const std::string at = child_path(path, key);
  if (!value->is_number()) refuse("invalid_type", key + " must be a number", at);
  const double number = value->get<double>();
  if (!std::isfinite(number)) refuse("invalid_value", key + " must be finite", at);
  return number;
}

double read_positive_number(const json& request, const std::string& key, const std::string& path,
                            double default_value) {
  const double number = read_number(request, key, path, default_value);
  if (!(number > 0.0)) {
    refuse("invalid_value", key + " must be greater than 0", child_path(path, key));
  }
  return number;
}

int read_integer(const json& request, const std::string& key, const std::string& path,
                 int default_value, int minimum, int maximum) {
  const json* value = member(request, key);
  if (!value) return default_value;
  const std::string at = child_path(path, key);
  if (!value->is_number_integer()) refuse("invalid_type", key + " must be a whole number", at);
  const auto number = value->get<long long>();
  if (number < minimum || number > maximum) {
    refuse("invalid_value",
           key + " must be between " + std::to_string(minimum) + " and " + std::to_string(maximum),
           at);
  }
  return static_cast<int>(number);
}

bool read_bool(const json& request, const std::string& key, const std::string& path,
               bool default_value) {
  const json* value = member(request, key);
  if (!value) return default_value;
  if (!value->is_boolean())
    refuse("invalid_type", key + " must be true or false", child_path(path, key));
  return value->get<bool>();
}

std::string read_choice(const json& request, const std::string& key, const std::string& path,
                        const std::string& default_value, const std::vector<std::string>& choices) {
  const json* value = member(request, key);
  if (!value) return default_value;
  const std::string at = child_path(path, key);
  if (value->is_string()) {
    const auto text = value->get<std::string>();
    if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
  }
  std::string expected;
  for (std::size_t i = 0; i < choices.size(); ++i)
    expected += (i ? ", \"" : "\"") + choices[i] + '"';
  refuse("invalid_value", key + " must be one of " + expected + "; got " + describe(*value), at);
}

double read_conf_level(const json& request, const std::string& path) {
  const double level = read_number(request, "conf_level", path, 0.95);
  if (!(level > 0.0 && level < 1.0)) {
    refuse("invalid_value", "conf_level must be strictly between 0 and 1, e.g. 0.95",
           child_path(path, "conf_level"));
  }
  return level;
}

ConfidenceTransform read_conf_type(const json& request, const std::string& path) {
  const std::string type =
      read_choice(request, "conf_type", path, "log-log", {"log-log", "log", "plain"});
  if (type == "log") return ConfidenceTransform::log;
  if (type == "plain") return ConfidenceTransform::plain;
  return ConfidenceTransform::log_log;
}

std::vector<double> read_time_list(const json& request, const std::string& key,
                                   const std::string& path) {
  const json* value = member(request, key);
  if (!value) return {};
  const std::string at = child_path(path, key);
  if (!value->is_array()) refuse("invalid_type", key + " must be an array of numbers", at);
  limits::check_count(value->size(), limits::kMaxListLength, key, at);
  std::vector<double> times;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& item = (*value)[i];
    if (!item.is_number() || !std::isfinite(item.get<double>()) || item.get<double>() < 0.0) {
      refuse("invalid_value", key + " must hold finite numbers >= 0", child_path(at, i));
    }
    times.push_back(item.get<double>());
  }
  return times;
}

std::vector<double> read_probability_list(const json& request, const std::string& key,
                                          const std::string& path, std::vector<double> fallback) {
  const json* value = member(request, key);
  if (!value) return fallback;
  const std::string at = child_path(path, key);
  if (!value->is_array()) refuse("invalid_type", key + " must be an array of numbers", at);
  limits::check_count(value->size(), limits::kMaxListLength, key, at);
  std::vector<double> probabilities;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& item = (*value)[i];
    if (!item.is_number() || !(item.get<double>() > 0.0 && item.get<double>() < 1.0)) {
      refuse("invalid_value", key + " must hold numbers strictly between 0 and 1",
             child_path(at, i));
    }
    probabilities.push_back(item.get<double>());
  }
  return probabilities;
}

std::vector<double> read_profile(const json& request, const std::vector<std::string>& names) {
  std::vector<double> profile;
  const json* given = member(request, "profile");
  if (!given) return profile;
  if (!given->is_object()) {
    refuse("invalid_type", "\"profile\" must be an object: one value per covariate", "/profile");
  }
  reject_unknown_members(*given, "/profile", names);
  for (const auto& name : names) {
    if (!given->contains(name)) {
      refuse("missing_field", "the profile needs a value for \"" + name + "\"",
             child_path("/profile", name));
    }
    profile.push_back(read_number(*given, name, "/profile", 0.0));
  }
  return profile;
}

ConditionalRequest read_conditional(const json& request) {
  const json* conditional = member(request, "conditional");
  if (!conditional || !conditional->is_object()) {
    refuse("invalid_type", "\"conditional\" must be {\"time\": t0, \"horizons\": [s1, s2, ...]}",
           "/conditional");
  }
  reject_unknown_members(*conditional, "/conditional", {"time", "horizons"});
  if (!conditional->contains("time")) {
    refuse("missing_field", "\"conditional\" needs the conditioning \"time\"", "/conditional/time");
  }
  ConditionalRequest parsed;
  parsed.time = read_number(*conditional, "time", "/conditional", 0.0);
  if (parsed.time < 0.0) {
    refuse("invalid_value", "the conditioning time must be >= 0", "/conditional/time");
  }
  parsed.horizons = read_time_list(*conditional, "horizons", "/conditional");
  for (std::size_t i = 0; i < parsed.horizons.size(); ++i) {
    if (!std::isfinite(parsed.time + parsed.horizons[i])) {
      refuse("invalid_value", "time + horizon exceeds the range of numbers",
             child_path("/conditional/horizons", i));
    }
  }
  if (parsed.horizons.empty()) {
    refuse("missing_field", "\"conditional\" needs at least one horizon", "/conditional/horizons");
  }
  return parsed;
}

NumericColumn read_numeric_column_view(const json& value, const std::string& path) {
  if (!value.is_object()) return {read_numeric_column(value, path), nullptr};
  reject_unknown_members(value, path, {"column"});
  const json* name = member(value, "column");
  if (!name || !name->is_string()) {
    refuse("invalid_type", "a column reference must be {\"column\": \"<name>\"}", path);
  }
  const std::vector<double>* stored = find_stored_column(name->get<std::string>());
  if (!stored) {
    refuse("unknown_column",
           "no column named \"" + name->get<std::string>() + "\" was handed over with put_column",
           child_path(path, "column"));
  }
  for (std::size_t i = 0; i < stored->size(); ++i) {
    if (std::isinf((*stored)[i])) {
      refuse("invalid_value", "values must be finite (NaN marks a missing value)",
             child_path(path, i));
    }
  }
  return {{}, stored};
}

std::vector<double> read_numeric_column(const json& value, const std::string& path) {
  if (value.is_object()) {
    const std::span<const double> stored = read_numeric_column_view(value, path).values();
    return {stored.begin(), stored.end()};
  }
  if (!value.is_array()) {
    refuse("invalid_type", "expected an array of numbers (null for a missing value)", path);
  }
  std::vector<double> numbers(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json& item = value[i];
    if (item.is_null()) {
      numbers[i] = std::nan("");
    } else if (item.is_number()) {
      numbers[i] = item.get<double>();
    } else {
      refuse("invalid_type", "expected a number or null, got " + describe(item),
             child_path(path, i));
    }
  }
  return numbers;
}

namespace {

// Levels of numeric labels in numeric order (NaN = missing). A label is printed only where the
// value changes, not once per row: printing was most of a million-row group column's cost.
// Values that print alike (equal to 15 significant digits) still share a level.
LabelColumn numeric_label_column(std::span<const double> numeric) {
  LabelColumn column;
  column.missing.assign(numeric.size(), false);
  column.index.assign(numeric.size(), 0);
  bool have_previous = false;
  double previous = 0.0;
  for (std::size_t row : ascending_order(numeric)) {  // a stable radix sort
    const double value = numeric[row];
    if (std::isnan(value)) {
      column.missing[row] = true;
      continue;
    }
    if (!have_previous || value != previous) {
      std::string label = number_label(value);
      if (column.levels.empty() || column.levels.back() != label) {
        column.levels.push_back(std::move(label));
      }
      previous = value;
      have_previous = true;
    }
    column.index[row] = column.levels.size() - 1;
  }
  return column;
}

// Levels of labels of which at least one is a string: in the order of their text, as R sorts a
// character vector's factor levels (C locale). A column has few distinct labels, so they are
// collected first (std::map orders string_views as std::string orders the strings) and only
// those are ordered, instead of sorting every row's text.
LabelColumn text_label_column(std::vector<std::string> text, std::vector<bool> missing) {
  LabelColumn column;
  std::map<std::string_view, std::size_t> level_of;  // label -> its level, set once all are seen
  std::vector<std::map<std::string_view, std::size_t>::iterator> row_label(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!missing[i]) row_label[i] = level_of.try_emplace(text[i], 0).first;
  }
  for (auto& [label, level] : level_of) {
    level = column.levels.size();
    column.levels.emplace_back(label);
  }
  column.index.assign(text.size(), 0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!missing[i]) column.index[i] = row_label[i]->second;
  }
  column.missing = std::move(missing);
  return column;
}

}  // namespace

LabelColumn read_label_column(const json& value, const std::string& path) {
  // The typed-array fast path: numeric labels handed over with put_column, NaN if missing.
  if (value.is_object()) {
    return numeric_label_column(read_numeric_column_view(value, path).values());
  }
  if (!value.is_array()) {
    refuse("invalid_type",
           "expected an array of labels (strings or numbers, null if missing) or "
           "{\"column\": \"<name>\"}",
           path);
  }
  std::vector<std::string> text(value.size());
  std::vector<double> numeric(value.size(), std::nan(""));
  std::vector<bool> missing(value.size(), false);
  bool all_numeric = true;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json& item = value[i];
    if (item.is_null()) {
      missing[i] = true;
    } else if (item.is_string()) {
      text[i] = item.get<std::string>();
      all_numeric = false;
    } else if (item.is_number()) {
      numeric[i] = item.get<double>();  // its text is made only where it is needed
    } else {
      refuse("invalid_type", "a label must be a string or a number, got " + describe(item),
             child_path(path, i));
    }
  }
  if (all_numeric) return numeric_label_column(numeric);
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i].is_number()) text[i] = number_label(numeric[i]);
  }
  return text_label_column(std::move(text), std::move(missing));
}

std::vector<std::vector<std::size_t>> rows_by_level(const LabelColumn& column) {
  std::vector<std::vector<std::size_t>> rows(column.levels.size());
  for (std::size_t i = 0; i < column.index.size(); ++i) {
    if (!column.missing[i]) rows[column.index[i]].push_back(i);
  }
  return rows;
}

}  // namespace nelm::api
