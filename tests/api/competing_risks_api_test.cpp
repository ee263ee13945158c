// The competing-risks and robust-variance additions through calculate(): op "fine_gray", Gray's
// test in "cumulative_incidence", robust Kaplan-Meier errors with "cluster", and coxph's automatic
// robust variance for fractional weights. R numbers with their calls; refusals by code and path.
#include <cmath>

#include "api_test_support.h"
#include "reference_data.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

json column_json(const std::vector<double>& values) {
  json column = json::array();
  for (double value : values) column.push_back(std::isnan(value) ? json(nullptr) : json(value));
  return column;
}

// tests/reference/mgus2.csv as a fine_gray request with covariates age and male.
json mgus2_fine_gray() {
  const ReferenceTable table = load_reference_csv("mgus2");
  return {{"op", "fine_gray"},
          {"data",
           {{"time", column_json(table.column("etime"))},
            {"event", column_json(table.column("event"))},
            {"covariates",
             {{"age", column_json(table.column("age"))},
              {"male", column_json(table.column("male"))}}}}}};
}

double at(const json& value) { return value.is_null() ? std::nan("") : value.get<double>(); }

// R: fc <- coxph(Surv(fgstart, fgstop, fgstatus) ~ age + male + cluster(id), weight = fgwt,
//                data = finegray(Surv(etime, ev) ~ ., data = m, etype = "pcm"))
//    summary(fc); summary(survfit(fc, data.frame(age = 60, male = 1)), times = c(12, 120))
TEST(FineGrayApi, Mgus2AsFinegrayCoxph) {
  json request = mgus2_fine_gray();
  request["profile"] = {{"age", 60}, {"male", 1}};
  request["times"] = {120, 12};
  const json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 300);
  const json& result = response["result"];
  EXPECT_EQ(result["cause"], 1);
  EXPECT_EQ(result["nevent"], 115.0);
  EXPECT_EQ(result["finegray_rows"], 41775.0);
  EXPECT_REL_NEAR(at(result["coef"]["male"]), -0.25975679140011831, 1e-6);
  EXPECT_REL_NEAR(at(result["se"]["male"]), std::sqrt(0.034987170345621661), 1e-6);
  EXPECT_EQ(result["robust"]["cluster"], "subject");
  const double robust_se = std::sqrt(0.034460239902714865);
  EXPECT_REL_NEAR(at(result["robust"]["se"]["male"]), robust_se, 1e-6);
  EXPECT_REL_NEAR(at(result["hr"]["male"]), std::exp(-0.25975679140011831), 1e-6);
  EXPECT_REL_NEAR(at(result["robust"]["hr_lower"]["male"]),
                  std::exp(-0.25975679140011831 - 1.959963984540054 * robust_se), 1e-6);
  const json& times = result["prediction"]["at_times"];
  EXPECT_EQ(times["time"], json({12.0, 120.0}));
  EXPECT_REL_NEAR(at(times["incidence"][0]), 0.0096999068546664846, 1e-6);
  EXPECT_REL_NEAR(at(times["incidence"][1]), 0.065599030430001704, 1e-6);
  EXPECT_REL_NEAR(at(times["std_err"][1]), 0.0095013232845337203, 1e-6);
  EXPECT_REL_NEAR(at(times["lower"][1]), 0.046789972910070476, 1e-6);
  EXPECT_REL_NEAR(at(times["upper"][1]), 0.084036941366563367, 1e-6);
  EXPECT_TRUE(response["warnings"].empty());
}

// The documented call without cluster(id): R's coxph clusters by finegray row (f$var).
TEST(FineGrayApi, RowClusteringAndModelVariance) {
  json request = mgus2_fine_gray();
  request["cluster"] = "row";
  json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>());
  EXPECT_REL_NEAR(at(response["result"]["robust"]["se"]["male"]), std::sqrt(0.033017446948311442),
                  1e-6);
  request.erase("cluster");
  request["robust"] = false;
  response = call_api(request);
  EXPECT_TRUE(response["result"]["robust"].is_null());
}

