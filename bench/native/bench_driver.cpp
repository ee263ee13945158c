// Benchmark driver for the native core: times one operation on the synthetic CSV, either
// compute-only (the core functions on columns already in memory) or end-to-end (CSV text ->
// JSON request text -> nelm::api::calculate() -> parsed response), and prints one JSON line with
// the times and the values the harness compares across contenders (bench/run.mjs).
//   bench_driver DATA.csv OP MODE RUNS [WARMUP]   OP: km | logrank | cox_efron | cox_breslow
//                                                 MODE: compute | e2e; WARMUP runs not timed
#include <array>
#include <charconv>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "api.h"
#include "estimators/kaplan_meier.h"
#include "estimators/log_rank.h"
#include "regression/cox_concordance.h"
#include "regression/cox_model.h"

namespace {

using json = nlohmann::json;
constexpr std::size_t kCovariates = 5;
const std::vector<double> kCheckTimes = {100, 500, 1000, 2000};  // days; also in run.mjs

struct Columns {
  std::vector<double> time, event, group;
  std::array<std::vector<double>, kCovariates> x;
};

// The generator's CSV: a header line, then 8 plain decimal numbers per line.
Columns parse_csv(const std::string& text) {
  Columns columns;
  const char* cursor = text.data();
  const char* end = cursor + text.size();
  while (cursor < end && *cursor != '\n') ++cursor;  // header
  std::array<double, 3 + kCovariates> row{};
  while (++cursor < end) {
    for (std::size_t k = 0; k < row.size(); ++k) {
      const auto [next, error] = std::from_chars(cursor, end, row[k]);
      if (error != std::errc()) throw std::runtime_error("bad CSV number");
      cursor = next + 1;  // skip ',' (or '\n' after the last column)
    }
    --cursor;
    columns.time.push_back(row[0]);
    columns.event.push_back(row[1]);
    columns.group.push_back(row[2]);
    for (std::size_t k = 0; k < kCovariates; ++k) columns.x[k].push_back(row[3 + k]);
  }
  return columns;
}

void append_array(std::string& out, const std::vector<double>& values) {
  out += '[';
  char buffer[32];
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, values[i]);
    out.append(buffer, result.ptr);
  }
  out += ']';
}

std::string request_json(const Columns& columns, const std::string& op) {
  std::string out;
  out.reserve(columns.time.size() * 60);
  out += "{\"op\":\"";
  out += op == "km" ? "kaplan_meier" : op == "logrank" ? "log_rank" : "cox";
  out += "\",";
  if (op == "km") out += "\"conf_type\":\"log-log\",\"times\":[100,500,1000,2000],";
  if (op == "cox_efron") out += "\"ties\":\"efron\",";
  if (op == "cox_breslow") out += "\"ties\":\"breslow\",";
  out += "\"data\":{\"time\":";
  append_array(out, columns.time);
  out += ",\"event\":";
  append_array(out, columns.event);
  if (op == "logrank") {
    out += ",\"group\":";
    append_array(out, columns.group);
  }
  if (op.rfind("cox", 0) == 0) {
    out += ",\"covariates\":{";
    for (std::size_t k = 0; k < kCovariates; ++k) {
      out += (k ? ",\"x" : "\"x") + std::to_string(k + 1) + "\":";
      append_array(out, columns.x[k]);
    }
    out += '}';
  }
  out += "}}";
  return out;
}

nelm::SurvivalData survival_of(const Columns& columns) {
  nelm::SurvivalData data;
  data.time = columns.time;
  data.event.assign(columns.event.begin(), columns.event.end());
  return data;
}

