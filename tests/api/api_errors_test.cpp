// Bad input through calculate(): every refusal is ok:false with a stable code and a JSON pointer,
// never a crash, an abort or a number computed from garbage.
#include <limits>
#include <string>
#include <vector>

#include "api_test_support.h"
#include "column_store.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

json km_request(json data) { return {{"op", "kaplan_meier"}, {"data", std::move(data)}}; }

TEST(ApiErrors, MalformedJsonIsRefused) {
  const auto response = json::parse(nelm::api::calculate("{\"op\": [1, 2"));
  EXPECT_TRUE(refused_with(response, "invalid_json", ""));
  EXPECT_TRUE(refused_with(json::parse(nelm::api::calculate("")), "invalid_json", ""));
}

TEST(ApiErrors, RequestMustBeAnObjectWithAnOp) {
  EXPECT_TRUE(refused_with(json::parse(nelm::api::calculate("[1,2]")), "invalid_request", ""));
  EXPECT_TRUE(refused_with(call_api({{"data", {}}}), "missing_field", "/op"));
  EXPECT_TRUE(refused_with(call_api({{"op", 3}}), "invalid_type", "/op"));
  EXPECT_TRUE(refused_with(call_api({{"op", "kaplan_meyer"}}), "unknown_op", "/op"));
}

TEST(ApiErrors, UnknownOptionIsRefusedNotIgnored) {
  auto request = km_request({{"time", {1, 2}}, {"event", {1, 0}}});
  request["conf_levle"] = 0.9;
  EXPECT_TRUE(refused_with(call_api(request), "unknown_field", "/conf_levle"));
}

TEST(ApiErrors, NegativeTimeNamesTheRow) {
  EXPECT_TRUE(refused_with(call_api(km_request({{"time", {1, 2, -3}}, {"event", {1, 0, 1}}})),
                           "invalid_time", "/data/time/2"));
}

TEST(ApiErrors, TextInANumericColumnNamesTheRow) {
  EXPECT_TRUE(refused_with(call_api(km_request({{"time", {1, "2"}}, {"event", {1, 0}}})),
                           "invalid_type", "/data/time/1"));
}

TEST(ApiErrors, NanAndInfinityFromTheFastPath) {
  const double infinity = std::numeric_limits<double>::infinity();
  nelm::api::put_column("t", {1.0, infinity, 3.0});
  nelm::api::put_column("e", {1.0, 1.0, 0.0});
  EXPECT_TRUE(refused_with(
      call_api(km_request({{"time", {{"column", "t"}}}, {"event", {{"column", "e"}}}})),
      "invalid_value", "/data/time/1"));
  // NaN marks a missing value: the row is left out with a warning, never used.
  nelm::api::put_column("t", {1.0, std::nan(""), 3.0});
  const auto response =
      call_api(km_request({{"time", {{"column", "t"}}}, {"event", {{"column", "e"}}}}));
  ASSERT_TRUE(response["ok"].get<bool>());
  EXPECT_EQ(response["warnings"][0]["code"], "missing_values");
  EXPECT_EQ(response["result"]["curves"][0]["n"], 2.0);
  nelm::api::clear_columns();
}