TEST(FineGrayApi, RefusalsNameTheInput) {
  json request = mgus2_fine_gray();
  request["cause"] = 3;
  EXPECT_TRUE(refused_with(call_api(request), "no_events", "/data/event"));
  request["cause"] = 0;
  EXPECT_TRUE(refused_with(call_api(request), "invalid_value", "/cause"));
  request = mgus2_fine_gray();
  request["robust"] = false;
  request["cluster"] = "row";
  EXPECT_TRUE(refused_with(call_api(request), "unsupported_option", "/cluster"));
  request = mgus2_fine_gray();
  request["times"] = {12};
  EXPECT_TRUE(refused_with(call_api(request), "unsupported_option", "/times"));
  request["profile"] = {{"age", 60}};
  EXPECT_TRUE(refused_with(call_api(request), "missing_field", "/profile/male"));
  request = mgus2_fine_gray();
  request["data"]["event"][4] = 1.5;
  EXPECT_TRUE(refused_with(call_api(request), "invalid_event", "/data/event/4"));
  request = mgus2_fine_gray();
  request["data"].erase("covariates");
  EXPECT_TRUE(refused_with(call_api(request), "missing_field", "/data/covariates"));
  request = mgus2_fine_gray();
  request["data"]["entry"] = json::array();
  EXPECT_TRUE(refused_with(call_api(request), "unknown_field", "/data/entry"));
  const json tiny = {
      {"op", "fine_gray"},
      {"data",
       {{"time", {1, 2, 3, 4}}, {"event", {1, 2, 1, 0}}, {"covariates", {{"x", {1, 1, 1, 1}}}}}}};
  EXPECT_TRUE(refused_with(call_api(tiny), "constant_covariate", "/data/covariates/x"));
  // R: coxph(..., weights = w) stops with "Invalid weights, must be >0". Row 5 is missing, so the
  // zero weight's path is its row in the request, not in the complete cases.
  json weighted = {{"op", "fine_gray"},
                   {"data",
                    {{"time", {1, 2, 3, 4, 5, 6, 7}},
                     {"event", {1, 0, 1, 2, 1, nullptr, 1}},
                     {"weight", {1, 1, 1, 1, 1, 1, 0}},
                     {"covariates", {{"x", {0, 1, 1, 0, 1, 0, 1}}}}}}};
  EXPECT_TRUE(refused_with(call_api(weighted), "invalid_weight", "/data/weight/6"));
}

// A covariate that separates the events of interest: the coefficient is infinite, its numbers are
// null and no predicted incidence is given. R: d <- data.frame(id = 1:8, time = 1:8,
// status = c(1,2,1,0,1,2,0,0), x = c(1,0,1,0,1,0,0,0)); coxph on finegray(d) warns "Ran out of
// iterations and did not converge".
TEST(FineGrayApi, MonotoneLikelihoodWithholdsThePrediction) {
  const json request = {{"op", "fine_gray"},
                        {"data",
                         {{"time", {1, 2, 3, 4, 5, 6, 7, 8}},
                          {"event", {1, 2, 1, 0, 1, 2, 0, 0}},
                          {"covariates", {{"x", {1, 0, 1, 0, 1, 0, 0, 0}}}}}},
                        {"profile", {{"x", 1}}}};
  const json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>());
  EXPECT_TRUE(response["result"]["infinite"]["x"].get<bool>());
  EXPECT_TRUE(response["result"]["hr"]["x"].is_null());
  EXPECT_TRUE(response["result"]["prediction"].is_null());
  std::vector<std::string> codes;
  for (const auto& warning : response["warnings"]) codes.push_back(warning["code"]);
  // R's coxph on the finegray data also runs out of iterations here (coef 22.7 after 20).
  EXPECT_EQ(codes, (std::vector<std::string>{"infinite_coefficient", "not_converged",
                                             "prediction_unreliable"}));
}

