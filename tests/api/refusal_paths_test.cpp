// Refusals that say where: a key given twice (duplicate_key at its JSON pointer), an entry time
// equal to its exit time up to rounding (zero_length_interval at that row), and a Cox fit whose
// proportional-hazards test alone is singular (the fit stands, the test is null with a warning).
#include <limits>
#include <string>

#include "api_test_support.h"
#include "result_numbers.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

json call_text(const std::string& text) { return json::parse(nelm::api::calculate(text)); }

TEST(DuplicateKeys, AreRefusedAtTheirPath) {
  // nlohmann alone keeps the last value: this ran Kaplan-Meier.
  EXPECT_TRUE(refused_with(
      call_text(R"({"op":"cox","op":"kaplan_meier","data":{"time":[1,2],"event":[1,0]}})"),
      "duplicate_key", "/op"));
  EXPECT_TRUE(refused_with(
      call_text(R"({"op":"kaplan_meier","data":{"time":[1,2],"event":[1,0],"time":[3,4]}})"),
      "duplicate_key", "/data/time"));
  EXPECT_TRUE(refused_with(call_text(R"({"op":"fit_landmarks","points":[{"time":1,"survival":0.5},)"
                                     R"({"time":2,"survival":0.4,"time":3}]})"),
                           "duplicate_key", "/points/1/time"));
  // The pointer escapes "/" and "~" in keys (RFC 6901).
  EXPECT_TRUE(refused_with(call_text(R"({"op":"cox","data":{"time":[1,2,3],"event":[1,0,1],)"
                                     R"("covariates":{"a/b~c":[1,0,1],"a/b~c":[0,1,1]}}})"),
                           "duplicate_key", "/data/covariates/a~1b~0c"));
  const json response = call_text(R"({"op":"cox","op":"cox"})");
  EXPECT_NE(response["error"]["message"].get<std::string>().find("\"op\" appears twice"),
            std::string::npos);
}

TEST(DuplicateKeys, TheSameKeyInDifferentObjectsIsFine) {
  const json response = call_text(R"({"op":"kaplan_meier","data":{"time":[1,2,3],"event":[1,0,1]},)"
                                  R"("conditional":{"time":1,"horizons":[1]},"times":[1]})");
  EXPECT_TRUE(response["ok"].get<bool>()) << response.dump();
}

TEST(DuplicateKeys, AnObjectWithTooManyKeysIsRefused) {
  std::string text = R"({"op":"kaplan_meier","data":{"time":[1],"event":[1]},"extra":{)";
  for (int i = 0; i <= 1'000; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":0";
  text += "}}";
  EXPECT_TRUE(refused_with(call_text(text), "too_large", "/extra/k1000"));
}

TEST(ZeroLengthInterval, NamesTheRowOfTheRequest) {
  // Row 3 (group b): entry 0.3 and exit 0.1 + 0.2 = 0.30000000000000004 are one time for R's
  // aeqSurv. Row 1 has a missing event and is left out, so the core sees this row as its third
  // row, and as the second of group b: the path must still name the request's row.
  json request = {{"op", "kaplan_meier"},
                  {"data",
                   {{"time", {2.0, 3.0, 4.0, 0.1 + 0.2, 5.0}},
                    {"event", {1, nullptr, 0, 1, 1}},
                    {"entry", {0.0, 0.0, 1.0, 0.3, 1.0}},
                    {"group", {"a", "a", "b", "b", "a"}}}}};
  const json response = call_api(request);
  EXPECT_TRUE(refused_with(response, "zero_length_interval", "/data/entry/3"));
  const std::string message = response["error"]["message"];
  EXPECT_NE(message.find("row 3"), std::string::npos) << message;
  EXPECT_NE(message.find("0.30000000000000004"), std::string::npos) << message;
}

TEST(CoxPhTest, ASingularTestKeepsTheFitAndWarns) {
  // Every event at time 5: g(t) is the same at every event, so the test's information for x and
  // g(t) x is singular. R (survival 3.5-3):
  //   d <- data.frame(time = c(5,5,5,1,2,3,6,7,8,9), status = c(1,1,1,0,0,0,0,0,0,0),
  //                   x = c(1,0,1,0,1,0,1,1,0,0))
  //   f <- coxph(Surv(time, status) ~ x, d); coef(f)  # 0.479024610773268
  //   sqrt(diag(vcov(f)))                             # 1.22529060271167
  //   cox.zph(f)  # Error in solve.default(imat, u): system is exactly singular
  const json request = {{"op", "cox"},
                        {"data",
                         {{"time", {5, 5, 5, 1, 2, 3, 6, 7, 8, 9}},
                          {"event", {1, 1, 1, 0, 0, 0, 0, 0, 0, 0}},
                          {"covariates", {{"x", {1, 0, 1, 0, 1, 0, 1, 1, 0, 0}}}}}},
                        {"ph_test", "km"}};
  const json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
  const json& result = response["result"];
  EXPECT_NEAR(result["coef"]["x"].get<double>(), 0.479024610773268, 1e-6);
  EXPECT_NEAR(result["se"]["x"].get<double>(), 1.22529060271167, 1e-6);
  EXPECT_EQ(result["ph_test"]["rows"], json({"x", "GLOBAL"}));
  EXPECT_EQ(result["ph_test"]["chisq"], json({nullptr, nullptr}));
  EXPECT_EQ(result["ph_test"]["p"], json({nullptr, nullptr}));
  EXPECT_TRUE(result["ph_test"]["global_chisq"].is_null());
  bool warned = false;
  for (const auto& warning : response["warnings"]) {
    if (warning["code"] == "ph_test_singular") {
      warned = true;
      EXPECT_NE(warning["message"].get<std::string>().find("x, GLOBAL"), std::string::npos);
    }
  }
  EXPECT_TRUE(warned) << response["warnings"].dump();
  // The nulls are the documented ones (the checker every robustness test and fuzzer applies).
  EXPECT_TRUE(unexpected_nulls(response).empty());
}

}  // namespace
}  // namespace nelm::testing
