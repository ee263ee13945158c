// Tests of the Fine-Gray fit against hand-worked risk sets and R's finegray() + weighted coxph
// (survival 3.5-3), with the difference from cmprsk::crr (2.2-11) pinned down.
#include "regression/fine_gray.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "reference_data.h"

namespace nelm {
namespace {

const double kFit = 1e-6;  // iterative fits (README: coefficients, SEs, derived curves)
const double kLoglik = 1e-9;

void expect_code(const std::function<void()>& call, const std::string& code) {
  try {
    call();
    ADD_FAILURE() << "expected CoreError " << code;
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), code);
  }
}

// Ten subjects, cause 1 of interest, cause 2 competing, censorings at 2, 4 and 6.
// R: d <- data.frame(id = 1:10, time = c(1,2,2,3,4,4,5,6,7,8),
//                    status = c(1,2,0,1,2,0,1,0,2,1), x = c(0,1,0,1,1,0,1,0,0,1))
//    d$ev <- factor(d$status, 0:2, c("cens", "a", "b"))
//    fg <- finegray(Surv(time, ev) ~ ., data = d, etype = "a")          # 15 rows
//    f <- coxph(Surv(fgstart, fgstop, fgstatus) ~ x + cluster(id), weight = fgwt, data = fg)
FineGrayData tiny_data() {
  FineGrayData data;
  data.survival.time = {1, 2, 2, 3, 4, 4, 5, 6, 7, 8};
  data.survival.event = {1, 2, 0, 1, 2, 0, 1, 0, 2, 1};
  data.covariate_names = {"x"};
  data.covariates = {{0, 1, 0, 1, 1, 0, 1, 0, 0, 1}};
  return data;
}

// By hand. finegray's censoring survival (an event at a censoring time happens first):
// G(2) = 7/8 (8 at risk: 7 later plus the one censored at 2), G(4) = 7/8 * 4/5 = 7/10,
// G(6) = 7/10 * 2/3 = 7/15. Weighted risk sets at beta = 0 at the events of interest:
//   t = 1: all 10;  t = 3: 7 with time >= 3 + the cause-2 subject of t = 2 at G(3-)/G(2-) = 7/8;
//   t = 5: 4 + 7/10 (t = 2) + (7/10)/(7/8) = 4/5 (t = 4);  t = 8: 1 + 7/15 + 8/15 + 1 (t = 7).
// x-weighted means 1/2, 13/21, 7/11, 2/3, so the score is -1/2 + 8/21 + 4/11 + 1/3 and the
// information sum xbar (1 - xbar) (x is 0/1).
TEST(FineGray, HandWorkedRiskSetsAtZero) {
  const FineGrayFit fit = fine_gray_fit(tiny_data());
  EXPECT_NEAR(fit.loglik_null, -(std::log(10.0) + std::log(7.875) + std::log(5.5) + std::log(3.0)),
              1e-13);
  const double score = -1.0 / 2 + 8.0 / 21 + 4.0 / 11 + 1.0 / 3;
  const double information = 1.0 / 4 + (13.0 / 21) * (8.0 / 21) + (7.0 / 11) * (4.0 / 11) + 2.0 / 9;
  EXPECT_NEAR(fit.score_test.statistic, score * score / information, 1e-13);
  EXPECT_EQ(fit.finegray_rows, 15.0);  // nrow(fg)
  EXPECT_EQ(fit.n, 10.0);
  EXPECT_EQ(fit.n_events, 4.0);
  EXPECT_EQ(fit.n_competing, 3.0);
  // R: coef(f), f$naive.var, f$var (cluster(id)), f$loglik, f$iter
  EXPECT_REL_NEAR(fit.coef[0], 0.68073545977842653, kFit);
  EXPECT_REL_NEAR(fit.variance(0, 0), 1.352318810206568, kFit);
  EXPECT_REL_NEAR(fit.robust_variance(0, 0), 1.1714504353825514, kFit);
  EXPECT_REL_NEAR(fit.loglik, -6.9807455776587393, kLoglik);
  EXPECT_EQ(fit.iterations, 4);
  EXPECT_TRUE(fit.converged);
}

