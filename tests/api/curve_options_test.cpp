// The curve options of kaplan_meier and cumulative_incidence through calculate(): no estimate at
// requested times past the last observed time (null with estimable false and a beyond_follow_up
// warning), the thinned curve for figures ("plot"), the table left out on request ("table":
// false), and the refusals of bad options with their paths.
#include <gtest/gtest.h>

#include "api_test_support.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

// hand-worked data of kaplan_meier_test.cpp: last time 6, a censoring, S = 9/35 from 4 on.
const json kData = {{"time", {4, 1, 3, 3, 6, 3, 2}}, {"event", {1, 1, 1, 0, 0, 1, 0}}};

TEST(CurveOptions, KaplanMeierGivesNoEstimatePastTheLastTime) {
  const json response = call_api({{"op", "kaplan_meier"}, {"data", kData}, {"times", {10, 5}}});
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
  const json& curve = response["result"]["curves"][0];
  EXPECT_EQ(curve["last_time"], 6.0);
  EXPECT_EQ(curve["at_times"]["time"], json({5.0, 10.0}));
  EXPECT_EQ(curve["at_times"]["estimable"], json({true, false}));
  EXPECT_NEAR(curve["at_times"]["surv"][0].get<double>(), 9.0 / 35.0, 1e-15);
  for (const char* column : {"surv", "std_err", "lower", "upper", "cumhaz"}) {
    EXPECT_TRUE(curve["at_times"][column][1].is_null()) << column;
  }
  EXPECT_EQ(curve["at_times"]["n_risk"][1], 0.0);
  ASSERT_EQ(response["warnings"].size(), 1u);
  EXPECT_EQ(response["warnings"][0]["code"], "beyond_follow_up");
  EXPECT_EQ(response["warnings"][0]["message"],
            "no estimate at 10: no patient was followed that long (the last observed time is 6)");
}

TEST(CurveOptions, KaplanMeierPlotStartsAtTheOriginAndTableCanBeLeftOut) {
  const json response = call_api({{"op", "kaplan_meier"},
                                  {"data", kData},
                                  {"table", false},
                                  {"plot", {{"points", 100}, {"to", 5}}}});
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
  const json& curve = response["result"]["curves"][0];
  EXPECT_FALSE(curve.contains("table"));
  EXPECT_EQ(curve["median"]["estimate"], 4.0);  // summaries are still from every row
  // Rows 1, 2, 3, 4 (each in its own interval of [0, 5]) and 6, the first row past `to`.
  EXPECT_EQ(curve["plot"]["time"], json({0.0, 1.0, 2.0, 3.0, 4.0, 6.0}));
  EXPECT_EQ(curve["plot"]["surv"][0], 1.0);
  EXPECT_NEAR(curve["plot"]["surv"][3].get<double>(), 18.0 / 35.0, 1e-15);
  EXPECT_EQ(curve["plot"]["n_censor"], json({0.0, 0.0, 1.0, 1.0, 0.0, 1.0}));
}

// Four rows in one interval of two: the first and last rows, the extremes of the bands, and
// the censorings of the rows left out carried to the next kept row.
TEST(CurveOptions, PlotThinsToTheResolution) {
  const json data = {{"time", {0.1, 0.2, 0.3, 0.4, 1.5}}, {"event", {1, 0, 1, 0, 1}}};
  const json response = call_api({{"op", "kaplan_meier"},
                                  {"data", data},
                                  {"conf_type", "plain"},
                                  {"plot", {{"points", 2}, {"to", 2}}}});
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
  const json& plot = response["result"]["curves"][0]["plot"];
  EXPECT_EQ(plot["time"], json({0.0, 0.1, 0.3, 0.4, 1.5}));
  EXPECT_EQ(plot["n_censor"], json({0.0, 0.0, 1.0, 1.0, 0.0}));
  EXPECT_EQ(response["result"]["curves"][0]["table"]["time"].size(), 5u);
}

TEST(CurveOptions, CumulativeIncidenceAtTimesAndPlot) {
  const json response = call_api({{"op", "cumulative_incidence"},
                                  {"data", {{"time", {1, 2, 3, 4}}, {"event", {1, 0, 2, 0}}}},
                                  {"times", {5, 3}},
                                  {"table", false},
                                  {"plot", {{"points", 10}}}});
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
  const json& curve = response["result"]["curves"][0];
  EXPECT_FALSE(curve.contains("time"));
  EXPECT_EQ(curve["last_time"], 4.0);
  EXPECT_EQ(curve["causes"], json::parse(R"([{"cause": 1}, {"cause": 2}])"));
  const json& at = curve["at_times"];
  EXPECT_EQ(at["time"], json({3.0, 5.0}));
  EXPECT_EQ(at["estimable"], json({true, false}));
  EXPECT_EQ(at["causes"][1]["incidence"][0], 0.375);  // R: pstate at 3 is 0.375 0.25 0.375
  EXPECT_TRUE(at["causes"][1]["incidence"][1].is_null());
  EXPECT_TRUE(at["event_free"]["estimate"][1].is_null());
  EXPECT_EQ(response["warnings"][0]["code"], "beyond_follow_up");
  EXPECT_EQ(curve["plot"]["time"], json({0.0, 1.0, 2.0, 3.0, 4.0}));
  EXPECT_EQ(curve["plot"]["causes"][0]["incidence"], json({0.0, 0.25, 0.25, 0.25, 0.25}));
}

TEST(CurveOptions, BadOptionsAreRefusedWithTheirPath) {
  const json base = {{"op", "kaplan_meier"}, {"data", kData}};
  auto with = [&](const char* key, const json& value) {
    json request = base;
    request[key] = value;
    return call_api(request);
  };
  EXPECT_TRUE(refused_with(with("plot", {{"points", 0}}), "invalid_value", "/plot/points"));
  EXPECT_TRUE(refused_with(with("plot", {{"point", 10}}), "unknown_field", "/plot/point"));
  EXPECT_TRUE(refused_with(with("plot", 10), "invalid_type", "/plot"));
  EXPECT_TRUE(refused_with(with("plot", {{"to", -1}}), "invalid_value", "/plot/to"));
  EXPECT_TRUE(refused_with(with("table", "no"), "invalid_type", "/table"));
  json incidence = base;
  incidence["op"] = "cumulative_incidence";
  incidence["times"] = {-1};
  EXPECT_TRUE(refused_with(call_api(incidence), "invalid_value", "/times/0"));
}

}  // namespace
}  // namespace nelm::testing