TEST(ApiErrors, GroupLabelsFromTheFastPath) {
  nelm::api::put_column("t", {1.0, 2.0, 3.0, 4.0});
  nelm::api::put_column("e", {1.0, 1.0, 0.0, 1.0});
  const json survival = {{"time", {{"column", "t"}}}, {"event", {{"column", "e"}}}};
  json data = survival;
  data["group"] = {{"column", "no such column"}};
  EXPECT_TRUE(refused_with(call_api(km_request(data)), "unknown_column", "/data/group/column"));
  nelm::api::put_column("g", {1.0, std::numeric_limits<double>::infinity(), 1.0, 2.0});
  data["group"] = {{"column", "g"}};
  EXPECT_TRUE(refused_with(call_api(km_request(data)), "invalid_value", "/data/group/1"));
  // -0 and 0 are one level, printed "0" as R prints -0; NaN is a missing label.
  nelm::api::put_column("g", {-0.0, 0.0, std::nan(""), 2.0});
  const auto response = call_api(km_request(data));
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
  ASSERT_EQ(response["result"]["curves"].size(), 2u);
  EXPECT_EQ(response["result"]["curves"][0]["group"], "0");
  EXPECT_EQ(response["result"]["curves"][0]["n"], 2.0);
  EXPECT_EQ(response["result"]["curves"][1]["group"], "2");
  EXPECT_EQ(response["warnings"][0]["code"], "missing_values");
  // The same through a JSON array.
  data["group"] = json::array({-0.0, 0.0, nullptr, 2.0});
  data["time"] = {1, 2, 3, 4};
  data["event"] = {1, 1, 0, 1};
  const auto from_array = call_api(km_request(data));
  EXPECT_EQ(from_array["result"]["curves"][0]["group"], "0");
  EXPECT_EQ(from_array["result"]["curves"].size(), 2u);
  nelm::api::clear_columns();
}

// Text labels (with a number and a missing one among them): one curve per distinct label, in the
// order of their text (C locale: digits, then upper case, then lower case), each with its rows.
TEST(ApiErrors, TextGroupLabelsInTextOrder) {
  json data = {{"time", {1, 2, 3, 4, 5, 6, 7}}, {"event", {1, 1, 1, 1, 1, 1, 1}}};
  data["group"] = json::array({"b", "a", nullptr, "b", 2, "B", "a"});
  const auto response = call_api(km_request(data));
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
  const json& curves = response["result"]["curves"];
  ASSERT_EQ(curves.size(), 4u);
  const std::vector<std::string> groups = {"2", "B", "a", "b"};
  const std::vector<double> rows = {1, 1, 2, 2}, first_time = {5, 6, 2, 1};
  for (std::size_t k = 0; k < groups.size(); ++k) {
    EXPECT_EQ(curves[k]["group"], groups[k]);
    EXPECT_EQ(curves[k]["n"], rows[k]);
    EXPECT_EQ(curves[k]["table"]["time"][0], first_time[k]) << curves[k].dump();
  }
}

TEST(ApiErrors, EventCodesOutsideTheAllowedSet) {
  EXPECT_TRUE(refused_with(call_api(km_request({{"time", {1, 2}}, {"event", {1, 2}}})),
                           "invalid_event", "/data/event/1"));
  EXPECT_TRUE(refused_with(call_api(km_request({{"time", {1, 2}}, {"event", {0.5, 1}}})),
                           "invalid_event", "/data/event/0"));
  json competing = {{"op", "cumulative_incidence"},
                    {"data", {{"time", {1, 2, 3}}, {"event", {0, 2, -1}}}}};
  EXPECT_TRUE(refused_with(call_api(competing), "invalid_event", "/data/event/2"));
}

TEST(ApiErrors, ColumnsOfDifferentLengths) {
  EXPECT_TRUE(refused_with(call_api(km_request({{"time", {1, 2, 3}}, {"event", {1, 0}}})),
                           "length_mismatch", "/data/event"));
}

TEST(ApiErrors, EmptyDataAndAllMissing) {
  EXPECT_TRUE(
      refused_with(call_api(km_request({{"time", json::array()}, {"event", json::array()}})),
                   "empty_data", "/data/time"));
  EXPECT_TRUE(refused_with(call_api(km_request({{"time", {nullptr}}, {"event", {1}}})),
                           "empty_data", "/data"));
  EXPECT_TRUE(refused_with(call_api({{"op", "kaplan_meier"}}), "missing_field", "/data"));
}

TEST(ApiErrors, EntryAfterExit) {
  EXPECT_TRUE(
      refused_with(call_api(km_request({{"time", {5, 6}}, {"event", {1, 0}}, {"entry", {1, 6}}})),
                   "entry_after_exit", "/data/entry/1"));
}

TEST(ApiErrors, NegativeWeight) {
  EXPECT_TRUE(
      refused_with(call_api(km_request({{"time", {5, 6}}, {"event", {1, 0}}, {"weight", {1, -1}}})),
                   "invalid_weight", "/data/weight/1"));
}

