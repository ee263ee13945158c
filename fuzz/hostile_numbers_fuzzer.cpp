// Hostile numbers into every op: the fuzzer's bytes choose an op, a cohort and options, with values
// drawn from the extremes (0, 1e-300, subnormals, 1e300, DBL_MAX, 1e12, raw bit patterns including
// NaN and infinity, floating-noise ties, copies that make covariates collinear or separating).
// Columns travel either as JSON or through the put_column fast path (which can carry NaN and
// infinity), so both readers and the whole numerical core are exercised. Cox requests may carry
// (start, time] intervals, subject ids, exact ties and covariate paths.
#include <fuzzer/FuzzedDataProvider.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "api.h"
#include "envelope_check.h"

namespace {

using json = nlohmann::ordered_json;

double extreme_value(FuzzedDataProvider& input) {
  switch (input.ConsumeIntegralInRange<int>(0, 13)) {
    case 0:
      return 0.0;
    case 1:
      return 1e-300;
    case 2:
      return 1e300;
    case 3:
      return std::numeric_limits<double>::denorm_min();
    case 4:
      return std::numeric_limits<double>::max();
    case 5:
      return 1e12;
    case 6:
      return -1.0;
    case 7:
      return std::bit_cast<double>(input.ConsumeIntegral<std::uint64_t>());
    case 8:
      return 0.1 * input.ConsumeIntegralInRange<int>(1, 4) + 0.2;  // 0.1 + 0.2 != 0.3
    case 9:
      return std::numeric_limits<double>::quiet_NaN();
    case 10:
      return 1e-12;
    default:
      return static_cast<double>(input.ConsumeIntegralInRange<int>(0, 12));
  }
}

// A column of n values: mostly ordinary, sometimes extreme.
std::vector<double> column(FuzzedDataProvider& input, std::size_t n, int largest_code = -1) {
  std::vector<double> values(n);
  for (double& value : values) {
    if (largest_code >= 0 && input.ConsumeIntegralInRange<int>(0, 15) != 0) {
      value = input.ConsumeIntegralInRange<int>(0, largest_code);
    } else {
      value = input.ConsumeBool() ? extreme_value(input)
                                  : input.ConsumeFloatingPointInRange<double>(0.0, 100.0);
    }
  }
  return values;
}

// As JSON (NaN and infinity become null: missing) or through the fast path.
json hand_over(FuzzedDataProvider& input, const std::string& name,
               const std::vector<double>& values) {
  if (input.ConsumeBool()) {
    nelm::api::put_column(name, values);
    return {{"column", name}};
  }
  json array = json::array();
  for (double value : values) array.push_back(std::isfinite(value) ? json(value) : json(nullptr));
  return array;
}

// A covariate path of up to four intervals (contiguous or not), each with the profile's values
// or extremes, optionally with ids and strata.
json path_for(FuzzedDataProvider& input, const json& profile) {
  const std::size_t m = input.ConsumeIntegralInRange<std::size_t>(1, 4);
  json path = {{"start", json::array()}, {"time", json::array()}, {"covariates", json::object()}};
  double at = input.ConsumeBool() ? 0.0 : input.ConsumeFloatingPointInRange<double>(-5.0, 50.0);
  for (std::size_t i = 0; i < m; ++i) {
    const double length = input.ConsumeBool() ? input.ConsumeFloatingPointInRange<double>(0.0, 40.0)
                                              : extreme_value(input);
    path["start"].push_back(at);
    at += std::isfinite(length) ? length : 1.0;
    path["time"].push_back(at);
    if (input.ConsumeBool()) at += 1.0;  // a gap: refused
  }
  for (auto it = profile.begin(); it != profile.end(); ++it) {
    json values = json::array();
    for (std::size_t i = 0; i < m; ++i) {
      const double value = input.ConsumeBool() ? it.value().get<double>() : extreme_value(input);
      values.push_back(std::isfinite(value) ? value : 0.0);
    }
    path["covariates"][it.key()] = values;
  }
  if (input.ConsumeBool()) {
    path["id"] = json::array();
    for (std::size_t i = 0; i < m; ++i)
      path["id"].push_back(input.ConsumeIntegralInRange<int>(0, 1));
  }
  if (input.ConsumeBool()) {
    path["strata"] = json::array();
    for (std::size_t i = 0; i < m; ++i)
      path["strata"].push_back(input.ConsumeIntegralInRange<int>(0, 3));
  }
  return path;
}

json number_list(FuzzedDataProvider& input, std::size_t most) {
  json list = json::array();
  const std::size_t count = input.ConsumeIntegralInRange<std::size_t>(0, most);
  for (std::size_t i = 0; i < count; ++i) {
    const double value =
        input.ConsumeBool() ? extreme_value(input) : input.ConsumeProbability<double>();
    list.push_back(std::isfinite(value) ? json(value) : json(0.5));
  }
  return list;
}

// Which of Cox's optional parts a request has, drawn first: FuzzedDataProvider hands out the
// input's bytes in order and then zeros, so choices made late would hardly ever be taken.
struct CoxShape {
  bool start = false, id = false, path = false;
};

// Small integer labels (groups, strata, clusters), sometimes all alike.
json labels(FuzzedDataProvider& input, std::size_t n, int largest) {
  json column = json::array();
  for (std::size_t i = 0; i < n; ++i) {
    column.push_back(input.ConsumeIntegralInRange<int>(0, largest));
  }
  return column;
}

json cohort_request(FuzzedDataProvider& input, const std::string& op) {
  CoxShape shape;
  if (op == "cox") shape = {input.ConsumeBool(), input.ConsumeBool(), input.ConsumeBool()};
  const std::size_t n = input.ConsumeIntegralInRange<std::size_t>(1, 48);
  json data;
  const std::vector<double> time = column(input, n);  // the start column is built from it
  data["time"] = hand_over(input, "time", time);
  const bool competing = op == "cumulative_incidence" || op == "fine_gray";
  data["event"] = hand_over(input, "event", column(input, n, competing ? 3 : 1));
  if (input.ConsumeBool() && op != "log_rank")
    data["weight"] = hand_over(input, "weight", column(input, n));
  if (op == "log_rank" ||
      (input.ConsumeBool() && (op == "kaplan_meier" || op == "cumulative_incidence"))) {
    json group = json::array();
    for (std::size_t i = 0; i < n; ++i) group.push_back(input.ConsumeIntegralInRange<int>(0, 2));
    data["group"] = group;
  }
  if (op == "kaplan_meier" && input.ConsumeBool())
    data["entry"] = hand_over(input, "entry", column(input, n));
  if (shape.start) {
    // (start, time] intervals: mostly a fraction of the time (valid, with ties of start and
    // stop), sometimes arbitrary (start >= time is refused with its row).
    std::vector<double> start = column(input, n);
    if (input.ConsumeBool()) {
      for (std::size_t i = 0; i < n; ++i) {
        start[i] = std::isfinite(time[i]) ? time[i] * input.ConsumeIntegralInRange<int>(0, 3) / 4.0
                                          : start[i];
      }
    }
    data["start"] = hand_over(input, "start", start);
  }
  if (shape.id) {  // subject ids: a few subjects with several rows
    json id = json::array();
    for (std::size_t i = 0; i < n; ++i) id.push_back(input.ConsumeIntegralInRange<int>(0, 5));
    data["id"] = id;
  }
  if (op == "kaplan_meier" && input.ConsumeBool()) data["cluster"] = labels(input, n, 5);
  const bool stratified =
      op == "cox" || op == "log_rank" || (op == "cumulative_incidence" && data.contains("group"));
  if (stratified && input.ConsumeBool()) {
    json strata = json::array();
    for (std::size_t i = 0; i < n; ++i) strata.push_back(input.ConsumeIntegralInRange<int>(0, 2));
    data["strata"] = strata;
  }
  json request = {{"op", op}, {"data", data}};
  if (op == "cox" || op == "parametric" || op == "fine_gray") {
    const std::size_t p = input.ConsumeIntegralInRange<std::size_t>(op == "parametric" ? 0 : 1, 3);
    std::vector<std::vector<double>> columns;
    json profile = json::object();
    for (std::size_t j = 0; j < p; ++j) {
      const std::string name = "x" + std::to_string(j);
      switch (input.ConsumeIntegralInRange<int>(0, 3)) {
        case 0:
          columns.push_back(column(input, n));
          break;
        case 1:
          columns.push_back(column(input, n, 1));
          break;  // binary
        case 2:
          columns.push_back(columns.empty() ? column(input, n, 1)  // collinear copy
                                            : columns.front());
          break;
        default: {  // the event itself
          std::vector<double> copy(n);
          for (std::size_t i = 0; i < n; ++i) copy[i] = input.ConsumeIntegralInRange<int>(0, 1);
          columns.push_back(copy);
        }
      }
      request["data"]["covariates"][name] = hand_over(input, name, columns.back());
      const double value = extreme_value(input);
      profile[name] = std::isfinite(value) ? value : 1.0;
    }
    if (input.ConsumeBool()) request["profile"] = profile;
    if (shape.path) request["profile_path"] = path_for(input, profile);
  }
  return request;
}

json landmark_request(FuzzedDataProvider& input) {
  json points = json::array();
  const std::size_t count = input.ConsumeIntegralInRange<std::size_t>(1, 8);
  for (std::size_t i = 0; i < count; ++i) {
    json point = {
        {"time", input.ConsumeBool() ? extreme_value(input) : 1.0 + static_cast<double>(i)},
        {"survival", input.ConsumeProbability<double>()}};
    if (input.ConsumeBool()) {
      point["lower"] = input.ConsumeProbability<double>();
      point["upper"] = input.ConsumeProbability<double>();
    }
    for (auto& [key, value] : point.items()) {
      if (!std::isfinite(value.get<double>())) value = 0.5;
    }
    points.push_back(point);
  }
  return {{"op", "fit_landmarks"},
          {"family", input.PickValueInArray(
                         {"exponential", "weibull", "lognormal", "loglogistic", "weibull_cure"})},
          {"points", points}};
}

void add_options(FuzzedDataProvider& input, const std::string& op, json& request) {
  if (input.ConsumeBool() && op != "log_rank") {
    request["conf_level"] = input.ConsumeBool() ? 0.95 : input.ConsumeProbability<double>();
  }
  if (input.ConsumeBool() && op != "log_rank" && op != "cumulative_incidence") {
    request["times"] = number_list(input, 6);
  }
  if (op == "kaplan_meier" || op == "cox" || op == "cumulative_incidence" ||
      (op == "fine_gray" && request.contains("profile"))) {
    if (input.ConsumeBool())
      request["conf_type"] = input.PickValueInArray({"log-log", "log", "plain"});
  }
  if (op == "kaplan_meier" || op == "parametric") {
    if (input.ConsumeBool()) request["quantiles"] = number_list(input, 4);
  }
  if (op == "kaplan_meier" && input.ConsumeBool()) request["tau"] = extreme_value(input);
  if ((op == "kaplan_meier" || op == "fit_landmarks" || op == "parametric") &&
      input.ConsumeBool()) {
    request["conditional"] = {{"time", extreme_value(input)}, {"horizons", number_list(input, 4)}};
  }
  if (op == "fine_gray") {
    if (input.ConsumeBool()) request["cause"] = input.ConsumeIntegralInRange<int>(1, 3);
    if (input.ConsumeBool()) request["ties"] = input.ConsumeBool() ? "breslow" : "efron";
    if (input.ConsumeBool()) request["robust"] = input.ConsumeBool();
    if (input.ConsumeBool() && request.value("robust", true)) {
      request["cluster"] = input.ConsumeBool() ? "row" : "subject";
    }
    if (!request.contains("profile")) request.erase("times");
  }
  if (op == "kaplan_meier" && input.ConsumeBool()) request["robust"] = input.ConsumeBool();
  if (op == "cumulative_incidence" && request["data"].contains("group") && input.ConsumeBool()) {
    request["rho"] = input.ConsumeFloatingPointInRange(0.0, 3.0);
  }
  if (op == "cox") {
    if (input.ConsumeBool()) request["robust"] = false;
    if (input.ConsumeBool()) request["robust"] = true;
    if (input.ConsumeBool()) request["ph_test"] = input.ConsumeBool() ? "km" : "identity";
  }
  if (op == "parametric") {
    request["dist"] = input.PickValueInArray(
        {"weibull", "exponential", "lognormal", "loglogistic", "weibull_cure"});
    if (request["dist"] == "weibull_cure") request["data"].erase("covariates");
    if (request["dist"] != "weibull_cure") request.erase("conditional");
  }
  if (op == "log_rank" && input.ConsumeBool())
    request["rho"] = input.ConsumeFloatingPointInRange(0.0, 3.0);
  for (const char* key : {"conf_level", "tau"}) {  // JSON has no NaN or infinity
    if (request.contains(key) && !std::isfinite(request[key].get<double>())) request[key] = 1.0;
  }
  if (request.contains("conditional") &&
      !std::isfinite(request["conditional"]["time"].get<double>())) {
    request["conditional"]["time"] = 1.0;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const std::string op =
      input.PickValueInArray({"kaplan_meier", "log_rank", "cox", "parametric",
                              "cumulative_incidence", "fine_gray", "fit_landmarks"});
  const char* ties = input.PickValueInArray({"efron", "breslow", "exact"});  // early: see CoxShape
  json request = op == "fit_landmarks" ? landmark_request(input) : cohort_request(input, op);
  add_options(input, op, request);
  if (op == "cox") request["ties"] = ties;
  if (std::getenv("NELM_FUZZ_PRINT")) std::fprintf(stderr, "request: %s\n", request.dump().c_str());
  nelm::fuzz::check_envelope(nelm::api::calculate(request.dump()));
  nelm::api::clear_columns();
  return 0;
}