// A category covariate declared in "categorical" (text labels, the most frequent as reference, as
// the cox op) and a numeric one with missing values (the rows left out, counted by column).
// R: mm <- m[!is.na(m$mspike), ]; mm$sex <- factor(ifelse(mm$male == 1, "M", "F"), c("M", "F"))
//    fc <- coxph(Surv(fgstart, fgstop, fgstatus) ~ age + sex + mspike + cluster(id), weight = fgwt,
//                data = finegray(Surv(etime, ev) ~ ., data = mm, etype = "pcm"))
//    coef(fc); fc$naive.var; fc$var; fc$n
TEST(FineGrayApi, CategoricalCovariateAndMissingValues) {
  const ReferenceTable table = load_reference_csv("mgus2");
  json request = mgus2_fine_gray();
  json sex = json::array();
  for (double male : table.column("male")) sex.push_back(male == 1.0 ? "M" : "F");
  request["data"]["covariates"] = {{"age", column_json(table.column("age"))},
                                   {"sex", sex},
                                   {"mspike", column_json(table.column("mspike"))}};
  request["categorical"] = {{"sex", json::object()}};
  const json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 300);
  const json& result = response["result"];
  EXPECT_EQ(result["terms"], json({"age", "sex=F", "mspike"}));
  EXPECT_EQ(result["covariates"][1]["reference"], "M");
  EXPECT_EQ(result["missing"]["rows"], 11);
  EXPECT_EQ(result["missing"]["by_column"]["mspike"], 11);
  EXPECT_EQ(result["n"], 1373.0);
  EXPECT_EQ(result["finegray_rows"], 41174.0);
  EXPECT_REL_NEAR(at(result["coef"]["sex=F"]), 0.213370630893061131, 1e-6);
  EXPECT_REL_NEAR(at(result["coef"]["mspike"]), 0.888420135401218669, 1e-6);
  EXPECT_REL_NEAR(at(result["se"]["sex=F"]), std::sqrt(3.5002811165059308e-02), 1e-6);
  EXPECT_REL_NEAR(at(result["robust"]["se"]["sex=F"]), std::sqrt(3.4286983159994164e-02), 1e-6);
  EXPECT_REL_NEAR(at(result["robust"]["se"]["age"]), std::sqrt(3.3644043121978019e-05), 1e-6);
  request["profile"] = {{"age", 60}, {"sex", "X"}, {"mspike", 1}};
  EXPECT_TRUE(refused_with(call_api(request), "invalid_value", "/profile/sex"));
}

TEST(FineGrayApi, TimesPastFollowUpAreFlagged) {
  json request = mgus2_fine_gray();
  request["profile"] = {{"age", 60}, {"male", 0}};
  request["times"] = {500};
  const json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>());
  EXPECT_EQ(response["warnings"][0]["code"], "beyond_follow_up");
}

json hand_worked_incidence() {
  return {
      {"op", "cumulative_incidence"},
      {"data", {{"time", {1, 3, 2, 4}}, {"event", {1, 0, 2, 0}}, {"group", {"A", "A", "B", "B"}}}}};
}

// R: cuminc(c(1,3,2,4), c(1,0,2,0), c("A","A","B","B"))$Tests: 1.0 and 0.8 on 1 df.
TEST(GrayTestApi, HandWorkedThroughJson) {
  const json response = call_api(hand_worked_incidence());
  ASSERT_TRUE(response["ok"].get<bool>());
  const json& test = response["result"]["gray_test"];
  EXPECT_EQ(test["rho"], 0.0);
  EXPECT_EQ(test["strata"], 1);
  EXPECT_EQ(test["tests"][0]["cause"], 1);
  EXPECT_NEAR(at(test["tests"][0]["statistic"]), 1.0, 1e-12);
  EXPECT_EQ(test["tests"][0]["df"], 1);
  EXPECT_REL_NEAR(at(test["tests"][0]["p"]), 0.31731050786291404, 1e-12);
  EXPECT_NEAR(at(test["tests"][1]["statistic"]), 0.8, 1e-12);
  EXPECT_REL_NEAR(at(test["tests"][1]["p"]), 0.37109336952269767, 1e-12);
  // The curves by hand: in each group one of two leaves by its cause, so F = 1/2 with the IJ SE
  // sqrt((1/4)^2 + (1/4)^2) = sqrt(1/8). R: survfit(Surv(c(1,3,2,4), factor(c(1,0,2,0), 0:2)) ~ g)
  // gives pstate 0.5 and std.err 0.35355339059327379 (cuminc's delta-method var is 0.25 instead).
  const json& a = response["result"]["curves"][0];
  const json& b = response["result"]["curves"][1];
  EXPECT_EQ(a["group"], "A");
  EXPECT_EQ(a["time"], json({1.0, 3.0}));
  EXPECT_EQ(a["causes"][0]["incidence"], json({0.5, 0.5}));
  EXPECT_EQ(a["causes"][1]["incidence"], json({0.0, 0.0}));
  EXPECT_EQ(b["causes"][1]["incidence"], json({0.5, 0.5}));
  EXPECT_NEAR(at(a["causes"][0]["std_err"][0]), std::sqrt(0.125), 1e-15);
  EXPECT_NEAR(at(b["causes"][1]["std_err"][1]), std::sqrt(0.125), 1e-15);
}