// tests/reference/mgus2.csv: survival::mgus2 with etime = ptime if pstat = 1 else futime and
// event = 1 (plasma-cell malignancy), 2 (death first) or 0, as the survival vignette "compete".
FineGrayData mgus2() {
  const testing::ReferenceTable table = testing::load_reference_csv("mgus2");
  FineGrayData data;
  data.survival.time = table.column("etime");
  for (double code : table.column("event")) data.survival.event.push_back(static_cast<int>(code));
  data.covariate_names = {"age", "male"};
  data.covariates = {table.column("age"), table.column("male")};
  return data;
}

// R: m <- read.csv("mgus2.csv"); m$ev <- factor(m$event, 0:2, c("censor", "pcm", "death"))
//    pdat <- finegray(Surv(etime, ev) ~ ., data = m, etype = "pcm")        # 41775 rows
//    f  <- coxph(Surv(fgstart, fgstop, fgstatus) ~ age + male, weight = fgwt, data = pdat)
//    fc <- coxph(Surv(fgstart, fgstop, fgstatus) ~ age + male + cluster(id), weight = fgwt,
//                data = pdat)
// f is the documented call: the fractional weights switch coxph to robust with one cluster per
// finegray row (f$var); fc clusters by subject. Both share coef, naive.var and loglik.
TEST(FineGray, Mgus2EfronAsFinegrayCoxph) {
  FineGrayOptions options;
  const FineGrayFit fit = fine_gray_fit(mgus2(), options);
  EXPECT_EQ(fit.finegray_rows, 41775.0);
  EXPECT_EQ(fit.n_events, 115.0);
  EXPECT_REL_NEAR(fit.coef[0], -0.017301705075068036, kFit);
  EXPECT_REL_NEAR(fit.coef[1], -0.25975679140011831, kFit);
  EXPECT_REL_NEAR(fit.variance(0, 0), 4.9311275296822966e-05, kFit);  // f$naive.var
  EXPECT_REL_NEAR(fit.variance(0, 1), 9.2740082437591445e-05, kFit);
  EXPECT_REL_NEAR(fit.variance(1, 1), 0.034987170345621661, kFit);
  EXPECT_REL_NEAR(fit.robust_variance(0, 0), 3.2523429237863854e-05, kFit);  // fc$var
  EXPECT_REL_NEAR(fit.robust_variance(0, 1), 8.3003723698917096e-05, kFit);
  EXPECT_REL_NEAR(fit.robust_variance(1, 1), 0.034460239902714865, kFit);
  EXPECT_REL_NEAR(fit.loglik_null, -793.5758239369278, kLoglik);  // f$loglik
  EXPECT_REL_NEAR(fit.loglik, -789.93582637937152, kLoglik);
  EXPECT_REL_NEAR(fit.score_test.statistic, 7.5793559948754101, kFit);         // f$score
  EXPECT_REL_NEAR(fit.robust_score_test.statistic, 8.8282901115413281, kFit);  // fc$rscore
  EXPECT_EQ(fit.iterations, 3);                                                // f$iter

  options.cluster = FineGrayCluster::row;
  const FineGrayFit rows = fine_gray_fit(mgus2(), options);
  EXPECT_REL_NEAR(rows.robust_variance(0, 0), 3.0560280213161179e-05, kFit);  // f$var
  EXPECT_REL_NEAR(rows.robust_variance(0, 1), 8.1439585095234107e-05, kFit);
  EXPECT_REL_NEAR(rows.robust_variance(1, 1), 0.033017446948311442, kFit);
  EXPECT_REL_NEAR(rows.robust_wald_test.statistic, 11.186996984854135, kFit);  // f$wald.test
  EXPECT_REL_NEAR(rows.robust_score_test.statistic, 9.276407169803754, kFit);  // f$rscore
}

