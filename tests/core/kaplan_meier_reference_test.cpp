// Kaplan-Meier tables, quantiles, landmarks and restricted means against R survival 3.5-3 on the
// four reference data sets (tests/reference), overall and per group, for all three CI transforms.
// R calls (see tests/reference README):
//   fit <- survfit(Surv(time, status) ~ 1, data, conf.type = type)        # and ~ group
//   table: unclass(fit); medians: summary(fit)$table and quantile(fit);
//   rmst: summary(fit, rmean = tau)$table; landmarks: summary(fit, times = t, extend = TRUE).
// Tolerance: 1e-12 relative (closed forms); counts, times and quantiles exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "estimators/kaplan_meier.h"
#include "reference_data.h"

namespace nelm {
namespace {

using nlohmann::json;
using testing::load_reference_csv;
using testing::load_reference_json;
using testing::to_double;
using testing::to_doubles;

const double kClosedForm = 1e-12;
double max_relative_error = 0.0;  // printed after each data set, for the validation document

void report_max_relative_error(const std::string& label) {
  std::printf("%s: max relative error vs R so far %.3g\n", label.c_str(), max_relative_error);
}

void compare(const std::vector<double>& actual, const json& expected_json, double relative,
             const std::string& label) {
  const std::vector<double> expected = to_doubles(expected_json);
  ASSERT_EQ(actual.size(), expected.size()) << label;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_REL_NEAR(actual[i], expected[i], relative) << label << " at row " << i;
    if (std::isfinite(expected[i]) && expected[i] != 0.0) {
      max_relative_error = std::max(max_relative_error, std::fabs(actual[i] / expected[i] - 1.0));
    }
  }
}

struct TransformCase {
  const char* r_name;
  ConfidenceTransform transform;
};
const TransformCase kTransforms[] = {{"log-log", ConfidenceTransform::log_log},
                                     {"log", ConfidenceTransform::log},
                                     {"plain", ConfidenceTransform::plain}};

SurvivalData reference_survival_data(const testing::ReferenceTable& csv) {
  SurvivalData data;
  data.time = csv.column("time");
  for (double status : csv.column("status")) data.event.push_back(static_cast<int>(status));
  return data;
}

void check_table(const KaplanMeierCurve& curve, const json& expected, const char* r_name,
                 const std::string& label) {
  const KaplanMeierTable& t = curve.table;
  const json& table = expected["table"];
  compare(t.time, table["time"], 0.0, label + " time");
  compare(t.n_risk, table["n_risk"], 0.0, label + " n_risk");
  compare(t.n_event, table["n_event"], 0.0, label + " n_event");
  compare(t.n_censor, table["n_censor"], 0.0, label + " n_censor");
  compare(t.surv, table["surv"], kClosedForm, label + " surv");
  compare(t.std_err, table["std_err"], kClosedForm, label + " std_err");
  compare(t.std_err_log, table["std_err_log"], kClosedForm, label + " std_err_log");
  compare(t.cumhaz, table["cumhaz"], kClosedForm, label + " cumhaz");
  compare(t.std_cumhaz, table["std_chaz"], kClosedForm, label + " std_chaz");
  compare(t.lower, table["ci"][r_name]["lower"], kClosedForm, label + " lower");
  compare(t.upper, table["ci"][r_name]["upper"], kClosedForm, label + " upper");
}

// R's summary table (survmean's minmin) and quantile() (findq) disagree on one curve: aml overall
// with conf.type = "log", where the upper band is not monotone (0.4584 at 45, 0.4623 at 48).
// minmin takes the first time below 0.5 (45); findq takes the smallest 1 - band >= 0.5 (48). We
// follow quantile(); this list pins the one known disagreement so a new one fails the test.
bool summary_median_known_to_differ(const std::string& label, const char* r_name) {
  return label == "aml overall" && std::string(r_name) == "log";
}

void check_quantiles(const KaplanMeierCurve& curve, const json& expected, const char* r_name,
                     const std::string& label) {
  const json& median = expected["median"][r_name];
  const json& quantiles = median["quantiles"];
  const std::vector<double> probabilities = to_doubles(quantiles["probs"]);
  std::vector<double> estimate, lower, upper;
  for (double p : probabilities) {
    const QuantileEstimate q = survival_quantile(curve, p);
    estimate.push_back(q.estimate);
    lower.push_back(q.lower);
    upper.push_back(q.upper);
  }
  compare(estimate, quantiles["time"], 0.0, label + " quantile");
  compare(lower, quantiles["lower"], 0.0, label + " quantile lower");
  compare(upper, quantiles["upper"], 0.0, label + " quantile upper");
  const QuantileEstimate q = survival_quantile(curve, 0.5);
  EXPECT_REL_NEAR(q.estimate, to_double(median["median"]), 0.0) << label;
  EXPECT_REL_NEAR(q.lower, to_double(median["lower"]), 0.0) << label;
  if (summary_median_known_to_differ(label, r_name)) {
    EXPECT_EQ(to_double(median["upper"]), 45.0);
    EXPECT_EQ(q.upper, 48.0);
  } else {
    EXPECT_REL_NEAR(q.upper, to_double(median["upper"]), 0.0) << label << " " << r_name;
  }
}

void check_landmarks_and_rmst(const KaplanMeierCurve& curve, const json& expected,
                              const char* r_name, const std::string& label) {
  const json& landmarks = expected["landmarks"];
  const SurvivalAtTimes at = survival_at_times(curve, to_doubles(landmarks["time"]));
  compare(at.time, landmarks["time"], 0.0, label + " landmark time");
  compare(at.n_risk, landmarks["n_risk"], 0.0, label + " landmark n_risk");
  compare(at.surv, landmarks["surv"], kClosedForm, label + " landmark surv");
  compare(at.std_err, landmarks["std_err"], kClosedForm, label + " landmark std_err");
  compare(at.cumhaz, landmarks["cumhaz"], kClosedForm, label + " landmark cumhaz");
  compare(at.lower, landmarks["ci"][r_name]["lower"], kClosedForm, label + " landmark lower");
  compare(at.upper, landmarks["ci"][r_name]["upper"], kClosedForm, label + " landmark upper");
  const json& rmst = expected["rmst"];
  const RestrictedMean mean = restricted_mean(curve, to_double(rmst["tau"]));
  EXPECT_REL_NEAR(mean.rmean, to_double(rmst["rmean"]), kClosedForm) << label;
  EXPECT_REL_NEAR(mean.se, to_double(rmst["se"]), kClosedForm) << label;
  max_relative_error =
      std::max({max_relative_error, std::fabs(mean.rmean / to_double(rmst["rmean"]) - 1.0),
                std::fabs(mean.se / to_double(rmst["se"]) - 1.0)});
}

void check_curve(const SurvivalData& data, const json& expected, const std::string& label) {
  for (const TransformCase& c : kTransforms) {
    const KaplanMeierCurve curve = kaplan_meier(data, {c.transform, 0.95});
    EXPECT_EQ(curve.n, to_double(expected["n"])) << label;
    EXPECT_EQ(curve.events, to_double(expected["events"])) << label;
    check_table(curve, expected, c.r_name, label + " " + c.r_name);
    check_quantiles(curve, expected, c.r_name, label);
    check_landmarks_and_rmst(curve, expected, c.r_name, label + " " + c.r_name);
  }
}

// R orders factor levels by sorting: numerically for numeric columns, as text otherwise.
std::vector<std::string> sorted_levels(const testing::ReferenceTable& csv,
                                       const std::string& column) {
  std::vector<std::string> levels = csv.text.at(column);
  const bool numeric = csv.numbers.count(column) > 0;
  std::sort(levels.begin(), levels.end(), [numeric](const std::string& a, const std::string& b) {
    return numeric ? std::stod(a) < std::stod(b) : a < b;
  });
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

class KaplanMeierReference : public ::testing::TestWithParam<std::string> {};

TEST_P(KaplanMeierReference, OverallCurveMatchesR) {
  const testing::ReferenceTable csv = load_reference_csv(GetParam());
  check_curve(reference_survival_data(csv), load_reference_json(GetParam())["km"],
              GetParam() + " overall");
  report_max_relative_error(GetParam());
}

TEST_P(KaplanMeierReference, EveryGroupCurveMatchesR) {
  const testing::ReferenceTable csv = load_reference_csv(GetParam());
  const SurvivalData data = reference_survival_data(csv);
  const json by_group = load_reference_json(GetParam())["km_by_group"];
  ASSERT_FALSE(by_group.empty());
  for (const auto& [variable, grouping] : by_group.items()) {
    const std::vector<std::string> levels = sorted_levels(csv, variable);
    const json& strata = grouping["strata"];
    ASSERT_EQ(strata.size(), levels.size()) << variable;
    for (std::size_t g = 0; g < levels.size(); ++g) {
      // Compare labels as numbers where numeric ("1" in the CSV may be "1" or "1.0").
      EXPECT_EQ(strata[g]["stratum"].get<std::string>(),
                variable + "=" + strata[g]["level"].get<std::string>());
      const std::string level = strata[g]["level"].get<std::string>();
      const bool same = csv.numbers.count(variable) ? std::stod(level) == std::stod(levels[g])
                                                    : level == levels[g];
      EXPECT_TRUE(same) << variable << " level " << g << ": " << level << " vs " << levels[g];
      std::vector<std::size_t> rows;
      for (std::size_t row = 0; row < csv.rows; ++row) {
        if (csv.text.at(variable)[row] == levels[g]) rows.push_back(row);
      }
      check_curve(subset_rows(data, rows), strata[g], GetParam() + " " + variable + "=" + level);
    }
  }
  report_max_relative_error(GetParam() + " by group");
}

INSTANTIATE_TEST_SUITE_P(AllDataSets, KaplanMeierReference,
                         ::testing::Values("lung", "aml", "ovarian", "veteran"));

}  // namespace
}  // namespace nelm
