// Cox with categorical covariates through calculate(): text and numeric labels become indicators
// against a reference level (declared, or the most frequent) in the core, as R's coxph with
// factor() and relevel(); refusals name the column and level. R 4.2.2, survival 3.5-3; iterative
// quantities at 1e-6 relative, log-likelihoods at 1e-9 (the reference README's tolerances).
#include <cmath>

#include "api_test_support.h"
#include "reference_data.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

json numbers(const ReferenceTable& table, const std::string& name) {
  json column = json::array();
  for (double value : table.column(name)) {
    column.push_back(std::isnan(value) ? json(nullptr) : json(value));
  }
  return column;
}

json texts(const ReferenceTable& table, const std::string& name) {
  json column = json::array();
  for (const auto& value : table.text.at(name)) column.push_back(value);
  return column;
}

json fit(const json& request) {
  const json response = call_api(request);
  EXPECT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 400);
  return response["result"];
}

void expect_test(const json& test, double statistic, double p) {
  EXPECT_REL_NEAR(test["statistic"].get<double>(), statistic, 1e-6);
  EXPECT_EQ(test["df"].get<int>(), 4);
  EXPECT_REL_NEAR(test["p"].get<double>(), p, 1e-6);
}

json veteran_request() {
  const auto table = load_reference_csv("veteran");
  return {{"op", "cox"},
          {"data",
           {{"time", numbers(table, "time")},
            {"event", numbers(table, "status")},
            {"covariates",
             {{"celltype", texts(table, "celltype")}, {"karno", numbers(table, "karno")}}}}},
          {"categorical", {{"celltype", json::object()}}}};
}

// R: v <- read.csv("veteran.csv"); f <- coxph(Surv(time, status) ~
//    relevel(factor(celltype), "smallcell") + karno, data = v)   # smallcell: 48 of 137, the most
// frequent level, so it is the default reference (R's own default would be "adeno").
TEST(CoxCategorical, DefaultReferenceIsTheMostFrequentLevelAsRelevel) {
  const json result = fit(veteran_request());
  EXPECT_EQ(result["terms"],
            json({"celltype=adeno", "celltype=large", "celltype=squamous", "karno"}));
  const json& coding = result["covariates"][0];
  EXPECT_EQ(coding["reference"], "smallcell");
  EXPECT_EQ(coding["levels"], json({"smallcell", "adeno", "large", "squamous"}));  // fit$xlevels
  EXPECT_EQ(coding["n"], json({48.0, 27.0, 27.0, 35.0}));
  EXPECT_EQ(result["covariates"][1],
            json({{"name", "karno"}, {"type", "number"}, {"terms", {"karno"}}}));
  const double coef[] = {0.4423988644067652, -0.3896895006978413, -0.7153344023788851,
                         -0.0310566317303186};  // coef(f)
  const double se[] = {0.2554679592028791, 0.2609584705288675, 0.2526859653148580,
                       0.0051771763871181};  // sqrt(diag(vcov(f)))
  for (std::size_t j = 0; j < 4; ++j) {
    const std::string term = result["terms"][j];
    EXPECT_REL_NEAR(result["coef"][term].get<double>(), coef[j], 1e-6) << term;
    EXPECT_REL_NEAR(result["se"][term].get<double>(), se[j], 1e-6) << term;
  }
  EXPECT_REL_NEAR(result["loglik_null"].get<double>(), -505.449054918058, 1e-9);  // f$loglik
  EXPECT_REL_NEAR(result["loglik"].get<double>(), -475.763217747676, 1e-9);
  expect_test(result["lr_test"], 59.3716743407648, 3.93135898469368e-12);     // summary(f)$logtest
  expect_test(result["wald_test"], 61.25930234395, 1.5769063996871e-12);      // f$wald.test
  expect_test(result["score_test"], 63.9385044284829, 4.30565541223883e-13);  // f$score
  EXPECT_EQ(result["ties"], "efron");
  // f$concordance: concordant 6315, discordant 2192, tied.x 297, tied.y 38, tied.xy 1.
  const json& concordance = result["concordance"];
  EXPECT_EQ(concordance["concordant"].get<double>(), 6315.0);
  EXPECT_EQ(concordance["discordant"].get<double>(), 2192.0);
  EXPECT_EQ(concordance["tied_x"].get<double>(), 297.0);
  EXPECT_EQ(concordance["tied_y"].get<double>(), 38.0);
  EXPECT_EQ(concordance["tied_xy"].get<double>(), 1.0);
  EXPECT_REL_NEAR(concordance["concordance"].get<double>(), 7.34154929577465e-01, 1e-12);
  EXPECT_REL_NEAR(concordance["std"].get<double>(), 2.28719651973521e-02, 1e-6);
}

