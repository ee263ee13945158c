// The R reference sets sent through calculate() as a caller would (JSON columns, NA as null):
// the boundary's complete-case handling, group ordering and field names give R's numbers.
#include <cmath>
#include <ostream>

#include "api_test_support.h"
#include "reference_data.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

json numeric_column(const ReferenceTable& table, const std::string& name) {
  json column = json::array();
  for (double value : table.column(name))
    column.push_back(std::isnan(value) ? json(nullptr) : json(value));
  return column;
}

json label_column(const ReferenceTable& table, const std::string& name) {
  if (table.numbers.count(name)) return numeric_column(table, name);
  json column = json::array();
  for (const auto& value : table.text.at(name)) column.push_back(value);
  return column;
}

json survival_columns(const ReferenceTable& table) {
  return {{"time", numeric_column(table, "time")}, {"event", numeric_column(table, "status")}};
}

json response_ok(const json& request) {
  json response = call_api(request);
  EXPECT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 400);
  return response;
}

void expect_values(const json& actual, const json& expected, double tolerance) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_REL_NEAR(to_double(actual[i]), to_double(expected[i]), tolerance) << "index " << i;
  }
}

// One entry per data set: the grouping variable and the Cox/survreg covariates of the README.
struct ReferenceCase {
  std::string dataset, group;
  std::vector<std::string> covariates;
  friend void PrintTo(const ReferenceCase& reference_case, std::ostream* out) {
    *out << reference_case.dataset;  // not GoogleTest's dump of the struct's bytes
  }
};

class ApiReference : public ::testing::TestWithParam<ReferenceCase> {};

TEST_P(ApiReference, KaplanMeierByGroupMatchesSurvfit) {
  const auto& param = GetParam();
  const auto table = load_reference_csv(param.dataset);
  const auto reference = load_reference_json(param.dataset);
  json data = survival_columns(table);
  data["group"] = label_column(table, param.group);
  // R: survfit(Surv(time, status) ~ group, conf.type = "log-log")
  const json response =
      response_ok({{"op", "kaplan_meier"}, {"data", data}, {"conf_type", "log-log"}});
  const auto& strata = reference["km_by_group"][param.group]["strata"];
  const auto& curves = response["result"]["curves"];
  ASSERT_EQ(curves.size(), strata.size());
  for (std::size_t g = 0; g < strata.size(); ++g) {
    EXPECT_EQ(curves[g]["group"].get<std::string>(), strata[g]["level"].get<std::string>());
    expect_values(curves[g]["table"]["surv"], strata[g]["table"]["surv"], 1e-12);
    expect_values(curves[g]["table"]["lower"], strata[g]["table"]["ci"]["log-log"]["lower"], 1e-12);
    EXPECT_REL_NEAR(to_double(curves[g]["median"]["estimate"]),
                    to_double(strata[g]["median"]["log-log"]["median"]), 0.0);
    EXPECT_REL_NEAR(to_double(curves[g]["median"]["upper"]),
                    to_double(strata[g]["median"]["log-log"]["upper"]), 0.0);
  }
}

TEST_P(ApiReference, LogRankMatchesSurvdiff) {
  const auto& param = GetParam();
  const auto table = load_reference_csv(param.dataset);
  const auto reference = load_reference_json(param.dataset);
  json data = survival_columns(table);
  data["group"] = label_column(table, param.group);
  for (double rho : {0.0, 1.0}) {
    // R: survdiff(Surv(time, status) ~ group, rho = rho)
    const json response = response_ok({{"op", "log_rank"}, {"data", data}, {"rho", rho}});
    const auto& expected = reference["logrank"][param.group][rho == 0.0 ? "rho0" : "rho1"];
    expect_values(response["result"]["observed"], expected["observed"], 1e-12);
    expect_values(response["result"]["expected"], expected["expected"], 1e-12);
    EXPECT_REL_NEAR(response["result"]["chisq"].get<double>(), expected["chisq"].get<double>(),
                    1e-12);
    EXPECT_REL_NEAR(response["result"]["p"].get<double>(), expected["p"].get<double>(), 1e-10);
  }
}

// Numeric groups handed over with put_column (NaN = missing) give the very response the JSON
// array gives: same levels, same order, same numbers.
TEST_P(ApiReference, NumericGroupsFromTheFastPathGiveTheSameResponse) {
  const auto& param = GetParam();
  const auto table = load_reference_csv(param.dataset);
  if (!table.numbers.count(param.group)) GTEST_SKIP() << param.group << " is a text column";
  json data = survival_columns(table);
  data["group"] = label_column(table, param.group);
  json fast_data = data;
  nelm::api::put_column("group", table.column(param.group));
  fast_data["group"] = {{"column", "group"}};
  for (const char* op : {"log_rank", "kaplan_meier"}) {
    EXPECT_EQ(response_ok({{"op", op}, {"data", fast_data}}),
              response_ok({{"op", op}, {"data", data}}))
        << op;
  }
  nelm::api::clear_columns();
}