// The comparison values from a response envelope (same shape as bench/wasm_node.mjs reads).
json check_from_response(const json& response, const std::string& op) {
  if (!response.value("ok", false))
    throw std::runtime_error("calculate refused: " + response.dump());
  const json& result = response["result"];
  if (op == "km") {
    const json& at = result["curves"][0]["at_times"];
    return {{"surv", at["surv"]},
            {"lower", at["lower"]},
            {"upper", at["upper"]},
            {"median", result["curves"][0]["median"]["estimate"]}};
  }
  if (op == "logrank") {
    return {{"chisq", result["chisq"]},
            {"observed", result["observed"]},
            {"expected", result["expected"]}};
  }
  json coef = json::array(), se = json::array();
  for (std::size_t k = 0; k < kCovariates; ++k) {
    const std::string term = "x" + std::to_string(k + 1);
    coef.push_back(result["coef"][term]);
    se.push_back(result["se"][term]);
  }
  return {{"coef", coef},
          {"se", se},
          {"loglik", result["loglik"]},
          {"concordance", result["concordance"]["concordance"]}};
}

// Core inputs built from the columns once, before timing (the data "already in memory").
struct Prepared {
  nelm::SurvivalData survival;
  std::vector<std::size_t> group;  // 0, 1, 2
  nelm::CoxData cox;
};

Prepared prepare(const Columns& columns) {
  Prepared prepared;
  prepared.survival = survival_of(columns);
  for (double label : columns.group) prepared.group.push_back(static_cast<std::size_t>(label) - 1);
  prepared.cox.survival = prepared.survival;
  for (std::size_t k = 0; k < kCovariates; ++k) {
    prepared.cox.covariate_names.push_back("x" + std::to_string(k + 1));
    prepared.cox.covariates.push_back(columns.x[k]);
  }
  return prepared;
}

// Compute-only: the core functions the JSON boundary calls. Cox includes Harrell's concordance
// because R's coxph computes it too.
json run_compute(const Prepared& prepared, const std::string& op) {
  if (op == "km") {
    const nelm::KaplanMeierCurve curve = nelm::kaplan_meier(prepared.survival, {});
    const nelm::SurvivalAtTimes at = nelm::survival_at_times(curve, kCheckTimes);
    return {{"surv", at.surv},
            {"lower", at.lower},
            {"upper", at.upper},
            {"median", nelm::survival_quantile(curve, 0.5).estimate}};
  }
  if (op == "logrank") {
    const nelm::LogRankResult test = nelm::log_rank_test(prepared.survival, prepared.group, 3, {});
    return {{"chisq", test.chi_square}, {"observed", test.observed}, {"expected", test.expected}};
  }
  nelm::CoxOptions options;
  options.ties = op == "cox_breslow" ? nelm::TiesMethod::breslow : nelm::TiesMethod::efron;
  const nelm::CoxFit fit = nelm::cox_fit(prepared.cox, options);
  const nelm::Concordance concordance =
      nelm::harrell_concordance(prepared.survival, fit.linear_predictor, {});
  return {{"coef", fit.coef},
          {"se", fit.se},
          {"loglik", fit.loglik},
          {"concordance", concordance.concordance}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::cerr << "usage: bench_driver DATA.csv km|logrank|cox_efron|cox_breslow compute|e2e RUNS\n";
    return 2;
  }
  const std::string path = argv[1], op = argv[2], mode = argv[3];
  const int runs = std::stoi(argv[4]);
  const int warmup = argc == 6 ? std::stoi(argv[5]) : 0;
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  contents << file.rdbuf();
  const std::string text = contents.str();
  const Columns columns = parse_csv(text);
  const Prepared prepared = prepare(columns);

  std::vector<double> times_ms;
  json check;
  for (int run = 0; run < warmup + runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    if (mode == "compute") {
      check = run_compute(prepared, op);
    } else {
      const Columns parsed = parse_csv(text);
      const std::string response = nelm::api::calculate(request_json(parsed, op));
      check = check_from_response(json::parse(response), op);
    }
    const auto stop = std::chrono::steady_clock::now();
    if (run >= warmup)
      times_ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
  }
  std::cout << json{{"contender", "native"}, {"op", op},
                    {"mode", mode},          {"n", columns.time.size()},
                    {"times_ms", times_ms},  {"check", check}}
                   .dump()
            << '\n';
  return 0;
}