// The same calls with ties = "breslow".
TEST(FineGray, Mgus2BreslowAsFinegrayCoxph) {
  FineGrayOptions options;
  options.ties = TiesMethod::breslow;
  const FineGrayFit fit = fine_gray_fit(mgus2(), options);
  EXPECT_REL_NEAR(fit.coef[0], -0.017300733424657086, kFit);
  EXPECT_REL_NEAR(fit.coef[1], -0.25970091464863676, kFit);
  EXPECT_REL_NEAR(fit.variance(1, 1), 0.034987172774882475, kFit);
  EXPECT_REL_NEAR(fit.robust_variance(0, 0), 3.2500922379808997e-05, kFit);
  EXPECT_REL_NEAR(fit.robust_variance(1, 1), 0.034439679760494592, kFit);
  EXPECT_REL_NEAR(fit.loglik, -789.96242307936825, kLoglik);
  EXPECT_REL_NEAR(fit.robust_score_test.statistic, 8.8317508334013635, kFit);
}

// Death before PCM as the event of interest.
// R: dd <- finegray(Surv(etime, ev) ~ ., data = m, etype = "death")        # 12910 rows
//    f2 <- coxph(Surv(fgstart, fgstop, fgstatus) ~ age + male + cluster(id), weight = fgwt,
//                data = dd)
TEST(FineGray, Mgus2DeathAsTheCause) {
  FineGrayOptions options;
  options.cause = 2;
  const FineGrayFit fit = fine_gray_fit(mgus2(), options);
  EXPECT_EQ(fit.finegray_rows, 12910.0);
  EXPECT_REL_NEAR(fit.coef[0], 0.058823322028000891, kFit);
  EXPECT_REL_NEAR(fit.coef[1], 0.37231541420343472, kFit);
  EXPECT_REL_NEAR(fit.se[0], std::sqrt(1.2571687415773872e-05), kFit);
  EXPECT_REL_NEAR(fit.se[1], std::sqrt(0.0048235329085567985), kFit);
  EXPECT_REL_NEAR(fit.robust_se[0], std::sqrt(1.367177355693873e-05), kFit);
  EXPECT_REL_NEAR(fit.robust_se[1], std::sqrt(0.0045029737638029969), kFit);
  EXPECT_REL_NEAR(fit.loglik, -5534.738915083668, kLoglik);
}

// R: s <- survfit(fc, newdata = data.frame(age = 60, male = 1))
//    ss <- summary(s, times = c(12, 60, 120, 240)); 1 - ss$surv, ss$std.err, 1 - ss$upper,
//    1 - ss$lower (log limits; the robust fc$var enters the Tsiatis variance).
TEST(FineGray, Mgus2PredictedIncidence) {
  const FineGrayFit fit = fine_gray_fit(mgus2());
  const FineGrayPrediction prediction = fine_gray_predicted_incidence(fit, {60, 1});
  EXPECT_REL_NEAR(prediction.linear_predictor, 60 * fit.coef[0] + fit.coef[1], 1e-14);
  EXPECT_REL_NEAR(prediction.n_risk[0], 1382.9687034277194, 1e-12);  // s$n.risk at events
  EXPECT_REL_NEAR(prediction.n_risk[1], 1380.9687034277194, 1e-12);
  EXPECT_EQ(prediction.n_event[0], 2.0);
  const FineGrayIncidenceAtTimes at = fine_gray_incidence_at_times(prediction, {240, 12, 60, 120});
  const std::vector<double> time{12, 60, 120, 240};
  const std::vector<double> incidence{0.0096999068546664846, 0.035151398527172417,
                                      0.065599030430001704, 0.10262907211039107};
  const std::vector<double> std_err{0.0028510501048420568, 0.0061329009152147106,
                                    0.0095013232845337203, 0.014107736809629694};
  const std::vector<double> lower{0.0040961560880047321, 0.023055946346814959, 0.046789972910070476,
                                  0.074548007409729222};
  const std::vector<double> upper{0.015272126442041345, 0.047097098054959541, 0.084036941366563367,
                                  0.12985807079246281};
  for (std::size_t i = 0; i < time.size(); ++i) {
    SCOPED_TRACE(time[i]);
    EXPECT_EQ(at.time[i], time[i]);
    EXPECT_REL_NEAR(at.incidence[i], incidence[i], kFit);
    EXPECT_REL_NEAR(at.std_err[i], std_err[i], kFit);
    EXPECT_REL_NEAR(at.lower[i], lower[i], kFit);
    EXPECT_REL_NEAR(at.upper[i], upper[i], kFit);
  }
  const FineGrayIncidenceAtTimes before = fine_gray_incidence_at_times(prediction, {0.5});
  EXPECT_EQ(before.incidence[0], 0.0);
  EXPECT_EQ(before.lower[0], 0.0);
  EXPECT_EQ(before.upper[0], 0.0);
}