TEST_P(ApiReference, CoxMatchesCoxphIncludingCompleteCases) {
  const auto& param = GetParam();
  const auto table = load_reference_csv(param.dataset);
  const auto reference = load_reference_json(param.dataset);
  json data = survival_columns(table);
  data["covariates"] = json::object();
  for (const auto& name : param.covariates) data["covariates"][name] = numeric_column(table, name);
  // R: coxph(Surv(time, status) ~ covariates, ties = "efron"); cox.zph(fit, transform = "km")
  const json response =
      response_ok({{"op", "cox"}, {"data", data}, {"ph_test", "km"}, {"robust", true}});
  const auto& expected = reference["cox"]["efron"];
  const auto& result = response["result"];
  EXPECT_EQ(result["n"].get<double>(), expected["n"].get<double>());
  for (const auto& name : param.covariates) {
    EXPECT_REL_NEAR(result["coef"][name].get<double>(), expected["coef"][name].get<double>(), 1e-6);
    EXPECT_REL_NEAR(result["se"][name].get<double>(), expected["se"][name].get<double>(), 1e-6);
    EXPECT_REL_NEAR(result["robust"]["se"][name].get<double>(),
                    expected["robust"]["se"][name].get<double>(), 1e-6);
  }
  EXPECT_REL_NEAR(result["loglik"].get<double>(), expected["loglik"].get<double>(), 1e-9);
  EXPECT_EQ(result["concordance"]["concordant"].get<double>(),
            expected["concordance"]["concordant"].get<double>());
  EXPECT_REL_NEAR(result["ph_test"]["global_chisq"].get<double>(),
                  expected["cox_zph"]["km"]["global_chisq"].get<double>(), 1e-6);
  // lung has one row with ph_ecog missing: left out, and said so.
  const bool dropped = table.rows != static_cast<std::size_t>(expected["n"].get<double>());
  EXPECT_EQ(!response["warnings"].empty() && response["warnings"][0]["code"] == "missing_values",
            dropped);
}

// R: fit <- coxph(Surv(time, status) ~ covariates, ties = "exact"); cox.zph(fit, "km");
// survfit(fit, newdata) (block cox.exact: ctype 1, Breslow increments after an exact fit).
TEST_P(ApiReference, CoxExactMatchesCoxph) {
  const auto& param = GetParam();
  const auto table = load_reference_csv(param.dataset);
  const auto reference = load_reference_json(param.dataset);
  const auto& expected = reference["cox"]["exact"];
  json data = survival_columns(table);
  data["covariates"] = json::object();
  for (const auto& name : param.covariates) data["covariates"][name] = numeric_column(table, name);
  json profile = json::object();
  for (const auto& name : param.covariates) profile[name] = expected["predict"]["newdata"][name];
  const json response = response_ok({{"op", "cox"},
                                     {"data", data},
                                     {"ties", "exact"},
                                     {"ph_test", "km"},
                                     {"profile", profile},
                                     {"conf_type", "log"}});
  const auto& result = response["result"];
  EXPECT_EQ(result["ties"], "exact");
  EXPECT_EQ(result["surv_type"], "right");
  EXPECT_EQ(result["iterations"].get<int>(), expected["iter"].get<int>());
  for (const auto& name : param.covariates) {
    EXPECT_REL_NEAR(result["coef"][name].get<double>(), expected["coef"][name].get<double>(), 1e-6);
    EXPECT_REL_NEAR(result["se"][name].get<double>(), expected["se"][name].get<double>(), 1e-6);
  }
  EXPECT_REL_NEAR(result["loglik"].get<double>(), expected["loglik"].get<double>(), 1e-9);
  EXPECT_REL_NEAR(result["score_test"]["statistic"].get<double>(),
                  expected["score_test"]["statistic"].get<double>(), 1e-6);
  EXPECT_EQ(result["concordance"]["concordant"].get<double>(),
            expected["concordance"]["concordant"].get<double>());
  EXPECT_REL_NEAR(result["concordance"]["std"].get<double>(),
                  expected["concordance"]["std"].get<double>(), 1e-6);
  EXPECT_REL_NEAR(result["ph_test"]["global_chisq"].get<double>(),
                  expected["cox_zph"]["km"]["global_chisq"].get<double>(), 1e-6);
  const auto& curve = result["prediction"]["curves"][0]["table"];
  expect_values(curve["surv"], expected["predict"]["table"]["surv"], 1e-6);
  expect_values(curve["std_err_log"], expected["predict"]["table"]["std_err_log"], 1e-6);
}

TEST_P(ApiReference, WeibullMatchesSurvreg) {
  const auto& param = GetParam();
  const auto table = load_reference_csv(param.dataset);
  const auto reference = load_reference_json(param.dataset);
  json data = survival_columns(table);
  data["covariates"] = json::object();
  for (const auto& name : param.covariates) data["covariates"][name] = numeric_column(table, name);
  // R: survreg(Surv(time, status) ~ covariates, dist = "weibull")
  const json response = response_ok({{"op", "parametric"}, {"data", data}, {"dist", "weibull"}});
  const auto& expected = reference["survreg"]["weibull"];
  EXPECT_REL_NEAR(response["result"]["scale"].get<double>(), expected["scale"].get<double>(), 1e-6);
  EXPECT_REL_NEAR(response["result"]["loglik"].get<double>(), expected["loglik"].get<double>(),
                  1e-9);
  EXPECT_REL_NEAR(response["result"]["coef"]["(Intercept)"].get<double>(),
                  expected["coef"]["(Intercept)"].get<double>(), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(AllSets, ApiReference,
                         ::testing::Values(ReferenceCase{"lung", "sex", {"age", "sex", "ph_ecog"}},
                                           ReferenceCase{"aml", "group", {"nonmaintained"}},
                                           ReferenceCase{"ovarian", "rx", {"rx", "age", "ecog_ps"}},
                                           ReferenceCase{"veteran",
                                                         "celltype",
                                                         {"trt", "celltype_smallcell",
                                                          "celltype_adeno", "celltype_large",
                                                          "karno", "diagtime", "age", "prior"}}),
                         [](const ::testing::TestParamInfo<ReferenceCase>& case_info) {
                           return case_info.param.dataset;
                         });

}  // namespace
}  // namespace nelm::testing
