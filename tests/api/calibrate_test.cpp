// The calibrate op through calculate(): refusals with their JSON paths, rows without a prediction
// left out and counted, and the documented example's numbers against R's aml Kaplan-Meier.
#include "api_test_support.h"
#include "reference_data.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

json request() {
  return {{"op", "calibrate"},
          {"data", {{"time", {1, 2, 3, 4, 5, 6}}, {"event", {1, 0, 1, 1, 0, 1}}}},
          {"times", {2, 4}},
          {"predicted_surv", {{0.9, 0.8, 0.7, 0.6, 0.5, 0.4}, {0.8, 0.6, 0.5, 0.4, 0.3, 0.2}}}};
}

TEST(CalibrateApi, RefusalsSayWhere) {
  json no_predictions = request();
  no_predictions.erase("predicted_surv");
  EXPECT_TRUE(refused_with(call_api(no_predictions), "missing_field", "/predicted_surv"));
  json one_column = request();
  one_column["predicted_surv"].erase(1);
  EXPECT_TRUE(refused_with(call_api(one_column), "length_mismatch", "/predicted_surv"));
  json short_column = request();
  short_column["predicted_surv"][1].erase(5);
  EXPECT_TRUE(refused_with(call_api(short_column), "length_mismatch", "/predicted_surv/1"));
  json not_probability = request();
  not_probability["predicted_surv"][0][3] = 1.5;
  EXPECT_TRUE(refused_with(call_api(not_probability), "invalid_value", "/predicted_surv/0/3"));
  json text = request();
  text["predicted_surv"][1][2] = "0.5";
  EXPECT_TRUE(refused_with(call_api(text), "invalid_type", "/predicted_surv/1/2"));
  json zero_time = request();
  zero_time["times"] = {0, 4};
  EXPECT_TRUE(refused_with(call_api(zero_time), "invalid_value", "/times/0"));
  json one_group = request();
  one_group["groups"] = 1;
  EXPECT_TRUE(refused_with(call_api(one_group), "invalid_value", "/groups"));
  json no_times = request();
  no_times.erase("times");
  EXPECT_TRUE(refused_with(call_api(no_times), "missing_field", "/times"));
  json no_events = request();
  no_events["data"]["event"] = {0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(refused_with(call_api(no_events), "no_events", "/data"));
}

// Work grows as rows x times (a Cox fit and Kaplan-Meier curves per time): refused before any
// prediction is read.
TEST(CalibrateApi, TooMuchWorkIsRefusedAtTheTimes) {
  json large = {{"op", "calibrate"},
                {"data", {{"time", json::array()}, {"event", json::array()}}},
                {"times", json::array()},
                {"predicted_surv", json::array()}};
  for (int i = 0; i < 10000; ++i) {
    large["data"]["time"].push_back(i + 1);
    large["data"]["event"].push_back(i % 2);
  }
  for (int h = 1; h <= 1000; ++h) large["times"].push_back(h);
  EXPECT_TRUE(refused_with(call_api(large), "too_large", "/times"));
}

TEST(CalibrateApi, RowsWithoutAPredictionAreLeftOutAndCounted) {
  json with_gap = request();
  with_gap["predicted_surv"][1][0] = nullptr;
  with_gap["data"]["time"][5] = nullptr;
  const json response = call_api(with_gap);
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
  const json& result = response["result"];
  EXPECT_EQ(result["n"].get<double>(), 4.0);
  EXPECT_EQ(result["missing"]["rows"], 2);
  EXPECT_EQ(result["missing"]["by_column"]["time"], 1);
  EXPECT_EQ(result["missing"]["by_column"]["predicted_surv"], 1);
  ASSERT_GE(response["warnings"].size(), 2u);
  EXPECT_EQ(response["warnings"][0]["code"], "missing_values");  // time
  EXPECT_EQ(response["warnings"][1]["code"], "missing_values");  // predictions
  EXPECT_NE(response["warnings"][1]["message"].get<std::string>().find("1 of 5 rows"),
            std::string::npos);
}

// docs/examples/calibrate: aml with the predictions of the cox example (4 digits). Observed per
// group is the Kaplan-Meier of each arm at 12 weeks: R survfit(Surv(time, status) ~ x, aml,
// conf.type = "log-log"): Maintained 0.909091 (10 at risk), Nonmaintained 0.583333 (8 at risk).
TEST(CalibrateApi, ExampleGroupsAreTheTwoArmsOfAml) {
  const json result = call_api(json::parse(R"({"op": "calibrate",
    "data": {"time": [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30,
                      33, 43, 45],
             "event": [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]},
    "times": [12],
    "predicted_surv": [[0.8406, 0.8406, 0.8406, 0.8406, 0.8406, 0.8406, 0.8406, 0.8406, 0.8406,
                        0.8406, 0.8406, 0.648, 0.648, 0.648, 0.648, 0.648, 0.648, 0.648, 0.648,
                        0.648, 0.648, 0.648, 0.648]], "groups": 2})"))["result"];
  const json& groups = result["at_times"][0]["groups"];
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0]["n"].get<double>(), 11.0);
  EXPECT_REL_NEAR(groups[0]["observed"]["surv"].get<double>(), 10.0 / 11.0, 1e-12);
  EXPECT_EQ(groups[0]["observed"]["n_risk"].get<double>(), 10.0);
  EXPECT_REL_NEAR(groups[1]["observed"]["surv"].get<double>(), 7.0 / 12.0, 1e-12);
  EXPECT_EQ(groups[1]["observed"]["n_risk"].get<double>(), 8.0);
  EXPECT_REL_NEAR(groups[1]["predicted"].get<double>(), 0.648, 1e-12);
}

}  // namespace
}  // namespace nelm::testing