// cmprsk::crr weights the competing subjects by the ordinary Kaplan-Meier of the censoring times
// (an event at a censoring time still counts at risk) and uses Breslow ties, so it differs from
// finegray + coxph by about 0.1% to 0.2% here; its variance also adds a term for estimating G.
// R: crr(m$etime, m$event, cbind(m$age, m$male))$coef, $var (cmprsk 2.2-11)
TEST(FineGray, Mgus2AgreesWithCrrToItsWeighting) {
  const FineGrayFit fit = fine_gray_fit(mgus2());
  const double crr_age = -0.017338153494679154, crr_male = -0.260038237884128220;
  EXPECT_NEAR(fit.coef[0] / crr_age, 1.0, 3e-3);
  EXPECT_NEAR(fit.coef[1] / crr_male, 1.0, 2e-3);
  EXPECT_GT(std::fabs(fit.coef[0] / crr_age - 1.0), 1e-3);  // a real difference, not rounding
  EXPECT_NEAR(fit.robust_variance(0, 0) / 3.2914353474397610e-05, 1.0, 0.02);
  EXPECT_NEAR(fit.robust_variance(1, 1) / 3.4477446681489804e-02, 1.0, 0.01);
}

// With crr's censoring weights and Breslow ties the sweep gives crr's coefficients: the whole
// difference in the estimates is the weighting and the ties (crr's variance adds a term for G).
TEST(FineGray, Mgus2WithCrrWeightsGivesCrrCoefficients) {
  FineGrayOptions options;
  options.ties = TiesMethod::breslow;
  options.censoring = FineGrayCensoring::crr;
  const FineGrayFit fit = fine_gray_fit(mgus2(), options);
  EXPECT_REL_NEAR(fit.coef[0], -0.017338153494679154, kFit);
  EXPECT_REL_NEAR(fit.coef[1], -0.260038237884128220, kFit);
}

