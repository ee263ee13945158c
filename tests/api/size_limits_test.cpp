// The size limits of wasm/request_limits.h (docs/errors.md, "Size limits"): a request that would
// exhaust memory or run for minutes is refused with too_large at the member that is too large.
#include <string>
#include <vector>

#include "api_error.h"
#include "api_test_support.h"
#include "column_store.h"
#include "request_limits.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;
namespace limits = nelm::api::limits;

std::vector<double> ones(std::size_t n) { return std::vector<double>(n, 1.0); }

TEST(SizeLimits, RowsBeyondTheLimit) {
  // Through the fast path, so the test does not build a JSON text of two million numbers.
  nelm::api::put_column("t", ones(limits::kMaxRows + 1));
  nelm::api::put_column("e", ones(limits::kMaxRows + 1));
  EXPECT_TRUE(refused_with(
      call_api({{"op", "kaplan_meier"},
                {"data", {{"time", {{"column", "t"}}}, {"event", {{"column", "e"}}}}}}),
      "too_large", "/data/time"));
  nelm::api::clear_columns();
}

TEST(SizeLimits, TooManyCovariates) {
  json covariates = json::object();
  for (std::size_t j = 0; j <= limits::kMaxCovariates; ++j) {
    covariates["x" + std::to_string(j)] = {0, 1, 0};
  }
  EXPECT_TRUE(refused_with(
      call_api({{"op", "cox"},
                {"data", {{"time", {1, 2, 3}}, {"event", {1, 1, 0}}, {"covariates", covariates}}}}),
      "too_large", "/data/covariates"));
}

TEST(SizeLimits, RowsTimesCovariatesSquared) {
  // 50 covariates (allowed) on 100000 rows: 2.5e8 > 2e8 units of Newton-Raphson work.
  const std::size_t n = 100'000;
  json covariates = json::object();
  for (int j = 0; j < 50; ++j) {
    nelm::api::put_column("x" + std::to_string(j), ones(n));
    covariates["x" + std::to_string(j)] = {{"column", "x" + std::to_string(j)}};
  }
  nelm::api::put_column("t", ones(n));
  nelm::api::put_column("e", ones(n));
  for (const std::string op : {"cox", "parametric"}) {
    EXPECT_TRUE(refused_with(call_api({{"op", op},
                                       {"data",
                                        {{"time", {{"column", "t"}}},
                                         {"event", {{"column", "e"}}},
                                         {"covariates", covariates}}}}),
                             "too_large", "/data/covariates"))
        << op;
  }
  nelm::api::clear_columns();
}

TEST(SizeLimits, TooManyGroupsOrStrata) {
  const std::size_t n = limits::kMaxLevels + 1;
  json labels = json::array();
  for (std::size_t i = 0; i < n; ++i) labels.push_back(static_cast<double>(i));
  const json data = {{"time", ones(n)}, {"event", ones(n)}};
  json by_group = {{"op", "kaplan_meier"}, {"data", data}};
  by_group["data"]["group"] = labels;
  EXPECT_TRUE(refused_with(call_api(by_group), "too_large", "/data/group"));
  json by_stratum = {{"op", "log_rank"}, {"data", data}};
  by_stratum["data"]["group"] = std::vector<int>(n, 1);
  by_stratum["data"]["strata"] = labels;
  EXPECT_TRUE(refused_with(call_api(by_stratum), "too_large", "/data/strata"));
}

TEST(SizeLimits, LogRankRowsTimesGroupsSquared) {
  // 1000 groups (allowed) on 1000 rows each one group: 1e9 units of work.
  const std::size_t n = 1000;
  json groups = json::array();
  for (std::size_t i = 0; i < n; ++i) groups.push_back(static_cast<double>(i));
  EXPECT_TRUE(
      refused_with(call_api({{"op", "log_rank"},
                             {"data", {{"time", ones(n)}, {"event", ones(n)}, {"group", groups}}}}),
                   "too_large", "/data/group"));
}

