// Caveats reach the caller next to what they qualify: an infinite coefficient is a warning naming
// the covariate and its estimates are null, never a huge hazard ratio presented as a result.
#include "api_test_support.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

TEST(ApiWarnings, MonotoneLikelihoodNullsTheHazardRatioAndNamesTheCovariate) {
  // x separates early from late events perfectly. R: coxph(Surv(time, status) ~ x + age) warns
  // "Loglik converged before variable 1; coefficient may be infinite" (coef x = 22.36, iter 20)
  // and gives age 0.02984873.
  const json request = {
      {"op", "cox"},
      {"data",
       {{"time", {1, 2, 3, 4, 5, 6}},
        {"event", {1, 1, 1, 1, 1, 1}},
        {"covariates", {{"x", {1, 1, 1, 0, 0, 0}}, {"age", {50, 61, 45, 70, 52, 66}}}}}},
      {"profile", {{"x", 1}, {"age", 60}}}};
  const json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
  const json& result = response["result"];
  EXPECT_TRUE(result["infinite"]["x"].get<bool>());
  EXPECT_FALSE(result["infinite"]["age"].get<bool>());
  for (const char* field : {"coef", "se", "z", "p", "hr", "hr_lower", "hr_upper"}) {
    EXPECT_TRUE(result[field]["x"].is_null()) << field;
  }
  EXPECT_NEAR(result["coef"]["age"].get<double>(), 0.02984873, 1e-7);
  ASSERT_GE(response["warnings"].size(), 2u);
  EXPECT_EQ(response["warnings"][0]["code"], "infinite_coefficient");
  EXPECT_EQ(response["warnings"][0]["subject"], "x");
  EXPECT_EQ(response["warnings"][1]["code"], "prediction_unreliable");
  EXPECT_TRUE(result["prediction"].is_null());  // withheld, not drawn from an infinite HR
}

TEST(ApiWarnings, ZeroEventsGiveAFlatCurveNotAnError) {
  const json response = call_api({{"op", "kaplan_meier"},
                                  {"data", {{"time", {3, 1, 2}}, {"event", {0, 0, 0}}}},
                                  {"times", {2}}});
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
  const json& curve = response["result"]["curves"][0];
  EXPECT_EQ(curve["table"]["surv"], json({1.0, 1.0, 1.0}));
  EXPECT_TRUE(curve["table"]["lower"][0].is_null());  // log-log undefined at S = 1
  EXPECT_TRUE(curve["median"]["estimate"].is_null());
  EXPECT_EQ(curve["at_times"]["surv"][0], 1.0);
}

}  // namespace
}  // namespace nelm::testing