TEST(ApiErrors, CoxWithZeroEventsIsRefused) {
  json request = {
      {"op", "cox"},
      {"data",
       {{"time", {1, 2, 3}}, {"event", {0, 0, 0}}, {"covariates", {{"age", {50, 60, 70}}}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "no_events", "/data"));
}

TEST(ApiErrors, ConstantCovariateIsNamed) {
  json request = {{"op", "cox"},
                  {"data",
                   {{"time", {1, 2, 3, 4}},
                    {"event", {1, 1, 0, 1}},
                    {"covariates", {{"age", {50, 60, 70, 65}}, {"site", {1, 1, 1, 1}}}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "constant_covariate", "/data/covariates/site"));
}

TEST(ApiErrors, CollinearCovariatesAreNamed) {
  json request = {{"op", "cox"},
                  {"data",
                   {{"time", {1, 2, 3, 4, 5}},
                    {"event", {1, 1, 0, 1, 1}},
                    {"covariates", {{"a", {1, 2, 3, 4, 6}}, {"b", {2, 4, 6, 8, 12}}}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "collinear_covariates", "/data/covariates/b"));
}

TEST(ApiErrors, LogRankNeedsTwoGroups) {
  json request = {
      {"op", "log_rank"},
      {"data", {{"time", {1, 2, 3}}, {"event", {1, 1, 0}}, {"group", {"a", "a", "a"}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "single_group", "/data/group"));
}

TEST(ApiErrors, OneSubjectGroupStillGivesACurve) {
  json request =
      km_request({{"time", {1, 2, 3}}, {"event", {1, 1, 0}}, {"group", {"a", "a", "b"}}});
  const auto response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
  const auto& lone = response["result"]["curves"][1];
  EXPECT_EQ(lone["group"], "b");
  EXPECT_EQ(lone["table"]["surv"][0], 1.0);
  EXPECT_TRUE(lone["median"]["estimate"].is_null());  // never reached: null, not 0
}

TEST(ApiErrors, ConfLevelOutOfRange) {
  auto request = km_request({{"time", {1, 2}}, {"event", {1, 0}}});
  request["conf_level"] = 95;
  EXPECT_TRUE(refused_with(call_api(request), "invalid_value", "/conf_level"));
  request["conf_level"] = 0.95;
  request["conf_type"] = "logit";
  EXPECT_TRUE(refused_with(call_api(request), "invalid_value", "/conf_type"));
}

}  // namespace
}  // namespace nelm::testing

namespace nelm::testing {
namespace {

TEST(ApiErrors, OptionsAModelCannotHonourAreRefused) {
  const nlohmann::ordered_json data = {{"time", {1, 2, 3, 4, 5}}, {"event", {1, 0, 1, 1, 0}}};
  EXPECT_TRUE(refused_with(call_api({{"op", "parametric"},
                                     {"data", data},
                                     {"dist", "weibull"},
                                     {"conditional", {{"time", 1}, {"horizons", {1}}}}}),
                           "unsupported_option", "/conditional"));
  EXPECT_TRUE(refused_with(
      call_api(
          {{"op", "parametric"}, {"data", data}, {"dist", "weibull_cure"}, {"quantiles", {0.5}}}),
      "unsupported_option", "/quantiles"));
}

}  // namespace
}  // namespace nelm::testing

namespace nelm::testing {
namespace {

TEST(ApiErrors, ConditionalHorizonBeyondTheRangeOfNumbers) {
  // Found by hostile_numbers_fuzzer: t0 + horizon overflowed and printed "at" as null.
  const nlohmann::ordered_json request = {
      {"op", "kaplan_meier"},
      {"data", {{"time", {1, 2, 3}}, {"event", {1, 0, 1}}}},
      {"conditional", {{"time", 1e308}, {"horizons", {1, 1.7e308}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "invalid_value", "/conditional/horizons/1"));
}

}  // namespace
}  // namespace nelm::testing
