// Pooling a Cox baseline so that a shared model file lists no event time, on a hand-made curve:
// intervals on the grid with at least min_events, exact_at times kept, the remainder joined or
// carried, the tail cut, the hazard spread linearly inside an interval; and the statistics an
// export needs (equal-count bins of a number).
#include "prediction/pooled_baseline.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/core_error.h"
#include "prediction/cox_model_export.h"

namespace nelm {
namespace {

// Events (1, 1, 1, 3, 1) at 0.5, 1.5, 2.5, 3.5, 4.5 years; H and SE(H) made up, increasing.
CoxPredictedCurve hand_curve() {
  CoxPredictedCurve curve;
  curve.time = {0.5, 1.5, 2.5, 3.5, 4.5, 6.2};
  curve.n_event = {1, 1, 1, 3, 1, 0};
  curve.cumhaz = {0.1, 0.2, 0.3, 0.6, 0.7, 0.7};
  curve.std_err_log = {0.05, 0.07, 0.08, 0.12, 0.13, 0.13};
  return curve;
}

BaselinePooling yearly(std::vector<double> exact_at) {
  BaselinePooling pooling;
  pooling.grid_per_year = 1;
  pooling.min_events = 2;
  pooling.exact_at = std::move(exact_at);
  pooling.spread_per_year = 0;
  return pooling;
}

TEST(PooledBaseline, JoinsTheRemainderToTheStepBeforeAnExactTimeAndCutsTheTail) {
  // Yearly intervals hold 1, 1, 1, 3, 1, 0 events. (0, 2] reaches 2; the 1 event of (2, 3] joins
  // it because 3 is kept exactly: a step at 3 with 3 events. (3, 4] holds 3. The 1 event after 4
  // cannot make a step: max_time is 4 and that event is not shown.
  const PooledBaseline pooled = pooled_baseline(hand_curve(), 6.2, yearly({3}));
  EXPECT_EQ(pooled.pool_end, (std::vector<double>{3, 4}));
  EXPECT_EQ(pooled.pool_events, (std::vector<double>{3, 3}));
  EXPECT_EQ(pooled.time, (std::vector<double>{3, 4}));
  EXPECT_EQ(pooled.cumulative_hazard, (std::vector<double>{0.3, 0.6}));  // the unpooled H there
  EXPECT_DOUBLE_EQ(pooled.cloglog_std_err[0], 0.08 / 0.3);
  EXPECT_EQ(pooled.max_time, 4.0);
  EXPECT_EQ(pooled.events_not_shown, 1.0);
  EXPECT_EQ(pooled.event_times, 4.0);
  // Largest change: at 2.5 the unpooled S0 is exp(-0.3), the pooled one still 1.
  EXPECT_DOUBLE_EQ(pooled.largest_survival_change, 1.0 - std::exp(-0.3));
  EXPECT_EQ(pooled.largest_change_at, 2.5);
}

TEST(PooledBaseline, AnExactTimeWithTooFewEventsBeforeItIsNotKept) {
  // (0, 1] holds 1 event: no step can end at 1, so the interval carries on to 2.
  const PooledBaseline pooled = pooled_baseline(hand_curve(), 6.2, yearly({1}));
  EXPECT_EQ(pooled.pool_end, (std::vector<double>{2, 4}));
  EXPECT_EQ(pooled.pool_events, (std::vector<double>{2, 4}));
}

TEST(PooledBaseline, NoEventsAfterTheLastStepKeepsTheFollowUp) {
  CoxPredictedCurve curve = hand_curve();
  curve.n_event[4] = 0;  // nothing after 4: the flat tail is exact up to the last follow-up
  curve.cumhaz[4] = curve.cumhaz[5] = 0.6;
  const PooledBaseline pooled = pooled_baseline(curve, 5.5, yearly({3}));
  EXPECT_EQ(pooled.max_time, 5.0);  // 5.5 on the yearly grid
  EXPECT_EQ(pooled.events_not_shown, 0.0);
}

TEST(PooledBaseline, SpreadsTheHazardLinearlyInsideAnInterval) {
  BaselinePooling pooling = yearly({3});
  pooling.spread_per_year = 2;  // a step every half year inside each interval
  const PooledBaseline pooled = pooled_baseline(hand_curve(), 6.2, pooling);
  EXPECT_EQ(pooled.time, (std::vector<double>{0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4}));
  EXPECT_DOUBLE_EQ(pooled.cumulative_hazard[0], 0.3 / 6);  // H(3) x 0.5 / 3
  EXPECT_DOUBLE_EQ(pooled.cumulative_hazard[3], 0.3 * 2 / 3);
  EXPECT_DOUBLE_EQ(pooled.cumulative_hazard[5], 0.3);        // exact at the interval's end
  EXPECT_DOUBLE_EQ(pooled.cumulative_hazard[6], 0.45);       // halfway from 0.3 to 0.6
  EXPECT_DOUBLE_EQ(pooled.cloglog_std_err[6], 0.10 / 0.45);  // SE(H) halfway: 0.10
  EXPECT_EQ(pooled.pool_end, (std::vector<double>{3, 4}));
}

TEST(PooledBaseline, AnExactTimeWithNoEventsSinceTheLastStepIsWhereSpreadingStarts) {
  // Events 1, 1, 0, 3 in the first four years: an interval ends at 2; nothing happens in (2, 3],
  // so H0(3) = H0(2) is exact and the next interval's hazard is spread over (3, 4] only.
  CoxPredictedCurve curve = hand_curve();
  curve.time = {0.5, 1.5, 3.5, 6.2};
  curve.n_event = {1, 1, 3, 0};
  curve.cumhaz = {0.1, 0.2, 0.5, 0.5};
  curve.std_err_log = {0.05, 0.07, 0.11, 0.11};
  BaselinePooling pooling = yearly({3});
  pooling.spread_per_year = 2;
  const PooledBaseline pooled = pooled_baseline(curve, 6.2, pooling);
  EXPECT_EQ(pooled.pool_end, (std::vector<double>{2, 4}));
  EXPECT_EQ(pooled.pool_events, (std::vector<double>{2, 3}));
  EXPECT_EQ(pooled.time, (std::vector<double>{0.5, 1, 1.5, 2, 3.5, 4}));
  EXPECT_DOUBLE_EQ(pooled.cumulative_hazard[4], 0.35);  // halfway from H0(3) = 0.2 to 0.5
  EXPECT_EQ(pooled.max_time, 6.0);
}

TEST(PooledBaseline, RefusesWhenNoStepCanBeWritten) {
  BaselinePooling pooling = yearly({});
  pooling.min_events = 20;
  try {
    pooled_baseline(hand_curve(), 6.2, pooling);
    FAIL() << "expected a refusal";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "model_not_exportable");
  }
  pooling.grid_per_year = 0;
  EXPECT_THROW(pooled_baseline(hand_curve(), 6.2, pooling), CoreError);
}

TEST(NumericSummary, EqualCountBinsWithEnoughRowsEach) {
  // 12 values, at most 5 bins of at least 5 rows: 2 bins of 6.
  const NumericCovariateSummary summary =
      summarise_numeric({12, 1, 11, 2, 10, 3, 9, 4, 8, 5, 7, 6}, 5, 5);
  EXPECT_EQ(summary.minimum, 1.0);
  EXPECT_EQ(summary.maximum, 12.0);
  EXPECT_DOUBLE_EQ(summary.mean, 6.5);
  EXPECT_EQ(summary.bin_mean, (std::vector<double>{3.5, 9.5}));
  EXPECT_EQ(summary.bin_proportion, (std::vector<double>{0.5, 0.5}));
  // Fewer rows than one bin needs: one bin, the mean.
  EXPECT_EQ(summarise_numeric({1, 2, 3}, 5, 5).bin_mean, (std::vector<double>{2}));
}

}  // namespace
}  // namespace nelm
