// The size limits of wasm/request_limits.h (docs/errors.md, "Size limits"): a request that would
// exhaust memory or run for minutes is refused with too_large at the member that is too large.
#include <string>
#include <vector>

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

}  // namespace
}  // namespace nelm::testing