// R: f2 <- coxph(Surv(time, status) ~ relevel(factor(celltype), "large") + karno, data = v,
//    ties = "breslow")
TEST(CoxCategorical, DeclaredReferenceAsRelevelWithBreslowTies) {
  json request = veteran_request();
  request["categorical"]["celltype"]["reference"] = "large";
  request["ties"] = "breslow";
  const json result = fit(request);
  EXPECT_EQ(result["terms"],
            json({"celltype=adeno", "celltype=smallcell", "celltype=squamous", "karno"}));
  EXPECT_EQ(result["covariates"][0]["levels"], json({"large", "adeno", "smallcell", "squamous"}));
  const double coef[] = {0.8256587089246010, 0.3870054576153560, -0.3251426482530570,
                         -0.0309039304255464};
  const double se[] = {0.29332927013838972, 0.26100487422393398, 0.27669415184848462,
                       0.00517862349499988};
  for (std::size_t j = 0; j < 4; ++j) {
    const std::string term = result["terms"][j];
    EXPECT_REL_NEAR(result["coef"][term].get<double>(), coef[j], 1e-6) << term;
    EXPECT_REL_NEAR(result["se"][term].get<double>(), se[j], 1e-6) << term;
  }
  EXPECT_EQ(result["ties"], "breslow");
  EXPECT_REL_NEAR(result["loglik"].get<double>(), -476.498595945344, 1e-9);
  expect_test(result["lr_test"], 58.7707206755441, 5.25732163785065e-12);
  expect_test(result["wald_test"], 60.5752771235304, 2.19592998369019e-12);
  expect_test(result["score_test"], 63.2190221216166, 6.10250378954801e-13);
  EXPECT_REL_NEAR(result["concordance"]["concordance"].get<double>(), 7.34154929577465e-01, 1e-12);
}

// Numeric labels (ECOG 0-3) declared categorical, one missing value (complete case), strata.
// R: l <- read.csv("lung.csv"); f3 <- coxph(Surv(time, status) ~ relevel(factor(ph_ecog), "1") +
//    age + strata(sex), data = l)   # table(ph_ecog): 0: 63, 1: 113, 2: 50, 3: 1, NA: 1
TEST(CoxCategorical, NumericLabelsMissingValuesAndStrataAsR) {
  const auto table = load_reference_csv("lung");
  const json request = {
      {"op", "cox"},
      {"data",
       {{"time", numbers(table, "time")},
        {"event", numbers(table, "status")},
        {"strata", numbers(table, "sex")},
        {"covariates", {{"ph_ecog", numbers(table, "ph_ecog")}, {"age", numbers(table, "age")}}}}},
      {"categorical", {{"ph_ecog", json::object()}}}};
  const json response = call_api(request);
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 400);
  const json& result = response["result"];
  EXPECT_EQ(result["terms"], json({"ph_ecog=0", "ph_ecog=2", "ph_ecog=3", "age"}));
  EXPECT_EQ(result["covariates"][0]["reference"], "1");
  EXPECT_EQ(result["covariates"][0]["n"], json({113.0, 63.0, 50.0, 1.0}));
  EXPECT_EQ(result["n"].get<double>(), 227.0);       // f3$n
  EXPECT_EQ(result["nevent"].get<double>(), 164.0);  // f3$nevent
  EXPECT_EQ(result["missing"], json({{"rows", 1}, {"by_column", {{"ph_ecog", 1}}}}));
  ASSERT_EQ(response["warnings"][0]["code"], "missing_values");
  EXPECT_NE(response["warnings"][0]["message"].get<std::string>().find("ph_ecog 1"),
            std::string::npos);
  const double coef[] = {-0.3654785154322700, 0.5341218636076532, 1.4852046302795767,
                         0.0101275477351109};
  const double se[] = {0.20109367230502065, 0.19230028839747562, 1.02359101457021917,
                       0.00929143241017563};
  for (std::size_t j = 0; j < 4; ++j) {
    const std::string term = result["terms"][j];
    EXPECT_REL_NEAR(result["coef"][term].get<double>(), coef[j], 1e-6) << term;
    EXPECT_REL_NEAR(result["se"][term].get<double>(), se[j], 1e-6) << term;
  }
  EXPECT_REL_NEAR(result["loglik"].get<double>(), -628.51735593126, 1e-9);
  expect_test(result["lr_test"], 19.9848181059531, 5.02857310779889e-04);
  expect_test(result["wald_test"], 21.3449323780323, 2.70501358423129e-04);
  expect_test(result["score_test"], 22.7360815442265, 1.42962959791623e-04);
  // f3$concordance (within strata): 6284 concordant, 4053 discordant, 126 tied.x, 17 tied.y.
  EXPECT_EQ(result["concordance"]["concordant"].get<double>(), 6284.0);
  EXPECT_EQ(result["concordance"]["discordant"].get<double>(), 4053.0);
  EXPECT_REL_NEAR(result["concordance"]["concordance"].get<double>(), 6.06613781898117e-01, 1e-12);
  EXPECT_REL_NEAR(result["concordance"]["std"].get<double>(), 2.64012011150985e-02, 1e-6);
}

