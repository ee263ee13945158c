// Inputs found by the fuzzers in fuzz/ (or by hand while fuzzing), each once a crash, a sanitizer
// report or an internal_error; each is now an exact refusal or a correct result.
#include <string>

#include "api_test_support.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

json parse_response(const std::string& request) {
  return json::parse(nelm::api::calculate(request));
}

// request_mutation_fuzzer and calculate_fuzzer: nlohmann reports a number beyond the double range
// as out_of_range (not parse_error), which reached the boundary as internal_error.
TEST(FuzzRegression, NumberBeyondTheDoubleRangeIsInvalidJson) {
  EXPECT_TRUE(refused_with(
      parse_response(R"({"op":"kaplan_meier","data":{"time":[1,8e404],"event":[1,1]}})"),
      "invalid_json", ""));
  EXPECT_TRUE(
      refused_with(parse_response(R"({"op":"kaplan_meier","tau":-1e999})"), "invalid_json", ""));
}

// Found by hand beside the fuzzers (libFuzzer's inputs are too short to reach it): 200000 nested
// arrays in a data column overflowed the stack (ASan stack-overflow) when the value was copied /
// printed recursively for the error message.
TEST(FuzzRegression, DeeplyNestedRequestIsRefusedNotAStackOverflow) {
  const std::size_t depth = 200000;
  const std::string nested = std::string(depth, '[') + std::string(depth, ']');
  EXPECT_TRUE(refused_with(
      parse_response(R"({"op":"kaplan_meier","data":{"time":)" + nested + R"(,"event":[1]}})"),
      "too_large", ""));
  EXPECT_TRUE(refused_with(parse_response(nested), "too_large", ""));
  // Brackets inside strings do not count; moderate nesting is an ordinary refusal.
  EXPECT_TRUE(refused_with(
      parse_response(R"({"op":"kaplan_meier","data":{"time":[[[[1]]]],"event":[1]},"x":")" +
                     std::string(1000, '[') + R"("})"),
      "unknown_field", "/x"));
  EXPECT_TRUE(
      refused_with(parse_response(R"({"op":"kaplan_meier","data":{"time":[[[[1]]]],"event":[1]}})"),
                   "invalid_type", "/data/time/0"));
}

// hostile_numbers_fuzzer: weights of 1.8e308 overflowed the weighted sums, so every incidence was
// 0 and every standard error NaN (null) in an ok:true response.
TEST(FuzzRegression, WeightsWhoseSumsOverflowAreRefused) {
  const json data = {{"time", {12.5, 48.9, 43.1, 17.2}},
                     {"event", {2, 1, 1, 0}},
                     {"weight", {41.2, 1.7976931348623157e308, 1.0, 1.0}}};
  EXPECT_TRUE(refused_with(call_api({{"op", "cumulative_incidence"}, {"data", data}}),
                           "invalid_weight", "/data/weight/1"));
  json tiny = data;
  tiny["weight"] = {1e-300, 1.0, 0.0, 1.0};
  EXPECT_TRUE(refused_with(call_api({{"op", "cumulative_incidence"}, {"data", tiny}}),
                           "invalid_weight", "/data/weight/0"));
  json fine = data;
  fine["weight"] = {1e100, 1e-100, 0.0, 1.0};  // the accepted extremes, and a zero weight
  const json response = call_api({{"op", "cumulative_incidence"}, {"data", fine}});
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 300);
}