// Case weights multiply finegray's weights (its censoring survival stays unweighted).
// R: set.seed(3); n <- 60; x1 <- round(rnorm(n), 2); x2 <- rbinom(n, 1, 0.4)
//    t <- round(rexp(n, 0.1 * exp(0.4 * x1)), 1) + 0.1
//    st <- sample(0:2, n, TRUE, prob = c(0.3, 0.4, 0.3)); w <- round(runif(n, 0.3, 2.5), 2)
//    s <- data.frame(id = 1:n, t, st, x1, x2, w); s$ev <- factor(st, 0:2, c("c", "a", "b"))
//    sf <- finegray(Surv(t, ev) ~ ., data = s, weights = w, etype = "a")  # 173 rows
//    f3 <- coxph(Surv(fgstart, fgstop, fgstatus) ~ x1 + x2 + cluster(id), weight = fgwt,
//                data = sf)
//    p <- summary(survfit(f3, newdata = data.frame(x1 = 0.5, x2 = 1)), times = c(2, 5, 10, 20))
FineGrayData weighted_data() {
  FineGrayData data;
  data.survival.time = {28.9, 10.5, 15.2, 42.1, 6.8,  10.6, 0.9, 6.4,  15,   0.8,  5.6,  19.8,
                        8.7,  1.9,  4.5,  2.8,  4,    4.9,  4.3, 26.2, 5.9,  12.3, 39.5, 49.9,
                        12,   8.4,  8,    1.4,  10.9, 7,    0.5, 8.2,  7.5,  10.2, 0.2,  1.9,
                        1.1,  2.2,  11,   3.5,  2.2,  24.5, 2.1, 15.1, 8.4,  3.9,  7.7,  2,
                        2.9,  10.2, 0.4,  43.3, 11.8, 10.4, 6.9, 0.5,  27.4, 0.7,  13.9, 57.7};
  data.survival.event = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0, 0, 2, 2,
                         2, 1, 2, 1, 2, 0, 0, 2, 2, 1, 1, 0, 0, 2, 2, 0, 2, 0, 0, 2,
                         1, 2, 2, 1, 0, 1, 0, 0, 2, 1, 1, 0, 1, 0, 2, 0, 0, 0, 0, 0};
  data.survival.weight = {1.41, 2.25, 0.6,  0.59, 2.33, 1.95, 0.42, 2.25, 0.54, 1.6,  0.92, 1.04,
                          1.4,  1.61, 1.23, 0.94, 0.41, 0.98, 2.23, 2.23, 0.84, 2.47, 2.25, 0.4,
                          1.12, 0.42, 1.99, 0.63, 2.43, 1.68, 0.53, 0.71, 2.11, 1.74, 0.55, 1.61,
                          1.35, 1.03, 0.93, 0.94, 0.52, 0.5,  0.94, 1.96, 2.32, 2.47, 0.91, 1.04,
                          0.41, 0.49, 1.04, 0.85, 1.1,  1.93, 1.85, 2.02, 1.18, 2.49, 1.03, 0.49};
  data.covariate_names = {"x1", "x2"};
  data.covariates = {
      {-0.96, -0.29, 0.26,  -1.15, 0.2,   0.03,  0.09,  1.12,  -1.22, 1.27,  -0.74, -1.13,
       -0.72, 0.25,  0.15,  -0.31, -0.95, -0.65, 1.22,  0.2,   -0.58, -0.94, -0.2,  -1.67,
       -0.48, -0.74, 1.16,  1.01,  -0.07, -1.14, 0.9,   0.85,  0.73,  0.74,  -0.35, 0.71,
       1.3,   0.04,  -0.98, 0.79,  0.79,  -0.31, 1.7,   -0.79, 0.35,  -2.27, -0.16, 1.13,
       -0.46, -0.9,  0.73,  -0.81, 0.27,  -1.74, -1.41, -0.45, -1.04, 1.36,  0.92,  -0.79},
      {1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0,
       1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0}};
  return data;
}

TEST(FineGray, CaseWeightsAsFinegrayWeights) {
  const FineGrayFit fit = fine_gray_fit(weighted_data());
  EXPECT_EQ(fit.finegray_rows, 173.0);
  EXPECT_REL_NEAR(fit.coef[0], -0.21817207435692229, kFit);
  EXPECT_REL_NEAR(fit.coef[1], -0.20683419934713498, kFit);
  EXPECT_REL_NEAR(fit.variance(0, 0), 0.04960075163143058, kFit);
  EXPECT_REL_NEAR(fit.variance(0, 1), 0.016021209893081343, kFit);
  EXPECT_REL_NEAR(fit.variance(1, 1), 0.15741836398488504, kFit);
  EXPECT_REL_NEAR(fit.robust_variance(0, 0), 0.09674011581813681, kFit);
  EXPECT_REL_NEAR(fit.robust_variance(0, 1), -0.0097483640748788937, kFit);
  EXPECT_REL_NEAR(fit.robust_variance(1, 1), 0.20001723621067935, kFit);
  EXPECT_REL_NEAR(fit.loglik_null, -108.31912715189877, kLoglik);
  EXPECT_REL_NEAR(fit.loglik, -107.77418242650307, kLoglik);
  const FineGrayIncidenceAtTimes at =
      fine_gray_incidence_at_times(fine_gray_predicted_incidence(fit, {0.5, 1}), {2, 5, 10, 20});
  const std::vector<double> incidence{0.052711403505959598, 0.098957996352464939,
                                      0.20224296852030288, 0.378900792700954};
  const std::vector<double> std_err{0.028918186244593108, 0.045451073736284757,
                                    0.077963402752428232, 0.12590884110197631};
  const std::vector<double> upper{0.10772771466107334, 0.1837784534585738, 0.34130525431892944,
                                  0.58254858942236942};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_REL_NEAR(at.incidence[i], incidence[i], kFit);
    EXPECT_REL_NEAR(at.std_err[i], std_err[i], kFit);
    EXPECT_REL_NEAR(at.upper[i], upper[i], kFit);
  }
  EXPECT_EQ(at.lower[0], 0.0);  // 1 - the upper limit of S, capped at 1
  EXPECT_REL_NEAR(at.lower[3], 0.075906283862549495, kFit);
}