// A profile names levels; the curve equals the one for the same 0/1 indicator profile.
TEST(CoxCategorical, ProfileByLevelEqualsTheIndicatorProfile) {
  json by_level = veteran_request();
  by_level["profile"] = {{"celltype", "adeno"}, {"karno", 60}};
  by_level["times"] = {30, 90};
  const json levelled = fit(by_level);
  const auto table = load_reference_csv("veteran");
  json by_indicator = {{"op", "cox"},
                       {"data",
                        {{"time", numbers(table, "time")},
                         {"event", numbers(table, "status")},
                         {"covariates",
                          {{"adeno", numbers(table, "celltype_adeno")},
                           {"large", numbers(table, "celltype_large")},
                           {"squamous", json::array()},
                           {"karno", numbers(table, "karno")}}}}},
                       {"profile", {{"adeno", 1}, {"large", 0}, {"squamous", 0}, {"karno", 60}}},
                       {"times", {30, 90}}};
  // squamous = 1 - smallcell - adeno - large
  for (std::size_t i = 0; i < table.rows; ++i) {
    by_indicator["data"]["covariates"]["squamous"].push_back(
        1.0 - table.column("celltype_smallcell")[i] - table.column("celltype_adeno")[i] -
        table.column("celltype_large")[i]);
  }
  const json indicated = fit(by_indicator);
  const json& a = levelled["prediction"]["curves"][0]["landmarks"]["surv"];
  const json& b = indicated["prediction"]["curves"][0]["landmarks"]["surv"];
  ASSERT_EQ(a.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) EXPECT_REL_NEAR(a[k].get<double>(), b[k].get<double>(), 1e-9);
  json unknown_level = veteran_request();
  unknown_level["profile"] = {{"celltype", "oat"}, {"karno", 60}};
  EXPECT_TRUE(refused_with(call_api(unknown_level), "invalid_value", "/profile/celltype"));
}

json tiny_request(json grade, json site) {
  return {{"op", "cox"},
          {"data",
           {{"time", {1, 2, 3, 4, 5, 6, 7, 8}},
            {"event", {1, 0, 1, 1, 0, 1, 1, 0}},
            {"covariates", {{"grade", std::move(grade)}, {"site", std::move(site)}}}}},
          {"categorical", {{"grade", json::object()}, {"site", json::object()}}}};
}

