// "profile_path" of op "cox": reading covariate paths (start/time intervals with covariates,
// optional strata and id) and answering with one predicted curve per path, as R's
// survfit(coxph_fit, newdata, id = id) on counting-process data.
#include <cmath>
#include <map>

#include "api_error.h"
#include "cox_result_json.h"
#include "json_output.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

constexpr const char* kPath = "/profile_path";

// A column of finite numbers at `at`; `rows` = 0 takes any length.
std::vector<double> read_finite_column(const json& column, const std::string& at,
                                       const std::string& what, std::size_t rows) {
  if (!column.is_array()) throw ApiError("invalid_type", what + " must be an array of numbers", at);
  if (rows != 0 && column.size() != rows) {
    throw ApiError("length_mismatch",
                   "this column has " + std::to_string(column.size()) +
                       " values but \"start\" has " + std::to_string(rows) +
                       "; every column needs one value per interval",
                   at);
  }
  std::vector<double> values;
  for (std::size_t i = 0; i < column.size(); ++i) {
    const json& item = column[i];
    if (!item.is_number() || !std::isfinite(item.get<double>()) ||
        std::fabs(item.get<double>()) > 1e100) {
      throw ApiError("invalid_value", what + " must hold finite numbers (at most 1e100 in size)",
                     child_path(at, i));
    }
    values.push_back(item.get<double>());
  }
  return values;
}

const json& required_member(const json& object, const std::string& key) {
  if (!object.contains(key)) {
    throw ApiError("missing_field", "\"profile_path\" needs \"" + key + "\"",
                   child_path(kPath, key));
  }
  return object[key];
}

// One path per id (in order of first appearance; all rows one path without "id").
struct PathRequest {
  std::vector<std::string> ids;  // empty label: no "id" given
  std::vector<std::vector<std::size_t>> rows;
  std::vector<double> start, stop;
  std::vector<std::vector<double>> covariates;  // per row
  std::vector<std::size_t> stratum;             // per row, labels of the model's strata
};

void read_path_strata(const json& given, const LabelColumn& strata, std::size_t m,
                      PathRequest& path) {
  if (strata.levels.empty()) return;
  if (!given.contains("strata")) {
    throw ApiError("missing_field",
                   "the model is stratified: give each interval's stratum in \"strata\"",
                   child_path(kPath, "strata"));
  }
  const LabelColumn labels = read_label_column(given["strata"], child_path(kPath, "strata"));
  if (labels.index.size() != m) {
    throw ApiError("length_mismatch", "\"strata\" needs one label per interval",
                   child_path(kPath, "strata"));
  }
  for (std::size_t i = 0; i < m; ++i) {
    const std::string at = child_path(child_path(kPath, "strata"), i);
    if (labels.missing[i]) throw ApiError("invalid_value", "a stratum label is missing", at);
    const std::string& label = labels.levels[labels.index[i]];
    std::size_t level = 0;
    while (level < strata.levels.size() && strata.levels[level] != label) ++level;
    if (level == strata.levels.size()) {
      throw ApiError("invalid_value", "\"" + label + "\" is not a stratum of the data", at);
    }
    path.stratum.push_back(level);
  }
}

void group_by_id(const json& given, std::size_t m, PathRequest& path) {
  if (!given.contains("id")) {
    path.ids.push_back("");
    path.rows.emplace_back();
    for (std::size_t i = 0; i < m; ++i) path.rows[0].push_back(i);
    return;
  }
  const LabelColumn id = read_label_column(given["id"], child_path(kPath, "id"));
  if (id.index.size() != m) {
    throw ApiError("length_mismatch", "\"id\" needs one label per interval",
                   child_path(kPath, "id"));
  }
  std::map<std::size_t, std::size_t> path_of_level;
  for (std::size_t i = 0; i < m; ++i) {
    if (id.missing[i]) {
      throw ApiError("invalid_value", "an id is missing", child_path(child_path(kPath, "id"), i));
    }
    auto found = path_of_level.find(id.index[i]);
    if (found == path_of_level.end()) {
      found = path_of_level.emplace(id.index[i], path.ids.size()).first;
      path.ids.push_back(id.levels[id.index[i]]);
      path.rows.emplace_back();
    }
    path.rows[found->second].push_back(i);
  }
}