// The per-row sandwich with Breslow ties on the same data (no tied times, so the coefficients
// equal Efron's). R: coxph(Surv(fgstart, fgstop, fgstatus) ~ x1 + x2, weight = fgwt, data = sf,
// ties = "breslow")$var
TEST(FineGray, CaseWeightsRowSandwich) {
  FineGrayOptions options;
  options.ties = TiesMethod::breslow;
  options.cluster = FineGrayCluster::row;
  const FineGrayFit fit = fine_gray_fit(weighted_data(), options);
  EXPECT_REL_NEAR(fit.robust_variance(0, 0), 0.083373052365117509, kFit);
  EXPECT_REL_NEAR(fit.robust_variance(0, 1), -0.012367609325621214, kFit);
  EXPECT_REL_NEAR(fit.robust_variance(1, 1), 0.17837611882615492, kFit);
}

TEST(FineGray, RobustOffLeavesTheModelVariance) {
  FineGrayOptions options;
  options.robust = false;
  const FineGrayFit fit = fine_gray_fit(tiny_data(), options);
  EXPECT_FALSE(fit.has_robust);
  // survfit uses the model variance then. R: f <- coxph(Surv(fgstart, fgstop, fgstatus) ~ x,
  // weight = fgwt, data = fg, robust = FALSE); s <- survfit(f, newdata = data.frame(x = 1));
  // i <- s$n.event > 0; 1 - s$surv[i], s$std.err[i] (the SE of the cumulative hazard)
  const FineGrayPrediction prediction = fine_gray_predicted_incidence(fit, {1});
  EXPECT_EQ(prediction.time, (std::vector<double>{1, 3, 5, 8}));
  const std::vector<double> incidence{0.12434277906564117, 0.25112537788334865, 0.39997915838898424,
                                      0.59739294909031915};
  const std::vector<double> std_err{0.14256204149814336, 0.22613385328014918, 0.33850776402931726,
                                    0.55788935955835062};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_REL_NEAR(prediction.incidence[i], incidence[i], kFit);
    EXPECT_REL_NEAR(prediction.std_err_cumhaz[i], std_err[i], kFit);
  }
}

TEST(FineGray, Refusals) {
  FineGrayData data = tiny_data();
  FineGrayOptions options;
  options.cause = 3;
  expect_code([&] { fine_gray_fit(data, options); }, "no_events");
  options.cause = 0;
  expect_code([&] { fine_gray_fit(data, options); }, "invalid_input");
  data.covariates[0].assign(10, 2.0);
  expect_code([&] { fine_gray_fit(data); }, "constant_covariate");
  data = tiny_data();
  data.covariate_names.push_back("twice");
  data.covariates.push_back(data.covariates[0]);
  for (double& value : data.covariates[1]) value *= 2;
  expect_code([&] { fine_gray_fit(data); }, "collinear_covariates");
  data = tiny_data();
  data.survival.weight.assign(10, 1.0);
  data.survival.weight[9] = 0.0;  // coxph: "Invalid weights, must be >0"
  expect_code([&] { fine_gray_fit(data); }, "invalid_input");
  data = tiny_data();
  data.survival.entry.assign(10, 0.0);
  expect_code([&] { fine_gray_fit(data); }, "unsupported");
  const FineGrayFit fit = fine_gray_fit(tiny_data());
  expect_code([&] { fine_gray_predicted_incidence(fit, {1, 2}); }, "invalid_input");
}

}  // namespace
}  // namespace nelm
