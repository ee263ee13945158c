// The warm-up (warm_up.h). Why it exists: V8 runs a WebAssembly function's first calls in its
// baseline compiler and has no on-stack replacement for WebAssembly, so a loop over a million
// rows entered once runs unoptimised to its end (about 45 ms of a 130 ms Kaplan-Meier at 10^6
// rows). A few calls on a small cohort use up the functions' tier-up budgets, V8 compiles them
// with its optimising tier on a background thread, and the real request then runs that code.
#include "warm_up.h"

#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "api.h"
#include "api_error.h"
#include "column_store.h"

namespace nelm::api {
namespace {

// A deterministic SYNTHETIC cohort (never shown): whole-day times with ties, about three events
// in four (some of cause 2 for the competing-risks request), three groups, five covariates; and
// the same times made continuous (nearly all distinct, as a cohort's durations in months read
// as years are), whose sorts and curves take other paths than tied times.
struct WarmUpColumns {
  std::vector<double> time, continuous_time, event, cause, group, x1, x2, x3, x4, x5;
};

WarmUpColumns synthetic_columns(std::size_t rows) {
  WarmUpColumns columns;
  std::uint64_t state = 20240601;
  auto uniform = [&state] {  // a 64-bit linear congruential generator (Knuth's MMIX constants)
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (static_cast<double>(state >> 11) + 0.5) / 9007199254740992.0;
  };
  for (std::size_t i = 0; i < rows; ++i) {
    const double group = static_cast<double>(1 + i % 3);
    const double x1 = uniform() - 0.5;
    columns.time.push_back(std::ceil(-std::log(uniform()) * 1000.0 / group));
    columns.continuous_time.push_back(columns.time.back() - 0.5 * uniform());
    const double status = uniform() < 0.75 ? 1.0 : 0.0;
    columns.event.push_back(status);
    columns.cause.push_back(status > 0.0 && uniform() < 0.3 ? 2.0 : status);
    columns.group.push_back(group);
    columns.x1.push_back(x1);
    columns.x2.push_back(uniform());
    columns.x3.push_back(uniform() < 0.5 ? 1.0 : 0.0);
    columns.x4.push_back(std::floor(uniform() * 10.0));
    columns.x5.push_back(40.0 + std::floor(uniform() * 40.0));
  }
  return columns;
}

void store_synthetic_columns(std::size_t rows) {
  WarmUpColumns columns = synthetic_columns(rows);
  std::pair<const char*, std::vector<double>*> named[] = {
      {"time", &columns.time},   {"continuous_time", &columns.continuous_time},
      {"event", &columns.event}, {"cause", &columns.cause},
      {"group", &columns.group}, {"x1", &columns.x1},
      {"x2", &columns.x2},       {"x3", &columns.x3},
      {"x4", &columns.x4},       {"x5", &columns.x5}};
  for (auto& [name, values] : named) store_column(name, std::move(*values));
}

// The requests of bench/first-call.mjs and of the cohort report (web/src/cohort/), in the shapes
// those make: columns by name, curves thinned for a figure, no per-time table.
constexpr const char* kRequests[] = {
    R"({"op":"kaplan_meier","data":{"time":{"column":"time"},"event":{"column":"event"}},
        "conf_type":"log-log","times":[100,500,1000,2000]})",
    R"({"op":"kaplan_meier","data":{"time":{"column":"time"},"event":{"column":"event"},
        "group":{"column":"group"}},"conf_type":"log-log","times":[365,1095,1825],
        "quantiles":[0.5],"table":false,"plot":{"points":1200,"to":3650}})",
    R"({"op":"log_rank","data":{"time":{"column":"time"},"event":{"column":"event"},
        "group":{"column":"group"}}})",
    R"({"op":"cox","ties":"efron","ph_test":"km","data":{"time":{"column":"time"},
        "event":{"column":"event"},"covariates":{"x1":{"column":"x1"},"x2":{"column":"x2"},
        "x3":{"column":"x3"},"x4":{"column":"x4"},"x5":{"column":"x5"}}}})",
    R"({"op":"cumulative_incidence","data":{"time":{"column":"time"},
        "event":{"column":"cause"}},"conf_type":"log-log","times":[365,1095,1825],
        "table":false,"plot":{"points":1200,"to":3650}})",
    // The cohort report's calls on continuous times: the follow-up's curve, curves by group,
    // the log-rank test, the cumulative incidence with Gray's test, and a Cox model with a
    // category column (its text labels are added by cox_with_text_labels).
    R"({"op":"kaplan_meier","data":{"time":{"column":"continuous_time"},
        "event":{"column":"event"}},"conf_type":"log-log","quantiles":[0.5],"table":false})",
    R"({"op":"kaplan_meier","data":{"time":{"column":"continuous_time"},
        "event":{"column":"event"},"group":{"column":"group"}},"conf_type":"log-log",
        "times":[365,1095,1825],"quantiles":[0.5],"table":false,
        "plot":{"points":1200,"to":3650}})",
    R"({"op":"log_rank","data":{"time":{"column":"continuous_time"},
        "event":{"column":"event"},"group":{"column":"group"}}})",
    R"({"op":"cumulative_incidence","data":{"time":{"column":"continuous_time"},
        "event":{"column":"cause"}},"conf_type":"log-log","times":[365,1095,1825],
        "table":false,"plot":{"points":1200,"to":3650}})",
    R"({"op":"cumulative_incidence","data":{"time":{"column":"continuous_time"},
        "event":{"column":"cause"},"group":{"column":"group"}},"conf_type":"log-log",
        "times":[365,1095,1825],"table":false})",
};

// A Cox model as the report asks for one: continuous times and a category column given as its
// text labels (one JSON string per row), which the module reads and codes itself.
std::string cox_with_text_labels(std::size_t rows) {
  std::string labels;
  labels.reserve(rows * 4);
  for (std::size_t i = 0; i < rows; ++i) {
    labels += i == 0 ? "\"" : ",\"";
    labels += static_cast<char>('A' + i % 3);
    labels += '"';
  }
  return R"({"op":"cox","ties":"efron","ph_test":"km","categorical":{"arm":{}},"data":{)"
         R"("time":{"column":"continuous_time"},"event":{"column":"event"},)"
         R"("covariates":{"arm":[)" +
         labels + "]}}}";
}

constexpr std::size_t kFewestRows = 100;
constexpr std::size_t kMostRows = 100000;

// Puts the caller's stored columns back however the warm-up ends.
class SetAsideColumns {
 public:
  SetAsideColumns() : callers_(take_stored_columns()) {}
  ~SetAsideColumns() { restore_stored_columns(std::move(callers_)); }
  SetAsideColumns(const SetAsideColumns&) = delete;
  SetAsideColumns& operator=(const SetAsideColumns&) = delete;

 private:
  StoredColumns callers_;
};

}  // namespace

std::string run_warm_up(std::size_t rows) {
  if (rows < kFewestRows || rows > kMostRows) {
    throw ApiError("invalid_value", "the warm-up takes 100 to 100000 rows", "");
  }
  const SetAsideColumns set_aside;
  store_synthetic_columns(rows);
  std::vector<std::string> requests(std::begin(kRequests), std::end(kRequests));
  requests.push_back(cox_with_text_labels(rows));
  std::size_t answered = 0;
  for (const std::string& request : requests) {
    std::string response = calculate(request);
    // A refusal here is a defect of this file (the requests are fixed): answered as it came.
    if (response.rfind(R"({"ok":true)", 0) != 0) return response;
    ++answered;
  }
  return R"({"ok":true,"requests":)" + std::to_string(answered) + "}";
}

}  // namespace nelm::api