TEST(SizeLimits, CompetingRiskCauses) {
  EXPECT_TRUE(refused_with(
      call_api({{"op", "cumulative_incidence"}, {"data", {{"time", {1, 2}}, {"event", {1, 101}}}}}),
      "too_large", "/data/event"));
  // 100 causes (allowed) on 30000 rows: 3e8 units.
  const std::size_t n = 30'000;
  std::vector<double> events(n, 1.0);
  events[0] = 100.0;
  nelm::api::put_column("t", ones(n));
  nelm::api::put_column("e", events);
  EXPECT_TRUE(refused_with(
      call_api({{"op", "cumulative_incidence"},
                {"data", {{"time", {{"column", "t"}}}, {"event", {{"column", "e"}}}}}}),
      "too_large", "/data/event"));
  nelm::api::clear_columns();
}

TEST(SizeLimits, ListsOfRequestedValues) {
  const json data = {{"time", {1, 2, 3}}, {"event", {1, 0, 1}}};
  const std::vector<double> many(limits::kMaxListLength + 1, 0.5);
  EXPECT_TRUE(refused_with(call_api({{"op", "kaplan_meier"}, {"data", data}, {"times", many}}),
                           "too_large", "/times"));
  EXPECT_TRUE(refused_with(call_api({{"op", "kaplan_meier"}, {"data", data}, {"quantiles", many}}),
                           "too_large", "/quantiles"));
  EXPECT_TRUE(refused_with(call_api({{"op", "kaplan_meier"},
                                     {"data", data},
                                     {"conditional", {{"time", 1}, {"horizons", many}}}}),
                           "too_large", "/conditional/horizons"));
  json points = json::array();
  for (std::size_t i = 0; i <= limits::kMaxListLength; ++i) {
    points.push_back({{"time", 1.0 + static_cast<double>(i)}, {"survival", 0.5}});
  }
  EXPECT_TRUE(refused_with(call_api({{"op", "fit_landmarks"}, {"points", points}}), "too_large",
                           "/points"));
}

TEST(SizeLimits, AtTheLimitsIsAccepted) {
  json covariates = json::object();
  for (std::size_t j = 0; j < 3; ++j) covariates["x" + std::to_string(j)] = {0, 1, 0, 1, 1, 0};
  covariates["x1"] = {1, 1, 0, 0, 1, 0};
  covariates["x2"] = {3, 1, 4, 1, 5, 9};
  const json response = call_api(
      {{"op", "cox"},
       {"data",
        {{"time", {1, 2, 3, 4, 5, 6}}, {"event", {1, 1, 0, 1, 0, 1}}, {"covariates", covariates}}},
       {"times", std::vector<double>(limits::kMaxListLength, 2.0)},
       {"profile", {{"x0", 0}, {"x1", 0}, {"x2", 1}}}});
  EXPECT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 300);
}

// Distinct, increasing times 1, 2, ..., n.
std::vector<double> distinct_times(std::size_t n) {
  std::vector<double> times(n);
  for (std::size_t i = 0; i < n; ++i) times[i] = 1.0 + static_cast<double>(i);
  return times;
}

TEST(SizeLimits, CumulativeIncidenceResponseSize) {
  // 125,000 distinct times x 38 causes: 7 + 5 x 38 = 197 numbers per time, 24.6 million in the
  // response. The work (rows x 39^2 = 1.9e8) is allowed; the response is refused before it is
  // computed.
  const std::size_t n = 125'000;
  std::vector<double> events(n, 1.0);
  for (std::size_t i = 0; i < n; ++i) events[i] = static_cast<double>(i % 39);
  nelm::api::put_column("t", distinct_times(n));
  nelm::api::put_column("e", events);
  const json response =
      call_api({{"op", "cumulative_incidence"},
                {"data", {{"time", {{"column", "t"}}}, {"event", {{"column", "e"}}}}}});
  EXPECT_TRUE(refused_with(response, "too_large", "/data/time"));
  EXPECT_NE(response["error"]["message"].get<std::string>().find("round the times"),
            std::string::npos);
  nelm::api::clear_columns();
}

