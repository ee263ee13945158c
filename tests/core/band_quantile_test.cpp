// findq's scan (band_quantile) against R and against the transcription that sorts the levels as
// approx() does (band_quantile_by_sorting): on a non-monotone band with repeated levels and a
// missing value, and on many small random bands built to hit ties, repeats, NaN and the tolerance.
#include "estimators/band_quantile.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <vector>

namespace nelm {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

void expect_same(double actual, double expected, const char* what) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << what << ": expected NaN, got " << actual;
  } else {
    EXPECT_EQ(actual, expected) << what;
  }
}

// R: x <- 0:9; y <- c(0, .1, .3, .2, .3, NA, .5, .4, .5, .5)
//    for (p in c(0, .1, .2, .25, .3, .4, .45, .5, .6))
//      print(survival:::findq(x, y, p, sqrt(.Machine$double.eps)))
// p = 0.4 is the last distinct level (0.4 at x = 7): midpoint with the last time, (7 + 9) / 2.
TEST(BandQuantile, NonMonotoneBandWithRepeatsAndMissingMatchesR) {
  const std::vector<double> x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<double> y = {0, .1, .3, .2, .3, kNaN, .5, .4, .5, .5};
  const std::vector<double> p = {0, .1, .2, .25, .3, .4, .45, .5, .6};
  const std::vector<double> r = {0, 2, 2.5, 2, 4.5, 8, 6, kNaN, kNaN};
  for (std::size_t k = 0; k < p.size(); ++k) {
    expect_same(band_quantile(x, y, p[k]), r[k], "scan");
    expect_same(band_quantile_by_sorting(x, y, p[k]), r[k], "sorting");
  }
}

// More than 16 distinct tail values that all occurred earlier: the scan's fallback to sorting.
TEST(BandQuantile, LongRepeatedTailMatchesSorting) {
  std::vector<double> x, y;
  for (int round = 0; round < 2; ++round) {
    for (int level = 0; level < 20; ++level) {
      x.push_back(static_cast<double>(x.size()));
      y.push_back(level / 40.0);
    }
  }
  y[30] = kNaN;
  for (double p : {0.0, 0.1, 0.2, 0.25, 19 / 40.0, 0.5}) {
    expect_same(band_quantile(x, y, p), band_quantile_by_sorting(x, y, p), "repeated tail");
  }
}

// Random bands of a few levels (so levels repeat and revisit), with NaN, a start at 0 as doquant
// builds it, and probabilities at the levels, a rounding step either side and between them.
TEST(BandQuantile, RandomBandsMatchSorting) {
  std::mt19937 generator(20261202);
  const double step = 1.4901161193847656e-08;  // the tolerance
  for (int trial = 0; trial < 3000; ++trial) {
    const std::size_t n = 1 + generator() % 12;
    const auto levels = 1 + generator() % 5;
    std::vector<double> x = {0.0}, y = {0.0};
    for (std::size_t i = 0; i < n; ++i) {
      x.push_back(x.back() + 1.0 + static_cast<double>(generator() % 3));
      const auto pick = generator() % 10;
      y.push_back(pick == 0 ? kNaN : static_cast<double>(generator() % levels) / 4.0);
    }
    for (int level = 0; level <= 4; ++level) {
      for (double offset : {0.0, step, -step, step / 2, -step / 2, 0.125}) {
        const double p = level / 4.0 + offset;
        if (!(p >= 0.0 && p <= 1.0)) continue;
        ASSERT_NO_FATAL_FAILURE(
            expect_same(band_quantile(x, y, p), band_quantile_by_sorting(x, y, p), "random"));
      }
    }
  }
}

}  // namespace
}  // namespace nelm