// R: cuminc(d$etime, d$event, d$male, strata = cut(d$age, c(0, 60, 70, 80, 100)), rho = 1)
TEST(GrayTestApi, StrataAndRho) {
  const ReferenceTable table = load_reference_csv("mgus2");
  json strata = json::array();
  for (double age : table.column("age")) {
    strata.push_back(age <= 60   ? "(0,60]"
                     : age <= 70 ? "(60,70]"
                     : age <= 80 ? "(70,80]"
                                 : "(80,100]");
  }
  const json request = {{"op", "cumulative_incidence"},
                        {"data",
                         {{"time", column_json(table.column("etime"))},
                          {"event", column_json(table.column("event"))},
                          {"group", column_json(table.column("male"))},
                          {"strata", strata}}},
                        {"rho", 1}};
  const json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>());
  const json& tests = response["result"]["gray_test"]["tests"];
  EXPECT_EQ(response["result"]["gray_test"]["strata"], 4);
  EXPECT_REL_NEAR(at(tests[0]["statistic"]), 1.8778613816421803, 1e-10);
  EXPECT_REL_NEAR(at(tests[1]["statistic"]), 30.8624725145135983, 1e-10);
  EXPECT_REL_NEAR(at(tests[1]["p"]), 2.7697626858724789e-08, 1e-8);
}

TEST(GrayTestApi, NoTestWithoutAComparisonOrWithWeights) {
  json request = hand_worked_incidence();
  request["data"]["weight"] = {1, 1, 2, 1};
  json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>());
  EXPECT_TRUE(response["result"]["gray_test"].is_null());
  EXPECT_EQ(response["warnings"][0]["code"], "weighted_test_unavailable");
  request = hand_worked_incidence();
  request["data"]["group"] = {"A", "A", "A", "A"};
  response = call_api(request);
  EXPECT_TRUE(response["result"]["gray_test"].is_null());
  EXPECT_EQ(response["warnings"][0]["code"], "no_comparison");
  request = hand_worked_incidence();
  request["data"].erase("group");
  EXPECT_FALSE(call_api(request)["result"].contains("gray_test"));
}

TEST(GrayTestApi, RefusalsNameTheInput) {
  json request = hand_worked_incidence();
  request["data"].erase("group");
  request["data"]["strata"] = {1, 1, 2, 2};
  EXPECT_TRUE(refused_with(call_api(request), "unsupported_option", "/data/strata"));
  request["data"].erase("strata");
  request["rho"] = 1;
  EXPECT_TRUE(refused_with(call_api(request), "unsupported_option", "/rho"));
  request = hand_worked_incidence();
  request["rho"] = -1;
  EXPECT_TRUE(refused_with(call_api(request), "invalid_value", "/rho"));
  request = hand_worked_incidence();
  request["data"]["strata"] = {1, 1};
  EXPECT_TRUE(refused_with(call_api(request), "length_mismatch", "/data/strata"));
}

json aml_weighted() {
  const ReferenceTable table = load_reference_csv("aml");
  return {{"op", "kaplan_meier"},
          {"data",
           {{"time", column_json(table.column("time"))},
            {"event", column_json(table.column("status"))},
            {"weight", {0.9,  1.06, 1.36, 1.86, 0.8,  1.85, 1.92, 1.49, 1.44, 0.59, 0.81, 0.76,
                        1.53, 1.08, 1.65, 1.25, 1.58, 1.99, 1.07, 1.67, 1.9,  0.82, 1.48}}}}};
}

// R: set.seed(1); d <- aml; d$w <- round(runif(23, 0.5, 2), 2)
//    survfit(Surv(time, status) ~ 1, data = d, weights = w)   # robust: the weights are fractional
//    s <- subset(d, time > 12); summary(survfit(Surv(time - 12, status) ~ 1, data = s,
//                                               weights = w, conf.type = "log-log"), times = c(6,
//                                               24))
TEST(KaplanMeierRobustApi, FractionalWeightsSwitchToRobustAsR) {
  json request = aml_weighted();
  request["conditional"] = {{"time", 12}, {"horizons", {6, 24}}};
  json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>());
  EXPECT_TRUE(response["result"]["robust"].get<bool>());
  const json& curve = response["result"]["curves"][0];
  EXPECT_REL_NEAR(at(curve["table"]["std_err"][0]), 0.053599977155564242, 1e-12);
  EXPECT_REL_NEAR(at(curve["table"]["std_cumhaz"][16]), 0.58752215520881101, 1e-12);
  const json& conditional = curve["conditional"];
  EXPECT_REL_NEAR(at(conditional["surv"][0]), 0.86501795131417514, 1e-12);
  EXPECT_REL_NEAR(at(conditional["std_err"][0]), 0.093614988970057628, 1e-12);
  EXPECT_REL_NEAR(at(conditional["lower"][1]), 0.089072370999376607, 1e-12);
  EXPECT_REL_NEAR(at(conditional["upper"][1]), 0.52582433857231226, 1e-12);
  request["robust"] = false;  // R's robust = FALSE: Greenwood with weighted counts
  response = call_api(request);
  EXPECT_FALSE(response["result"]["robust"].get<bool>());
  EXPECT_REL_NEAR(at(response["result"]["curves"][0]["table"]["std_err"][0]), 0.0471822859973619,
                  1e-12);
}

