// Tests of the infinitesimal-jackknife (robust) Kaplan-Meier errors against hand-worked
// influence sums and R's survfit(..., robust = TRUE) / its automatic choice (survival 3.5-3).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "estimators/kaplan_meier.h"
#include "reference_data.h"

namespace nelm {
namespace {

const double kClosedForm = 1e-12;

SurvivalData make_data(std::vector<double> time, std::vector<int> event,
                       std::vector<double> weight = {}, std::vector<double> entry = {}) {
  SurvivalData data;
  data.time = std::move(time);
  data.event = std::move(event);
  data.weight = std::move(weight);
  data.entry = std::move(entry);
  return data;
}

KaplanMeierOptions robust_options(std::vector<std::size_t> cluster = {},
                                  ConfidenceTransform transform = ConfidenceTransform::log) {
  KaplanMeierOptions options;
  options.transform = transform;
  options.robust = true;
  options.cluster = std::move(cluster);
  return options;
}

// Times 1 (event), 2, 3 (event), 4. Divided by S, each row's influence on S is w (B(t) - B(entry))
// minus w / (n - d) at its own event, B = sum of d / (n (n - d)): at t = 3 the rows hold -1/4,
// 1/12, 7/12 - 1 = -5/12 and 7/12, so Var S = (3/8)^2 (1/16 + 1/144 + 25/144 + 49/144) = 21/256.
// The Nelson-Aalen influences are 3/16, -1/16, 3/16, -5/16: Var H = 44/256, against Greenwood's
// sum of d / n^2 = 80/256. R: survfit(Surv(c(1,2,3,4), c(1,0,1,0)) ~ 1, robust = TRUE)
TEST(KaplanMeierRobust, HandWorkedInfluences) {
  const KaplanMeierCurve curve =
      kaplan_meier(make_data({3, 1, 4, 2}, {1, 1, 0, 0}), robust_options());
  const KaplanMeierTable& table = curve.table;
  ASSERT_EQ(table.time, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_NEAR(table.std_err[0], std::sqrt(3.0) / 8, kClosedForm);  // 0.21650635094610965
  EXPECT_NEAR(table.std_err[2], std::sqrt(21.0) / 16, kClosedForm);
  EXPECT_NEAR(table.std_err_log[2], std::sqrt(21.0) / 16 / (3.0 / 8), kClosedForm);
  EXPECT_NEAR(table.std_cumhaz[2], std::sqrt(11.0) / 8, kClosedForm);  // 0.41457809879442498
  EXPECT_NEAR(table.std_cumhaz[3], std::sqrt(11.0) / 8, kClosedForm);
}

// Two events at t = 1 in clusters {rows 1, 2} and {rows 3, 4}: the clusters' influences are
// -1/2 and 1/2, Var S = (1/2)^2 (1/4 + 1/4) = 1/8; S = 0 after t = 3 and so is its SE (R: 0).
// R: survfit(Surv(c(1,1,2,3), c(1,1,0,1)) ~ 1, robust = TRUE, cluster = c(1,1,2,2))
TEST(KaplanMeierRobust, HandWorkedClusters) {
  const KaplanMeierCurve curve =
      kaplan_meier(make_data({1, 1, 2, 3}, {1, 1, 0, 1}), robust_options({0, 0, 1, 1}));
  EXPECT_NEAR(curve.table.std_err[0], std::sqrt(0.125), kClosedForm);
  EXPECT_NEAR(curve.table.std_cumhaz[0], std::sqrt(0.125), kClosedForm);
  EXPECT_EQ(curve.table.surv[2], 0.0);
  EXPECT_EQ(curve.table.std_err[2], 0.0);
  EXPECT_NEAR(curve.table.std_cumhaz[2], std::sqrt(0.125), kClosedForm);
  EXPECT_TRUE(std::isnan(curve.table.lower[2]));  // log limits are undefined at S = 0
}

// Fractional weights: R's default switches to robust (has.rwt in survfitKM).
// R: set.seed(1); d <- aml; d$w <- round(runif(23, 0.5, 2), 2)
//    f <- survfit(Surv(time, status) ~ 1, data = d, weights = w, conf.type = "log-log")
//    f$std.err (robust: the SE of S), f$std.chaz, f$lower, f$upper
TEST(KaplanMeierRobust, AmlFractionalWeightsAsSurvfit) {
  const testing::ReferenceTable aml = testing::load_reference_csv("aml");
  SurvivalData data;
  data.time = aml.column("time");
  for (double s : aml.column("status")) data.event.push_back(static_cast<int>(s));
  data.weight = {0.9,  1.06, 1.36, 1.86, 0.8,  1.85, 1.92, 1.49, 1.44, 0.59, 0.81, 0.76,
                 1.53, 1.08, 1.65, 1.25, 1.58, 1.99, 1.07, 1.67, 1.9,  0.82, 1.48};
  const KaplanMeierCurve curve =
      kaplan_meier(data, robust_options({}, ConfidenceTransform::log_log));
  const std::vector<double> std_err{
      0.053599977155564242, 0.078021833183030451, 0.08178561734330847,  0.087980073207923074,
      0.091914013776336304, 0.091914013776336304, 0.10433096493258324,  0.11330644699849364,
      0.11449070582879671,  0.11449070582879671,  0.11730846604747813,  0.11493364303008392,
      0.10545281181269815,  0.094644092199681687, 0.089909748297696893, 0.071910861330035894,
      0.061457924126537548, 0.061457924126537548};
  const std::vector<double> std_cumhaz{
      0.053599977155564242, 0.085053249967159489, 0.093126774736807472, 0.10619743717801963,
      0.11669115549757027,  0.11669115549757027,  0.14476992845468142,  0.18016967800913161,
      0.19716730091817269,  0.19716730091817269,  0.23164248491259104,  0.27055708496841552,
      0.30861527115214815,  0.35014195243398111,  0.39789641598711067,  0.44917072183917511,
      0.58752215520881101,  0.58752215520881101};
  const std::vector<double> lower{
      0.71468225521606277,   0.60857505453008154,  0.58245765616607725,  0.53883674017793226,
      0.5041796862654927,    0.5041796862654927,   0.41954093742825421,  0.31705394055030911,
      0.28243984868112659,   0.28243984868112659,  0.21886064074445832,  0.15671488505975809,
      0.10649332458086316,   0.071656463857108735, 0.051740051037390489, 0.026117169360452538,
      0.0064155279815409916, 0.0064155279815409916};
  const std::vector<double> upper{0.98245796274580421, 0.93850601440635129, 0.91949598430406598,
                                  0.893094645989011,   0.86892774388967831, 0.86892774388967831,
                                  0.82450076400833616, 0.74644374177771211, 0.7134324930408108,
                                  0.7134324930408108,  0.65509964962212763, 0.58007341633074205,
                                  0.49407266211604806, 0.42046779745288865, 0.38339599627003906,
                                  0.29672802262703768, 0.24843577113616289, 0.24843577113616289};
  ASSERT_EQ(curve.table.time.size(), std_err.size());
  for (std::size_t k = 0; k < std_err.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_REL_NEAR(curve.table.std_err[k], std_err[k], kClosedForm);
    EXPECT_REL_NEAR(curve.table.std_cumhaz[k], std_cumhaz[k], kClosedForm);
    EXPECT_REL_NEAR(curve.table.lower[k], lower[k], kClosedForm);
    EXPECT_REL_NEAR(curve.table.upper[k], upper[k], kClosedForm);
  }
  // The restricted mean keeps its Greenwood-type SE, as summary(f, rmean = 48): 2.58913149012275.
  EXPECT_REL_NEAR(restricted_mean(curve, 48).se, 2.58913149012275, 1e-12);
}

// Delayed entry, fractional weights and 12 clusters.
// R: set.seed(2); n <- 40; e <- round(runif(n, 0, 3), 1); t <- e + round(rexp(n, 0.2), 1) + 0.1
//    s <- rbinom(n, 1, 0.7); cl <- sample(1:12, n, TRUE); ww <- round(runif(n, 0.2, 3), 2)
//    f2 <- survfit(Surv(e, t, s) ~ 1, weights = ww, cluster = cl); f2$std.err, f2$std.chaz
TEST(KaplanMeierRobust, DelayedEntryWithClustersAsSurvfit) {
  const SurvivalData data =
      make_data({1.1,  5,   7.2,  0.6,  6,   27.2, 1.5, 5.5, 3.6,  2.6,  3.1, 4.5, 6.4, 5.3,
                 16.9, 12,  12.3, 3.4,  5.6, 1.7,  7.6, 3,   22.9, 7.1,  11,  2.7, 2.8, 6.5,
                 4.3,  4.6, 12.9, 11.7, 8.8, 6.9,  2.6, 2.5, 9.7,  21.2, 4.5, 6.5},
                {1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1,
                 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0},
                {0.83, 0.78, 0.74, 0.87, 2.94, 1.67, 2.51, 2.08, 2.94, 0.36, 1.14, 0.24, 1.22, 0.79,
                 0.63, 2.82, 1.32, 1.56, 2.11, 2.59, 2.76, 1.53, 2.2,  2.52, 2.09, 1.15, 2.69, 1.68,
                 2.65, 0.92, 1.72, 0.8,  0.81, 1.53, 2.7,  1.04, 1.75, 2.31, 2.88, 2.87},
                {0.6, 2.1, 1.7, 0.5, 2.8, 2.8, 0.4, 2.5, 1.4, 1.6, 1.7, 0.7, 2.3, 0.5,
                 1.2, 2.6, 2.9, 0.7, 1.3, 0.2, 2,   1.2, 2.5, 0.5, 1,   1.5, 0.4, 1.1,
                 2.9, 0.4, 0,   0.5, 2.4, 2.6, 1.5, 1.9, 2.5, 0.9, 2,   0.5});
  const std::vector<int> labels{1, 7,  9, 11, 5, 3, 3, 6, 1, 12, 2, 10, 4, 11, 9, 1, 7,  3, 5, 8,
                                4, 12, 2, 8,  1, 5, 4, 7, 8, 3,  8, 10, 1, 11, 1, 4, 10, 2, 4, 2};
  std::vector<std::size_t> cluster;
  for (int label : labels) cluster.push_back(static_cast<std::size_t>(label - 1));
  const KaplanMeierCurve curve = kaplan_meier(data, robust_options(cluster));
  const std::vector<double> std_err{0,
                                    0.033187782754712784,
                                    0.067723210982715637,
                                    0.066859191476771287,
                                    0.064057902969225505,
                                    0.071524560867229969,
                                    0.068603801517528179,
                                    0.068596718886360847,
                                    0.066333360251320111,
                                    0.066333360251320111,
                                    0.076063467004280863,
                                    0.085471637945633241,
                                    0.088915656543360574,
                                    0.091582834034159469,
                                    0.095286994856956866,
                                    0.095286994856956866,
                                    0.093067911939776954,
                                    0.091034757015933179,
                                    0.091034757015933179,
                                    0.087734561952554163,
                                    0.087734561952554163,
                                    0.083140799202466614,
                                    0.082835357819135827,
                                    0.08969346818653462,
                                    0.08969346818653462,
                                    0.08969346818653462,
                                    0.08969346818653462,
                                    0.086383061213943929,
                                    0.086383061213943929,
                                    0.09053543476365096,
                                    0.09465478620790517,
                                    0.095212063016413509,
                                    0.10324936253932554,
                                    0.10208504615875851,
                                    0.055665429597697554,
                                    0.035394577575704245,
                                    0.035394577575704245};
  const std::vector<double> std_cumhaz{0,
                                       0.033187782754712784,
                                       0.070447027795715628,
                                       0.074694092638829035,
                                       0.073300054529445602,
                                       0.087958580961838589,
                                       0.086385068668760154,
                                       0.091886532141159466,
                                       0.091571239305850302,
                                       0.091571239305850302,
                                       0.10854156363267209,
                                       0.13001947127396807,
                                       0.14282236622138098,
                                       0.15820147020689512,
                                       0.16875962667978817,
                                       0.16875962667978817,
                                       0.16822427885576649,
                                       0.17398199590066907,
                                       0.17398199590066907,
                                       0.18290499533850413,
                                       0.18290499533850413,
                                       0.18355437584140533,
                                       0.19469355253048909,
                                       0.23212183104694831,
                                       0.23212183104694831,
                                       0.23212183104694831,
                                       0.23212183104694831,
                                       0.24753556366345331,
                                       0.24753556366345331,
                                       0.27588308100268044,
                                       0.34908494912949317,
                                       0.40592610917918781,
                                       0.53954484042387496,
                                       0.59149518040421423,
                                       0.52670584313413638,
                                       0.52094189961846449,
                                       0.52094189961846449};
  ASSERT_EQ(curve.table.time.size(), std_err.size());
  for (std::size_t k = 0; k < std_err.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_REL_NEAR(curve.table.std_err[k], std_err[k], 1e-10);
    EXPECT_REL_NEAR(curve.table.std_cumhaz[k], std_cumhaz[k], 1e-10);
  }
}

}  // namespace
}  // namespace nelm