TEST(CoxCategorical, RefusalsNameTheColumnAndLevel) {
  // Only one grade among the rows used (the one "poor" row has a missing site).
  json one_level = tiny_request({"well", "well", "well", "well", "well", "well", "well", "poor"},
                                {"a", "b", "a", "b", "a", "b", "a", nullptr});
  json response = call_api(one_level);
  EXPECT_TRUE(refused_with(response, "constant_covariate", "/data/covariates/grade"));
  EXPECT_NE(response["error"]["message"].get<std::string>().find(
                "Column grade has only one level (\"well\") among the 7 rows used"),
            std::string::npos)
      << response.dump();
  // site=y holds exactly the patients of grade=poor: the later indicator is aliased.
  response = call_api(tiny_request({"well", "poor", "well", "poor", "mod", "mod", "well", "poor"},
                                   {"x", "y", "x", "y", "x", "x", "x", "y"}));
  EXPECT_TRUE(refused_with(response, "collinear_covariates", "/data/covariates/site"));
  EXPECT_NE(response["error"]["message"].get<std::string>().find(
                "Level \"y\" of column site (against \"x\")"),
            std::string::npos)
      << response.dump();
  // A declared reference that is not a level among the rows used.
  json reference = tiny_request({"well", "poor", "well", "poor", "mod", "mod", "well", "poor"},
                                {"x", "y", "x", "x", "x", "y", "x", "y"});
  reference["categorical"]["grade"]["reference"] = "G4";
  EXPECT_TRUE(refused_with(call_api(reference), "invalid_value", "/categorical/grade/reference"));
  // A categorical declaration for a column that is not a covariate, and a typo in it.
  json missing_column = reference;
  missing_column["categorical"] = {{"stage", json::object()}};
  EXPECT_TRUE(refused_with(call_api(missing_column), "invalid_value", "/categorical/stage"));
  json typo = reference;
  typo["categorical"]["grade"] = {{"referense", "well"}};
  EXPECT_TRUE(refused_with(call_api(typo), "unknown_field", "/categorical/grade/referense"));
  // Text in a numeric (undeclared) covariate is that column's problem, not a new category.
  json text_in_number = {{"op", "cox"},
                         {"data",
                          {{"time", {1, 2, 3}},
                           {"event", {1, 0, 1}},
                           {"covariates", {{"age", {61, "unknown", 70}}}}}}};
  response = call_api(text_in_number);
  EXPECT_TRUE(refused_with(response, "invalid_type", "/data/covariates/age/1"));
  EXPECT_NE(response["error"]["message"].get<std::string>().find("column age is numeric"),
            std::string::npos);
  // A numeric constant column: the value is named.
  json constant = {
      {"op", "cox"},
      {"data",
       {{"time", {1, 2, 3}}, {"event", {1, 0, 1}}, {"covariates", {{"age", {61, 61, 61}}}}}}};
  response = call_api(constant);
  EXPECT_TRUE(refused_with(response, "constant_covariate", "/data/covariates/age"));
  EXPECT_NE(response["error"]["message"].get<std::string>().find(
                "Column age has the same value (61) in every one of the 3 rows used"),
            std::string::npos);
}

// Each level but the reference is a term: at most 101 levels in one column, 100 terms in all.
TEST(CoxCategorical, LevelsCountAsTermsInTheSizeLimits) {
  json request = {{"op", "cox"},
                  {"categorical", {{"site", json::object()}, {"grade", json::object()}}}};
  json time = json::array(), event = json::array(), site = json::array(), grade = json::array();
  for (int i = 0; i < 204; ++i) {
    time.push_back(i + 1);
    event.push_back(i % 2);
    site.push_back("s" + std::to_string(i % 102));
    grade.push_back("g" + std::to_string(i % 3));
  }
  request["data"] = {{"time", time}, {"event", event}, {"covariates", {{"site", site}}}};
  request["categorical"].erase("grade");
  EXPECT_TRUE(refused_with(call_api(request), "too_large", "/data/covariates/site"));
  for (auto& value : site) value = "s" + value.get<std::string>().substr(1, 1);  // 10 levels
  json many = json::object();
  for (int c = 0; c < 11; ++c) many["site" + std::to_string(c)] = site;  // 11 x 9 = 99 terms
  many["grade"] = grade;                                                 // + 2 = 101
  request["data"]["covariates"] = many;
  request["categorical"] = json::object();
  for (auto it = many.begin(); it != many.end(); ++it)
    request["categorical"][it.key()] = json::object();
  EXPECT_TRUE(refused_with(call_api(request), "too_large", "/data/covariates"));
}

}  // namespace
}  // namespace nelm::testing