// hostile_numbers_fuzzer: a landmark at t = 1.8e308 fitted an exponential with location 710, so
// weibull_scale = exp(710) overflowed to a null in an ok:true response.
TEST(FuzzRegression, LandmarkCurveBeyondTheDoubleRangeIsRefused) {
  const json request = {{"op", "fit_landmarks"},
                        {"family", "exponential"},
                        {"points", {{{"time", 1.7976931348623157e308}, {"survival", 0.4648}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "invalid_value", "/points"));
}

// request_mutation_fuzzer: a Cox profile of 1e300 made exp(x'beta) overflow, so the predicted
// cumulative hazard printed as null in an ok:true response.
TEST(FuzzRegression, CoxProfileFarOutsideTheDataIsRefused) {
  const json request = {{"op", "cox"},
                        {"data",
                         {{"time", {9, 13, 13, 18, 23, 28, 5, 5, 8, 8, 12, 16}},
                          {"event", {1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0}},
                          {"covariates", {{"x", {0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1}}}}}},
                        {"profile", {{"x", 1e300}}}};
  EXPECT_TRUE(refused_with(call_api(request), "invalid_value", "/profile"));
  json ordinary = request;
  ordinary["profile"]["x"] = 1;
  EXPECT_TRUE(call_api(ordinary)["ok"].get<bool>());
}

// hostile_numbers_fuzzer / request_mutation_fuzzer: a survreg prediction whose times overflow
// (a profile of 1e300) printed quantile_time as null in an ok:true response.
TEST(FuzzRegression, SurvregPredictionBeyondTheDoubleRangeIsRefused) {
  const json request = {{"op", "parametric"},
                        {"data",
                         {{"time", {9, 13, 13, 18, 23, 28, 5, 5, 8, 8, 12, 16}},
                          {"event", {1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0}},
                          {"covariates", {{"x", {0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1}}}}}},
                        {"profile", {{"x", -1e300}}}};
  EXPECT_TRUE(refused_with(call_api(request), "invalid_value", "/profile"));
  json ordinary = request;
  ordinary["profile"]["x"] = 1;
  EXPECT_TRUE(call_api(ordinary)["ok"].get<bool>());
}

// hostile_numbers_fuzzer: covariate values near 1e300 overflowed the information matrix: Cox
// reported se 0 and z null (NaN) in an ok:true fit.
TEST(FuzzRegression, CovariateBeyond1e100IsRefused) {
  const json request = {{"op", "cox"},
                        {"data",
                         {{"time", {1, 2, 3, 4, 5, 6}},
                          {"event", {1, 1, 0, 1, 1, 0}},
                          {"covariates", {{"x", {0, 1e300, 0, 1e300, 1e300, 0}}}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "invalid_value", "/data/covariates/x/1"));
}

// hostile_numbers_fuzzer (in scripts/test.sh): weights 1e100 then 1e-100 left a running sum of
// 0 at risk before the second event: incidence and SE 0/0, printed as null.
TEST(FuzzRegression, CumulativeIncidenceWithWeightsManyOrdersApart) {
  const json response = call_api(
      {{"op", "cumulative_incidence"},
       {"data",
        {{"time", {39.21726815839668, 1e12}}, {"event", {1, 1}}, {"weight", {1e100, 1e-100}}}}});
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 300);
  const auto& cause = response["result"]["curves"][0]["causes"][0];
  EXPECT_EQ(cause["incidence"], json({1.0, 1.0}));
  EXPECT_TRUE(cause["std_err"][1].is_number());
  EXPECT_TRUE(response["result"]["curves"][0]["event_free"]["estimate"][1].is_number());
}

// hostile_numbers_fuzzer (in scripts/test.sh): a covariate of 3e-16 against 0 with weights 57 and
// 1e12 gave se 4e14 and hr_upper = exp(8e14), printed as null in an ok:true fit.
TEST(FuzzRegression, CoxTermWithAnUnboundedIntervalIsRefused) {
  const json request = {{"op", "cox"},
                        {"data",
                         {{"time", {5, 5}},
                          {"event", {1, 1}},
                          {"weight", {56.94852941175361, 1e12}},
                          {"strata", {0, 0}},
                          {"covariates", {{"x0", {3.144186300207963e-16, 0.0}}}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "singular_information", "/data/covariates/x0"));
}

}  // namespace
}  // namespace nelm::testing