TEST(SizeLimits, CumulativeIncidenceWithoutTheTable) {
  // 900,000 distinct times x 4 causes: 27 numbers per time, 24.3 million, more than a response
  // may hold with the table; without it ("table": false, as the Your cohort report asks) the
  // response holds the requested times only and the computation's 24.3 million numbers are
  // within the 48 million it may hold.
  const std::size_t n = 900'000;
  std::vector<double> events(n);
  for (std::size_t i = 0; i < n; ++i) events[i] = static_cast<double>(i % 5);
  nelm::api::put_column("t", distinct_times(n));
  nelm::api::put_column("e", events);
  json request = {{"op", "cumulative_incidence"},
                  {"data", {{"time", {{"column", "t"}}}, {"event", {{"column", "e"}}}}},
                  {"times", {100000.0}}};
  EXPECT_TRUE(refused_with(call_api(request), "too_large", "/data/time"));
  request["table"] = false;
  const json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 300);
  const json& curve = response["result"]["curves"][0];
  EXPECT_FALSE(curve.contains("time"));
  EXPECT_EQ(curve["at_times"]["n_risk"][0].get<double>(), 800001.0);  // times 100,000 .. 900,000
  nelm::api::clear_columns();
}

TEST(SizeLimits, CumulativeIncidenceHeldNumbers) {
  // Without the table, 2,000,000 distinct times x 4 causes would hold 54 million numbers.
  const std::size_t n = limits::kMaxRows;
  std::vector<double> events(n);
  for (std::size_t i = 0; i < n; ++i) events[i] = static_cast<double>(i % 5);
  nelm::api::put_column("t", distinct_times(n));
  nelm::api::put_column("e", events);
  const json response =
      call_api({{"op", "cumulative_incidence"},
                {"data", {{"time", {{"column", "t"}}}, {"event", {{"column", "e"}}}}},
                {"table", false}});
  EXPECT_TRUE(refused_with(response, "too_large", "/data/time"));
  EXPECT_NE(response["error"]["message"].get<std::string>().find("the computation would hold"),
            std::string::npos);
  nelm::api::clear_columns();
}

TEST(SizeLimits, KaplanMeierQuantilesTimesRows) {
  // Each quantile reads the whole curve: 300,000 rows x 1,000 quantiles = 3e8.
  const std::size_t n = 300'000;
  nelm::api::put_column("t", distinct_times(n));
  nelm::api::put_column("e", ones(n));
  EXPECT_TRUE(
      refused_with(call_api({{"op", "kaplan_meier"},
                             {"data", {{"time", {{"column", "t"}}}, {"event", {{"column", "e"}}}}},
                             {"quantiles", std::vector<double>(999, 0.5)}}),
                   "too_large", "/quantiles"));
  nelm::api::clear_columns();
}

TEST(SizeLimits, CureFitRows) {
  // rows x 1,000 passes: 200,001 rows are 2.00001e8.
  const std::size_t n = 200'001;
  nelm::api::put_column("t", distinct_times(n));
  nelm::api::put_column("e", ones(n));
  const json response =
      call_api({{"op", "parametric"},
                {"dist", "weibull_cure"},
                {"data", {{"time", {{"column", "t"}}}, {"event", {{"column", "e"}}}}}});
  EXPECT_TRUE(refused_with(response, "too_large", "/data/time"));
  EXPECT_NE(response["error"]["message"].get<std::string>().find("weight"), std::string::npos);
  nelm::api::clear_columns();
}

TEST(SizeLimits, ResponseNumbersAndBytes) {
  EXPECT_NO_THROW(limits::check_response_numbers(limits::kMaxResponseNumbers, "", ""));
  EXPECT_THROW(limits::check_response_numbers(limits::kMaxResponseNumbers + 1, "", ""),
               nelm::api::ApiError);
  EXPECT_NO_THROW(limits::check_response_bytes(limits::kMaxResponseBytes));
  EXPECT_THROW(limits::check_response_bytes(limits::kMaxResponseBytes + 1), nelm::api::ApiError);
  // A JavaScript caller must be able to receive the longest response allowed.
  EXPECT_LT(limits::kMaxResponseBytes, (std::size_t{1} << 29) - 24);
}

}  // namespace
}  // namespace nelm::testing