PathRequest read_path(const json& request, const CoxData& data, const LabelColumn& strata) {
  const json& given = request["profile_path"];
  if (!given.is_object()) {
    throw ApiError("invalid_type",
                   "\"profile_path\" must be an object of columns: start, time, covariates", kPath);
  }
  reject_unknown_members(given, kPath, {"start", "time", "covariates", "strata", "id"});
  PathRequest path;
  path.start =
      read_finite_column(required_member(given, "start"), child_path(kPath, "start"), "start", 0);
  limits::check_count(path.start.size(), limits::kMaxListLength, "path intervals",
                      child_path(kPath, "start"));
  const std::size_t m = path.start.size();
  if (m == 0) throw ApiError("empty_data", "the path has no intervals", child_path(kPath, "start"));
  path.stop =
      read_finite_column(required_member(given, "time"), child_path(kPath, "time"), "time", m);
  if (!given.contains("covariates") || !given["covariates"].is_object()) {
    throw ApiError(given.contains("covariates") ? "invalid_type" : "missing_field",
                   "\"profile_path\" needs \"covariates\": an object of numeric columns",
                   child_path(kPath, "covariates"));
  }
  const json& covariates = given["covariates"];
  const std::string covariates_at = child_path(kPath, "covariates");
  reject_unknown_members(covariates, covariates_at, data.covariate_names);
  path.covariates.assign(m, std::vector<double>(data.covariate_names.size()));
  for (std::size_t k = 0; k < data.covariate_names.size(); ++k) {
    const std::string& name = data.covariate_names[k];
    if (!covariates.contains(name)) {
      throw ApiError("missing_field", "the path needs a column for \"" + name + "\"",
                     child_path(covariates_at, name));
    }
    const std::vector<double> column =
        read_finite_column(covariates[name], child_path(covariates_at, name), name, m);
    for (std::size_t i = 0; i < m; ++i) path.covariates[i][k] = column[i];
  }
  read_path_strata(given, strata, m, path);
  group_by_id(given, m, path);
  return path;
}

// Intervals of one path must follow each other (R would silently compress a gap).
void check_contiguous(const PathRequest& path, std::size_t p_index) {
  const std::vector<std::size_t>& rows = path.rows[p_index];
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const std::size_t i = rows[k];
    if (!(path.start[i] < path.stop[i])) {
      throw ApiError("start_after_stop", "each interval's start must be before its time",
                     child_path(child_path(kPath, "start"), i));
    }
    if (k > 0 && path.start[i] != path.stop[rows[k - 1]]) {
      throw ApiError("invalid_value",
                     "a path's intervals must follow each other: this start must equal the "
                     "previous interval's time",
                     child_path(child_path(kPath, "start"), i));
    }
  }
}

void check_relative_risk(const CoxFit& fit, const PathRequest& path) {
  for (std::size_t i = 0; i < path.start.size(); ++i) {
    double eta = 0.0;
    for (std::size_t j = 0; j < fit.coef.size(); ++j) {
      eta += (path.covariates[i][j] - fit.means[j]) * fit.coef[j];
    }
    if (!(std::fabs(eta) < 700.0)) {
      throw ApiError("invalid_value",
                     "this interval's covariates lie so far from the data that the relative risk "
                     "exp(x'beta) is beyond the double range; check their values and units",
                     child_path(child_path(kPath, "covariates"), i));
    }
  }
}

}  // namespace

json cox_path_prediction_json(const json& request, const CoxData& data, const CoxFit& fit,
                              const LabelColumn& strata, Warnings& warnings) {
  if (!fit.counting_process) {
    throw ApiError("unsupported_option",
                   "a covariate path needs (start, time] data (\"data.start\"), as R's survfit "
                   "with id; for fixed covariates use \"profile\"",
                   kPath);
  }
  const PathRequest path = read_path(request, data, strata);
  check_relative_risk(fit, path);
  if (prediction_withheld(fit, warnings)) return nullptr;
  const ConfidenceTransform transform = read_conf_type(request, "");
  const double level = read_conf_level(request, "");
  const std::vector<double> times = read_time_list(request, "times", "");
  json paths = json::array();
  for (std::size_t k = 0; k < path.rows.size(); ++k) {
    check_contiguous(path, k);
    CoxCovariatePath one;
    json lp = json::array();
    for (std::size_t i : path.rows[k]) {
      one.start.push_back(path.start[i]);
      one.stop.push_back(path.stop[i]);
      one.covariates.push_back(path.covariates[i]);
      if (!path.stratum.empty()) one.stratum.push_back(path.stratum[i]);
      double eta = 0.0;
      for (std::size_t j = 0; j < fit.coef.size(); ++j) eta += path.covariates[i][j] * fit.coef[j];
      lp.push_back(number_or_null(eta));
    }
    const CoxPredictedCurve curve = cox_path_survival(
        data, fit.ties, fit.coef, prediction_variance(fit), one, transform, level);
    json entry = {{"id", path.ids[k].empty() ? json(nullptr) : json(path.ids[k])},
                  {"start", one.start.front()},
                  {"lp", std::move(lp)}};
    entry.update(predicted_curve_json(curve, times));
    paths.push_back(std::move(entry));
  }
  return {{"paths", std::move(paths)}};
}

}  // namespace nelm::api
