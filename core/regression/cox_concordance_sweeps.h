// Internal to harrell_concordance: the rows' merged time ranks, and the sweep in predictor order
// over a small tree indexed by time rank, used when the times have fewer distinct values than
// the predictor (registry data: a few thousand days against a million predictors).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/survival_data.h"
#include "numerics/sort_order.h"
#include "regression/cox_concordance.h"

namespace nelm::concordance {

// Pair weights as the sweeps add them up; tied_y still includes the tied_xy pairs.
struct PairTotals {
  double concordant = 0, discordant = 0, tied_x = 0, tied_y = 0, tied_xy = 0;
};

// The counts and the concordance from the totals (NaN, as R's NA, when no pair is comparable);
// std_err is left to the caller, which holds the rows' influence.
Concordance from_totals(const PairTotals& totals);

// Each row's time as a rank among the distinct merged times of its stratum, numbered across the
// strata (stratum s owns ranks [first_rank[s], first_rank[s + 1])), with one bit saying whether
// the row is censored: code = rank * 2 + censored, so that codes order the rows as the pairs do
// (an event at t is shorter than a censored time at t, which is shorter than any later time).
struct TimeRanks {
  std::vector<std::uint32_t> code;        // by row
  std::vector<std::uint32_t> first_rank;  // by stratum label, one more than the labels
  std::vector<double> events_at;          // event weight at each rank
  std::vector<double> censored_at;        // censored weight at each rank
  std::size_t ranks() const { return events_at.size(); }
};

// From the rows in ascending merged time, grouped by stratum (`by_time`, as R's order(strata,
// time) after aeqSurv): one pass, no sort.
TimeRanks time_ranks(const SurvivalData& data, const std::vector<std::size_t>& strata,
                     const SortedValues& by_time);

// The pair counts and the infinitesimal-jackknife SE, sweeping the rows of each stratum in
// ascending predictor order (`by_predictor`: the rows and their predictor, grouped by stratum).
// Right-censored data only (no entry times).
Concordance concordance_by_predictor(const SurvivalData& data, const TimeRanks& ranks,
                                     const SortedValues& by_predictor,
                                     const std::vector<std::size_t>& strata,
                                     const std::vector<std::size_t>& cluster);

}  // namespace nelm::concordance
