// The rows kept to draw a step curve at a resolution (plot_rows): every row
// when there are fewer rows than intervals, the first, last and extreme rows of
// each interval otherwise, censorings carried to the next kept row, and one row
// past the end of the axis.
#include "estimators/plot_rows.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace nelm {
namespace {

TEST(PlotRows, KeepsEveryRowWhenEachHasItsOwnInterval) {
  const std::vector<double> time{1, 2, 3, 4}, surv{0.9, 0.8, 0.8, 0.5}, censored{0, 1, 0, 1};
  const PlotRows kept = plot_rows(time, {&surv}, censored, 4.0, 100);
  EXPECT_EQ(kept.rows, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_EQ(kept.n_censor, (std::vector<double>{0, 1, 0, 1}));
}

// Ten rows in [0, 1) (one interval of two over [0, 2]) and two in [1, 2]: of
// the first ten, the first (row 0), the last (row 9), the band's smallest (row
// 4) and largest (row 6) values and the rows where the band turns undefined (7)
// and defined again (8) are kept. Censorings of the rows left out go to the
// next kept row; row 12 (past `to`) is kept, rows after it are not.
TEST(PlotRows, KeepsFirstLastAndExtremesOfEachInterval) {
  const std::vector<double> time{0.1, 0.2, 0.3,  0.4, 0.5, 0.6, 0.7,
                                 0.8, 0.9, 0.95, 1.5, 2.0, 3.0, 4.0};
  std::vector<double> surv(time.size()),
      band{0.9, 0.8, 0.85, 0.7, 0.6, 0.75, 0.95, NAN, 0.5, 0.55, 0.4, 0.3, 0.2, 0.1};
  for (std::size_t i = 0; i < time.size(); ++i) surv[i] = 1.0 - 0.05 * static_cast<double>(i);
  band[4] = 0.4;  // the band's smallest value in the first interval
  const std::vector<double> censored{1, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 3, 5};
  const PlotRows kept = plot_rows(time, {&surv, &band}, censored, 2.0, 2);
  EXPECT_EQ(kept.rows, (std::vector<std::size_t>{0, 4, 6, 7, 8, 9, 10, 11, 12}));
  EXPECT_EQ(kept.n_censor, (std::vector<double>{1, 1, 2, 0, 0, 1, 0, 0, 3}));
}

TEST(PlotRows, BoundedByTheNumberOfIntervals) {
  std::vector<double> time(100000), surv(100000), censored(100000, 1.0);
  for (std::size_t i = 0; i < time.size(); ++i) {
    time[i] = 10.0 * static_cast<double>(i + 1) / static_cast<double>(time.size());
    surv[i] = 1.0 - static_cast<double>(i) / static_cast<double>(time.size());
  }
  const PlotRows kept = plot_rows(time, {&surv}, censored, 10.0, 500);
  EXPECT_LE(kept.rows.size(),
            1000u);  // first and last of each interval (monotone: extremes)
  EXPECT_EQ(kept.rows.front(), 0u);
  EXPECT_EQ(kept.rows.back(), time.size() - 1);
  double total = 0.0;
  for (double value : kept.n_censor) total += value;
  EXPECT_EQ(total, 100000.0);  // every censoring is drawn at some kept row
}

TEST(PlotRows, EmptyCurve) {
  const PlotRows kept = plot_rows({}, {}, {}, 1.0, 10);
  EXPECT_TRUE(kept.rows.empty());
}

}  // namespace
}  // namespace nelm
