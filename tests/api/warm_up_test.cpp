// The module's warm-up (wasm/warm_up.h): every request it makes is answered, the caller's stored
// columns come back untouched, and a row count out of range is refused.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api.h"
#include "api_test_support.h"

namespace {

using nlohmann::ordered_json;

TEST(WarmUp, AnswersEveryRequestItMakes) {
  const ordered_json answer = ordered_json::parse(nelm::api::warm_up(2000));
  ASSERT_TRUE(answer["ok"].get<bool>()) << answer.dump();
  EXPECT_EQ(answer["requests"], 11);
}

TEST(WarmUp, LeavesTheCallersColumnsAsTheyWere) {
  nelm::api::clear_columns();
  nelm::api::put_column("time", {1.0, 2.0, 3.0});
  nelm::api::put_column("event", {1.0, 0.0, 1.0});
  ASSERT_TRUE(ordered_json::parse(nelm::api::warm_up(500))["ok"].get<bool>());
  // The caller's three-row "time" is back, not the warm-up's 500 rows of the same name.
  const ordered_json response = nelm::testing::call_api(
      {{"op", "kaplan_meier"},
       {"data", {{"time", {{"column", "time"}}}, {"event", {{"column", "event"}}}}}});
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
  EXPECT_EQ(response["result"]["curves"][0]["n"], 3);
  // Columns the warm-up made and the caller did not ("x1") are gone.
  const ordered_json refused =
      nelm::testing::call_api({{"op", "cox"},
                               {"data",
                                {{"time", {{"column", "time"}}},
                                 {"event", {{"column", "event"}}},
                                 {"covariates", {{"x1", {{"column", "x1"}}}}}}}});
  EXPECT_FALSE(refused["ok"].get<bool>());
  nelm::api::clear_columns();
}

TEST(WarmUp, RefusesARowCountOutOfRange) {
  for (const std::size_t rows : {std::size_t{0}, std::size_t{99}, std::size_t{100001}}) {
    const ordered_json answer = ordered_json::parse(nelm::api::warm_up(rows));
    EXPECT_TRUE(nelm::testing::refused_with(answer, "invalid_value", "")) << rows;
  }
}

}  // namespace