// A cluster column switches to robust (R: survfit(Surv(time, status) ~ 1, lung, cluster = inst));
// rows without a cluster label are left out, as R's na.action.
TEST(KaplanMeierRobustApi, ClusterColumnAsSurvfit) {
  const ReferenceTable table = load_reference_csv("lung");
  json request = {{"op", "kaplan_meier"},
                  {"data",
                   {{"time", column_json(table.column("time"))},
                    {"event", column_json(table.column("status"))},
                    {"cluster", column_json(table.column("inst"))}}}};
  json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>());
  EXPECT_EQ(response["warnings"][0]["code"], "missing_values");
  const json& table_json = response["result"]["curves"][0]["table"];
  EXPECT_EQ(table_json["time"][49], 182.0);
  EXPECT_REL_NEAR(at(table_json["std_err"][0]), 0.0044078930600790212, 1e-12);
  EXPECT_REL_NEAR(at(table_json["std_err"][49]), 0.0339209588727174619, 1e-12);
  EXPECT_REL_NEAR(at(table_json["std_cumhaz"][99]), 0.0551422987634200695, 1e-12);
  request["robust"] = false;
  response = call_api(request);
  EXPECT_EQ(response["warnings"][1]["code"], "cluster_ignored");
}

TEST(KaplanMeierRobustApi, RefusalsNameTheInput) {
  json request = aml_weighted();
  request["data"]["entry"] = json::array();
  for (int i = 0; i < 23; ++i) request["data"]["entry"].push_back(0.5);
  request["robust"] = true;
  EXPECT_TRUE(refused_with(call_api(request), "missing_field", "/data/cluster"));
  request.erase("robust");  // automatic: one cluster per row, as R
  EXPECT_TRUE(call_api(request)["ok"].get<bool>());
  request["data"]["cluster"] = {1, 2};
  EXPECT_TRUE(refused_with(call_api(request), "length_mismatch", "/data/cluster"));
  request = aml_weighted();
  request["robust"] = "yes";
  EXPECT_TRUE(refused_with(call_api(request), "invalid_type", "/robust"));
}

// coxph turns robust on by itself for fractional weights; the fractional_weights warning is gone.
// R: d <- read.csv("aml.csv"); set.seed(1); d$w <- round(runif(23, 0.5, 2), 2)
//    f <- coxph(Surv(time, status) ~ nonmaintained, data = d, weights = w)
//    sqrt(diag(f$var)) 0.45068815367663739 (robust), sqrt(diag(f$naive.var)) 0.4388809100749938
TEST(CoxRobustApi, FractionalWeightsGiveTheRobustVarianceAsCoxph) {
  const ReferenceTable table = load_reference_csv("aml");
  json request = {
      {"op", "cox"},
      {"data",
       {{"time", column_json(table.column("time"))},
        {"event", column_json(table.column("status"))},
        {"weight", aml_weighted()["data"]["weight"]},
        {"covariates", {{"nonmaintained", column_json(table.column("nonmaintained"))}}}}}};
  json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>());
  EXPECT_REL_NEAR(at(response["result"]["robust"]["se"]["nonmaintained"]), 0.45068815367663739,
                  1e-6);
  EXPECT_REL_NEAR(at(response["result"]["se"]["nonmaintained"]), 0.4388809100749938, 1e-6);
  EXPECT_TRUE(response["warnings"].empty());
  request["robust"] = false;
  EXPECT_FALSE(call_api(request)["result"].contains("robust"));
}

}  // namespace
}  // namespace nelm::testing
