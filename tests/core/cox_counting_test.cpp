// Cox on counting-process data, R's coxph(Surv(start, stop, event) ~ ...): a patient with three
// intervals worked by hand, splitting invariance, and R on the Stanford heart transplant data
// (time-varying transplant, cluster(id)) and on cgd (recurrent events, strata, id), for Efron,
// Breslow and exact ties (tests/reference/r/cox_counting_exact.R wrote the blocks).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "cox_r_blocks.h"
#include "reference_data.h"
#include "regression/cox_concordance.h"
#include "regression/cox_model.h"

namespace nelm {
namespace {

using testing::load_reference_json;
using testing::to_double;

CoxOptions options_for(TiesMethod ties, bool robust = false) {
  CoxOptions options;
  options.ties = ties;
  options.robust = robust;
  return options;
}

TiesMethod ties_named(const std::string& name) {
  return name == "efron"     ? TiesMethod::efron
         : name == "breslow" ? TiesMethod::breslow
                             : TiesMethod::exact;
}

// Patient A has three intervals: (0,2] x=0, (2,5] x=1, (5,7] x=0 and dies at 7; B (0,3] x=0
// dies; C (1,6] x=1 dies; D (4,8] x=0 censored. With u = exp(beta), the risk sets are
//   t = 3: A's (2,5] (u), B (1), C (u): B dies -> 1 / (2u + 1);
//   t = 6: A's (5,7] (1), C (u), D (1): C dies -> u / (u + 2);
//   t = 7: A's (5,7] (1), D (1): A dies -> 1/2;
// so l = beta - log(2u + 1) - log(u + 2) - log 2, l' = 0 <=> 2 - 2u^2 = 0: beta = 0, l = -log 18,
// I = 2u/(2u+1)^2 + 2u/(u+2)^2 = 4/9, se = 3/2. No tied deaths: all three methods agree.
// R: coxph(Surv(start, stop, event) ~ x, three) gives coef 2.5e-16, se 1.5, iter 1
// (cox_exact_extra.json, three_intervals).
TEST(CoxCounting, PatientWithThreeIntervalsByHand) {
  CoxData data;
  data.survival.entry = {0, 2, 5, 0, 1, 4};
  data.survival.time = {2, 5, 7, 3, 6, 8};
  data.survival.event = {0, 0, 1, 1, 1, 0};
  data.covariate_names = {"x"};
  data.covariates = {{0, 1, 0, 0, 1, 0}};
  for (TiesMethod ties : {TiesMethod::efron, TiesMethod::breslow, TiesMethod::exact}) {
    const CoxFit fit = cox_fit(data, options_for(ties));
    EXPECT_NEAR(fit.coef[0], 0.0, 1e-12);
    EXPECT_NEAR(fit.loglik, -std::log(18.0), 1e-14);
    EXPECT_NEAR(fit.loglik_null, -std::log(18.0), 1e-14);
    EXPECT_NEAR(fit.se[0], 1.5, 1e-12);
    EXPECT_NEAR(fit.score_test.statistic, 0.0, 1e-14);
    EXPECT_TRUE(fit.counting_process);
    EXPECT_EQ(fit.iterations, 1);
  }
  testing::expect_r_fit(cox_fit(data, options_for(TiesMethod::efron)),
                        load_reference_json("cox_exact_extra").at("three_intervals"));
}

// A subject split into several intervals with the same covariates is the same subject: the fit
// to the split data equals the fit to the unsplit right-censored data, for every ties method,
// and the robust variance clustered by subject equals the unsplit per-row one.
TEST(CoxCounting, SplittingRowsChangesNothing) {
  const CoxData whole = testing::load_cox_reference(
      "ovarian", {"", "time", "status", {"rx", "age", "ecog_ps"}, "", ""});
  CoxData split;
  split.covariate_names = whole.covariate_names;
  split.covariates.assign(whole.covariates.size(), {});
  for (std::size_t i = 0; i < whole.survival.size(); ++i) {
    const double t = whole.survival.time[i];
    const std::vector<double> cuts = {0, t / 3, t / 2 + 10, t};  // three pieces, odd cut points
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
      split.survival.entry.push_back(cuts[k]);
      split.survival.time.push_back(cuts[k + 1]);
      split.survival.event.push_back(k + 2 == cuts.size() ? whole.survival.event[i] : 0);
      split.cluster.push_back(i);
      for (std::size_t j = 0; j < whole.covariates.size(); ++j) {
        split.covariates[j].push_back(whole.covariates[j][i]);
      }
    }
  }
  for (TiesMethod ties : {TiesMethod::efron, TiesMethod::breslow}) {
    const CoxFit a = cox_fit(whole, options_for(ties, true));
    const CoxFit b = cox_fit(split, options_for(ties, true));
    for (std::size_t j = 0; j < a.coef.size(); ++j) {
      EXPECT_NEAR(a.coef[j], b.coef[j], 1e-9 * (1 + std::fabs(a.coef[j])));
      EXPECT_NEAR(a.se[j], b.se[j], 1e-9 * a.se[j]);
      EXPECT_NEAR(a.robust_se[j], b.robust_se[j], 1e-9 * a.robust_se[j]);
    }
    EXPECT_NEAR(a.loglik, b.loglik, 1e-10);
    EXPECT_EQ(b.robust_clusters, whole.survival.size());
  }
  const CoxFit a = cox_fit(whole, options_for(TiesMethod::exact));
  const CoxFit b = cox_fit(split, options_for(TiesMethod::exact));
  EXPECT_NEAR(a.loglik, b.loglik, 1e-10);
  EXPECT_NEAR(a.coef[0], b.coef[0], 1e-9);
}

const testing::CountingColumns heart_columns = {
    "start", "stop", "event", {"age", "surgery", "transplant"}, "", "id"};
const testing::CountingColumns cgd_columns = {
    "tstart",  "tstop", "status", {"treat", "female", "age", "steroids", "propylac"},
    "hos_cat", "id"};

// R: coxph(Surv(start, stop, event) ~ age + surgery + transplant, heart_data, ties = <ties>),
// with and without + cluster(id) (blocks <ties>, <ties>_cluster of heart.json). For exact ties
// with cluster(id) R's agexact fit is labelled "coxph", so its robust variance uses Breslow's
// score residuals: the core does the same.
TEST(CoxCounting, HeartTransplantMatchesR) {
  const auto heart = load_reference_json("heart");
  for (const std::string ties : {"efron", "breslow", "exact"}) {
    SCOPED_TRACE(ties);
    CoxData data = testing::load_cox_reference("heart", heart_columns);
    const std::vector<std::size_t> ids = data.cluster;
    data.cluster.clear();
    const CoxFit fit = cox_fit(data, options_for(ties_named(ties)));
    testing::expect_r_fit(fit, heart.at(ties));
    const auto& c = heart.at(ties).at("concordance");
    const Concordance concordance =
        harrell_concordance(data.survival, fit.linear_predictor, data.strata);
    EXPECT_EQ(concordance.concordant, to_double(c.at("concordant")));
    EXPECT_EQ(concordance.discordant, to_double(c.at("discordant")));
    EXPECT_EQ(concordance.tied_x, to_double(c.at("tied_x")));
    EXPECT_EQ(concordance.tied_y, to_double(c.at("tied_y")));
    EXPECT_EQ(concordance.tied_xy, to_double(c.at("tied_xy")));
    EXPECT_REL_NEAR(concordance.concordance, to_double(c.at("concordance")), 1e-12);
    EXPECT_REL_NEAR(concordance.std_err, to_double(c.at("std")), 1e-6);

    data.cluster = ids;
    const CoxFit clustered = cox_fit(data, options_for(ties_named(ties), true));
    testing::expect_r_fit(clustered, heart.at(ties + "_cluster"));
    EXPECT_EQ(clustered.robust_clusters, 103u);
    // coxph passes cluster to concordancefit: the SE sums each subject's influence first.
    const Concordance by_subject =
        harrell_concordance(data.survival, clustered.linear_predictor, data.strata, ids);
    const auto& cc = heart.at(ties + "_cluster").at("concordance");
    EXPECT_REL_NEAR(by_subject.std_err, to_double(cc.at("std")), 1e-6);
    EXPECT_EQ(by_subject.concordant, to_double(cc.at("concordant")));
  }
  EXPECT_FALSE(heart.at("id_default_is_robust").get<bool>());
}

// Case weights on (start, stop] data, w = 1 + id %% 3 (blocks efron_weighted and
// breslow_weighted_cluster of heart.json, R calls there): fit, cox.zph, survfit with weighted
// counts, and the clustered sandwich with weights.
TEST(CoxCounting, HeartWithCaseWeightsMatchesR) {
  const auto heart = load_reference_json("heart");
  const auto& block = heart.at("efron_weighted");
  CoxData data = testing::load_cox_reference("heart", heart_columns);
  const std::vector<std::size_t> ids = data.cluster;
  data.cluster.clear();
  data.survival.weight = testing::to_doubles(block.at("weight"));
  const CoxFit fit = cox_fit(data, options_for(TiesMethod::efron));
  testing::expect_r_fit(fit, block);
  testing::expect_r_zph(cox_zph(data, fit.ties, fit.coef, TimeTransform::km),
                        block.at("cox_zph").at("km"));
  testing::expect_r_curve(
      cox_predicted_survival(data, fit.ties, fit.coef, fit.variance, {-5, 1, 1}),
      block.at("predict"));
  data.cluster = ids;
  testing::expect_r_fit(cox_fit(data, options_for(TiesMethod::breslow, true)),
                        heart.at("breslow_weighted_cluster"));
}

// R: coxph(Surv(tstart, tstop, status) ~ treat + female + age + steroids + propylac +
// strata(hos_cat), cgd_data, id = id, ties = <ties>): several infections per child, so R's
// default is robust = TRUE, clustered by id (blocks <ties> of cgd.json); and robust = FALSE.
TEST(CoxCounting, RecurrentInfectionsWithStrataMatchR) {
  const auto cgd = load_reference_json("cgd");
  for (const std::string ties : {"efron", "breslow", "exact"}) {
    SCOPED_TRACE(ties);
    const CoxData data = testing::load_cox_reference("cgd", cgd_columns);
    const CoxFit fit = cox_fit(data, options_for(ties_named(ties), true));
    testing::expect_r_fit(fit, cgd.at(ties));
    EXPECT_EQ(fit.robust_clusters, 128u);
    const Concordance concordance =
        harrell_concordance(data.survival, fit.linear_predictor, data.strata, data.cluster);
    const auto& c = cgd.at(ties).at("concordance");
    EXPECT_EQ(concordance.concordant, to_double(c.at("concordant")));
    EXPECT_EQ(concordance.discordant, to_double(c.at("discordant")));
    EXPECT_EQ(concordance.tied_x, to_double(c.at("tied_x")));
    EXPECT_EQ(concordance.tied_y, to_double(c.at("tied_y")));
    EXPECT_REL_NEAR(concordance.std_err, to_double(c.at("std")), 1e-6);
  }
  CoxData data = testing::load_cox_reference("cgd", cgd_columns);
  data.strata.clear();
  testing::expect_r_fit(cox_fit(data, options_for(TiesMethod::efron)), cgd.at("efron_model_based"));
}

// cox.zph(fit, transform) on the counting-process fits (R's zph2.c); R gives none for exact.
TEST(CoxCounting, ProportionalHazardsTestMatchesR) {
  const auto heart = load_reference_json("heart");
  const auto cgd = load_reference_json("cgd");
  for (const std::string ties : {"efron", "breslow"}) {
    SCOPED_TRACE(ties);
    CoxData data = testing::load_cox_reference("heart", heart_columns);
    data.cluster.clear();
    const CoxFit fit = cox_fit(data, options_for(ties_named(ties)));
    for (const std::string transform : {"km", "identity"}) {
      const TimeTransform g = transform == "km" ? TimeTransform::km : TimeTransform::identity;
      testing::expect_r_zph(cox_zph(data, fit.ties, fit.coef, g),
                            heart.at(ties).at("cox_zph").at(transform));
    }
    const CoxData strata = testing::load_cox_reference("cgd", cgd_columns);
    const CoxFit cgd_fit = cox_fit(strata, options_for(ties_named(ties), true));
    for (const std::string transform : {"km", "identity"}) {
      const TimeTransform g = transform == "km" ? TimeTransform::km : TimeTransform::identity;
      testing::expect_r_zph(cox_zph(strata, cgd_fit.ties, cgd_fit.coef, g),
                            cgd.at(ties).at("cox_zph").at(transform));
    }
  }
}

// survfit(fit, newdata) for a fixed profile and survfit(fit, newdata, id = id) for a covariate
// path; after a robust fit R uses the robust variance (fit$var) for the curve's SE.
TEST(CoxCounting, PredictedCurvesMatchR) {
  const auto heart = load_reference_json("heart");
  const auto cgd = load_reference_json("cgd");
  for (const std::string ties : {"efron", "breslow"}) {
    SCOPED_TRACE(ties);
    CoxData data = testing::load_cox_reference("heart", heart_columns);
    const std::vector<std::size_t> ids = data.cluster;
    data.cluster.clear();
    const CoxFit fit = cox_fit(data, options_for(ties_named(ties)));
    const std::vector<double> profile = {-5, 1, 1};
    testing::expect_r_curve(cox_predicted_survival(data, fit.ties, fit.coef, fit.variance, profile),
                            heart.at(ties).at("predict"));
    CoxCovariatePath path;
    path.start = {0, 30, 200};
    path.stop = {30, 200, 1800};
    path.covariates = {{-5, 1, 0}, {-5, 1, 1}, {-5, 1, 1}};
    testing::expect_r_curve(cox_path_survival(data, fit.ties, fit.coef, fit.variance, path),
                            heart.at(ties).at("path"));
    data.cluster = ids;
    const CoxFit robust = cox_fit(data, options_for(ties_named(ties), true));
    testing::expect_r_curve(
        cox_predicted_survival(data, robust.ties, robust.coef, robust.robust_variance, profile),
        heart.at(ties + "_cluster").at("predict"));

    std::vector<std::string> levels;
    const CoxData strata = testing::load_cox_reference("cgd", cgd_columns, &levels);
    const CoxFit cgd_fit = cox_fit(strata, options_for(ties_named(ties), true));
    const auto level = [&](const std::string& label) {
      return static_cast<std::size_t>(std::find(levels.begin(), levels.end(), label) -
                                      levels.begin());
    };
    testing::expect_r_curve(
        cox_predicted_survival_in_stratum(strata, level("US:NIH"), cgd_fit.ties, cgd_fit.coef,
                                          cgd_fit.robust_variance, {1, 0, 12, 0, 1}),
        cgd.at(ties).at("predict"));
    CoxCovariatePath cgd_path;
    cgd_path.start = {0, 100};
    cgd_path.stop = {100, 400};
    cgd_path.covariates = {{0, 0, 12, 0, 1}, {1, 0, 12, 0, 1}};
    cgd_path.stratum = {level("US:other"), level("US:other")};
    testing::expect_r_curve(
        cox_path_survival(strata, cgd_fit.ties, cgd_fit.coef, cgd_fit.robust_variance, cgd_path),
        cgd.at(ties).at("path"));
  }
}

// Running out of iterations, each routine's rule (R 4.2.2, survival 3.5-3, on this machine):
//   h <- read.csv("tests/reference/heart.csv")
//   coxph(Surv(start, stop, event) ~ age + surgery + transplant, h,
//         control = coxph.control(iter.max = 2))          # agfit4: iter 2, the last trial
//   coef 0.030534190347370888 -0.768974941971847681 0.016134515935033063,
//   loglik -292.76209894081427, se 0.01389503980086886 0.35909979383995821 0.30860387850352955
//   ... the same with ties = "exact"                       # agexact: iter 2, the last trial
//   coef 0.030710568124266202 -0.770352802906234091 0.014249831031551655,
//   loglik -282.52553844875320
TEST(CoxCounting, OutOfIterationsAsR) {
  CoxData data = testing::load_cox_reference("heart", heart_columns);
  data.cluster.clear();
  CoxOptions options = options_for(TiesMethod::efron);
  options.max_iterations = 2;
  const CoxFit efron = cox_fit(data, options);
  EXPECT_EQ(efron.iterations, 2);
  EXPECT_FALSE(efron.converged);
  ASSERT_FALSE(efron.warnings.empty());
  EXPECT_EQ(efron.warnings[0].code, "not_converged");
  const std::vector<double> coef = {0.030534190347370888, -0.768974941971847681,
                                    0.016134515935033063};
  const std::vector<double> se = {0.01389503980086886, 0.35909979383995821, 0.30860387850352955};
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_REL_NEAR(efron.coef[j], coef[j], 1e-9);
    EXPECT_REL_NEAR(efron.se[j], se[j], 1e-9);
  }
  EXPECT_REL_NEAR(efron.loglik, -292.76209894081427, 1e-12);
  options.ties = TiesMethod::exact;
  const CoxFit exact = cox_fit(data, options);
  EXPECT_EQ(exact.iterations, 2);
  const std::vector<double> exact_coef = {0.030710568124266202, -0.770352802906234091,
                                          0.014249831031551655};
  for (std::size_t j = 0; j < 3; ++j) EXPECT_REL_NEAR(exact.coef[j], exact_coef[j], 1e-9);
  EXPECT_REL_NEAR(exact.loglik, -282.52553844875320, 1e-12);
}

TEST(CoxCounting, RefusesBadIntervalsAndPaths) {
  CoxData data;
  data.survival.entry = {0, 2, 0};
  data.survival.time = {2, 2, 3};
  data.survival.event = {0, 1, 1};
  data.covariate_names = {"x"};
  data.covariates = {{0, 1, 1}};
  EXPECT_THROW(cox_fit(data), CoreError);  // (2, 2] is empty
  data.survival.entry = {0, 1.999999999999, 0};
  try {
    cox_fit(data);
    FAIL() << "expected a refusal";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "zero_length_interval");  // equal to 2 up to rounding, as aeqSurv
  }
  data.survival.entry = {0, 1, 0};
  const CoxFit fit = cox_fit(data);
  CoxCovariatePath gap;
  gap.start = {0, 1.5};
  gap.stop = {1, 3};
  gap.covariates = {{0}, {1}};
  EXPECT_THROW(cox_path_survival(data, fit.ties, fit.coef, fit.variance, gap), CoreError);
  CoxData right = data;
  right.survival.entry.clear();
  gap.start = {0, 1};
  EXPECT_THROW(cox_path_survival(right, fit.ties, fit.coef, fit.variance, gap), CoreError);
}

}  // namespace
}  // namespace nelm
