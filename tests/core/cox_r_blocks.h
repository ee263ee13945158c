// Test-only helpers for the R reference blocks written by tests/reference/r/cox_counting_exact.R
// (heart.json, cgd.json, cox_exact_extra.json): loading a data set as CoxData and comparing a
// fit, a predicted curve and a PH test with a block, at the README tolerances (1e-6 relative for
// iterative results, 1e-9 for log likelihoods; counts and times exactly).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "reference_data.h"
#include "regression/cox_model.h"
#include "regression/cox_prediction.h"
#include "regression/cox_zph.h"

namespace nelm::testing {

struct CountingColumns {
  std::string start, stop, event;  // start empty: right-censored data
  std::vector<std::string> covariates;
  std::string strata, id;  // empty: none
};

// Rows with a missing model value are dropped (coxph's na.omit). Strata and ids become labels
// 0..K-1 in order of sorted text, as R's factor levels; `levels` receives the strata labels.
inline CoxData load_cox_reference(const std::string& dataset, const CountingColumns& columns,
                                  std::vector<std::string>* levels = nullptr) {
  const ReferenceTable table = load_reference_csv(dataset);
  auto labels_of = [&](const std::string& name) {
    std::map<std::string, std::size_t> index;
    for (const auto& text : table.text.at(name)) index.emplace(text, 0);
    std::size_t k = 0;
    for (auto& entry : index) entry.second = k++;
    return index;
  };
  std::map<std::string, std::size_t> strata, ids;
  if (!columns.strata.empty()) strata = labels_of(columns.strata);
  if (!columns.id.empty()) ids = labels_of(columns.id);
  if (levels != nullptr) {
    levels->clear();
    for (const auto& entry : strata) levels->push_back(entry.first);
  }
  CoxData data;
  data.covariate_names = columns.covariates;
  data.covariates.assign(columns.covariates.size(), {});
  for (std::size_t row = 0; row < table.rows; ++row) {
    bool complete = true;
    for (const auto& name : columns.covariates) complete &= !std::isnan(table.column(name)[row]);
    if (!complete) continue;
    if (!columns.start.empty()) data.survival.entry.push_back(table.column(columns.start)[row]);
    data.survival.time.push_back(table.column(columns.stop)[row]);
    data.survival.event.push_back(static_cast<int>(table.column(columns.event)[row]));
    for (std::size_t j = 0; j < columns.covariates.size(); ++j) {
      data.covariates[j].push_back(table.column(columns.covariates[j])[row]);
    }
    if (!columns.strata.empty())
      data.strata.push_back(strata.at(table.text.at(columns.strata)[row]));
    if (!columns.id.empty()) data.cluster.push_back(ids.at(table.text.at(columns.id)[row]));
  }
  return data;
}

inline void expect_r_test(const CoxTest& actual, const nlohmann::json& expected,
                          const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_REL_NEAR(actual.statistic, to_double(expected.at("statistic")), 1e-6);
  EXPECT_EQ(actual.df, static_cast<int>(to_double(expected.at("df"))));
  EXPECT_REL_NEAR(actual.p, to_double(expected.at("p")), 1e-6);
}

inline void expect_r_matrix(const Matrix& actual, const nlohmann::json& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    for (std::size_t j = 0; j < actual.size(); ++j) {
      EXPECT_TRUE(near_relative(actual(i, j), to_double(expected.at(i).at(j)), 1e-6, 1e-12))
          << i << "," << j;
    }
  }
}

// coef, se, var, means, loglik, the three tests, iter, n, nevent, concordance is separate; the
// robust block when the R fit had one.
inline void expect_r_fit(const CoxFit& fit, const nlohmann::json& block) {
  SCOPED_TRACE(block.at("call").get<std::string>());
  EXPECT_EQ(fit.n, to_double(block.at("n")));
  EXPECT_EQ(fit.n_events, to_double(block.at("nevent")));
  EXPECT_EQ(fit.iterations, static_cast<int>(to_double(block.at("iter"))));
  EXPECT_TRUE(fit.converged);
  ASSERT_EQ(fit.terms, block.at("terms").get<std::vector<std::string>>());
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    const std::string& term = fit.terms[j];
    SCOPED_TRACE(term);
    EXPECT_TRUE(near_relative(fit.coef[j], to_double(block.at("coef").at(term)), 1e-6, 1e-8));
    EXPECT_REL_NEAR(fit.se[j], to_double(block.at("se").at(term)), 1e-6);
    EXPECT_REL_NEAR(fit.means[j], to_double(block.at("means").at(term)), 1e-12);
  }
  expect_r_matrix(fit.variance, block.at("var"));
  EXPECT_REL_NEAR(fit.loglik, to_double(block.at("loglik")), 1e-9);
  EXPECT_REL_NEAR(fit.loglik_null, to_double(block.at("loglik_null")), 1e-9);
  expect_r_test(fit.likelihood_ratio_test, block.at("lr_test"), "lr");
  expect_r_test(fit.score_test, block.at("score_test"), "score");
  if (block.contains("wald_test")) expect_r_test(fit.wald_test, block.at("wald_test"), "wald");
  ASSERT_EQ(fit.has_robust, block.contains("robust"));
  if (!fit.has_robust) return;
  const auto& robust = block.at("robust");
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    EXPECT_REL_NEAR(fit.robust_se[j], to_double(robust.at("se").at(fit.terms[j])), 1e-6);
  }
  expect_r_matrix(fit.robust_variance, robust.at("var"));
  expect_r_test(fit.robust_wald_test, robust.at("wald_test"), "robust wald");
  expect_r_test(fit.robust_score_test, robust.at("robust_score_test"), "robust score");
}

// survfit.coxph's table: times and counts exactly, the rest 1e-6.
inline void expect_r_curve(const CoxPredictedCurve& curve, const nlohmann::json& block) {
  SCOPED_TRACE(block.at("call").get<std::string>());
  const std::vector<double> time = to_doubles(block.at("time"));
  ASSERT_EQ(curve.time.size(), time.size());
  for (std::size_t i = 0; i < time.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(curve.time[i], time[i]);
    EXPECT_EQ(curve.n_risk[i], to_doubles(block.at("n_risk"))[i]);
    EXPECT_EQ(curve.n_event[i], to_doubles(block.at("n_event"))[i]);
    EXPECT_EQ(curve.n_censor[i], to_doubles(block.at("n_censor"))[i]);
    for (const auto& [name, values] :
         std::vector<std::pair<std::string, const std::vector<double>*>>{
             {"surv", &curve.surv},
             {"std_err_log", &curve.std_err_log},
             {"lower", &curve.lower},
             {"upper", &curve.upper},
             {"cumhaz", &curve.cumhaz}}) {
      EXPECT_TRUE(near_relative((*values)[i], to_doubles(block.at(name))[i], 1e-6, 1e-12)) << name;
    }
  }
}

inline void expect_r_zph(const ProportionalHazardsTest& test, const nlohmann::json& block) {
  const std::vector<double> chisq = to_doubles(block.at("chisq"));
  ASSERT_EQ(test.chi_square.size(), chisq.size());
  EXPECT_EQ(test.rows, block.at("rows").get<std::vector<std::string>>());
  for (std::size_t i = 0; i < chisq.size(); ++i) {
    EXPECT_REL_NEAR(test.chi_square[i], chisq[i], 1e-6);
    EXPECT_EQ(test.df[i], to_doubles(block.at("df"))[i]);
    EXPECT_REL_NEAR(test.p[i], to_doubles(block.at("p"))[i], 1e-6);
  }
}

}  // namespace nelm::testing
