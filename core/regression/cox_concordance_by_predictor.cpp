// Harrell's concordance counted in ascending predictor order over a Fenwick tree indexed by time
// rank: the same pairs, influence and variance as the time-order sweep (R's concordance3, see
// cox_concordance.cpp), with a tree of a few thousand entries that stays in the first-level
// cache instead of one over a million predictor ranks that misses it on every query.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "common/core_error.h"
#include "regression/cox_concordance_sweeps.h"

namespace nelm::concordance {
namespace {

struct RankSums {
  double all = 0, events = 0;
};

// The weight already swept (rows with a lower predictor) at time ranks 0..rank, all rows and
// events. One stratum's ranks, numbered from 0.
class TimeRankTree {
 public:
  explicit TimeRankTree(std::size_t ranks) : tree_(ranks + 1) {}
  RankSums up_to(std::size_t rank) const {
    RankSums sum;
    for (std::size_t i = rank + 1; i > 0; i -= i & (~i + 1)) {
      sum.all += tree_[i].all;
      sum.events += tree_[i].events;
    }
    return sum;
  }
  void add(std::size_t rank, double weight, double event_weight) {
    for (std::size_t i = rank + 1; i < tree_.size(); i += i & (~i + 1)) {
      tree_[i].all += weight;
      tree_[i].events += event_weight;
    }
  }

 private:
  std::vector<RankSums> tree_;  // 1-based
};

// What is fixed for one stratum before its sweep, by rank r (from 0): the weight of the rows an
// event at r is compared with (a longer time, or censored at r), and of the events a row at r is
// compared with (events before r; through r for a censored row).
struct StratumTotals {
  std::vector<double> longer_than_event, events_before, events_through;
};

StratumTotals stratum_totals(const TimeRanks& ranks, std::size_t first, std::size_t count) {
  StratumTotals totals{std::vector<double>(count), std::vector<double>(count),
                       std::vector<double>(count)};
  double later = 0.0;
  for (std::size_t r = count; r-- > 0;) {
    totals.longer_than_event[r] = later + ranks.censored_at[first + r];
    later += ranks.censored_at[first + r] + ranks.events_at[first + r];
  }
  double before = 0.0;
  for (std::size_t r = 0; r < count; ++r) {
    totals.events_before[r] = before;
    before += ranks.events_at[first + r];
    totals.events_through[r] = before;
  }
  return totals;
}

// One stratum's sweep: the tree and the weight at each rank of the rows with a lower predictor.
struct StratumSweep {
  std::uint32_t first_rank;
  StratumTotals fixed;
  TimeRankTree tree;
  std::vector<double> events_at, censored_at;  // rows with a lower predictor, by rank
  double lower_total = 0.0;
};

// Each row's influence by sweep position: concordant - discordant and all comparable partners
// (concordant + discordant + tied), the two terms concordancefit's dfbeta needs.
struct Influence {
  std::unique_ptr<double[]> difference, pairs;  // written once per position, never zero-filled
};

// One row against the rows swept so far (lower predictor): `tied_shorter` and `tied_longer` are
// its partners with the same predictor (0 for a predictor nobody else has).
struct RowTerms {
  std::uint32_t code;
  double weight, tied_shorter = 0, tied_longer = 0;
};

// count_row and add_row are out of line on purpose, each called from two places (which keeps
// the link's optimiser from inlining them): V8 runs a WebAssembly function's first call in its
// baseline tier with no switch mid-loop, so the per-row work is optimised within the page's first
// request only if it is a function of its own, called a million times.
__attribute__((noinline)) void count_row(const StratumSweep& sweep, const RowTerms& row,
                                         std::size_t position, PairTotals& totals,
                                         Influence& influence) {
  const std::size_t rank = (row.code >> 1) - sweep.first_rank;
  const RankSums below = sweep.tree.up_to(rank);
  double concordant = 0.0, discordant = 0.0;
  if ((row.code & 1) == 0) {  // an event: the shorter time of its pairs with later rows
    const double lower = sweep.lower_total - below.all + sweep.censored_at[rank];
    const double higher = sweep.fixed.longer_than_event[rank] - lower - row.tied_shorter;
    const double longer_discordant = below.events - sweep.events_at[rank];
    totals.concordant += row.weight * lower;
    totals.discordant += row.weight * higher;
    totals.tied_x += row.weight * row.tied_shorter;
    totals.tied_y += row.weight * sweep.events_at[rank];
    concordant = lower + (sweep.fixed.events_before[rank] - longer_discordant - row.tied_longer);
    discordant = higher + longer_discordant;
  } else {
    concordant = sweep.fixed.events_through[rank] - below.events - row.tied_longer;
    discordant = below.events;
  }
  influence.difference[position] = concordant - discordant;
  influence.pairs[position] = concordant + discordant + row.tied_shorter + row.tied_longer;
}

__attribute__((noinline)) void add_row(StratumSweep& sweep, std::uint32_t code, double weight) {
  const std::size_t rank = (code >> 1) - sweep.first_rank;
  const bool censored = (code & 1) != 0;
  sweep.tree.add(rank, weight, censored ? 0.0 : weight);
  (censored ? sweep.censored_at : sweep.events_at)[rank] += weight;
  sweep.lower_total += weight;
}

struct Member {
  std::uint32_t code;
  std::size_t position;
  double weight;
};

// Rows sharing one predictor value: against each other they are tied on the predictor. Ordered
// by code, a member's tied partners are the members of higher code (it is an event) and the
// events of lower code; pairs of events at one rank are tied on both.
void sweep_group(StratumSweep& sweep, std::vector<Member>& members, PairTotals& totals,
                 Influence& influence) {
  std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
    return a.code != b.code ? a.code < b.code : a.position < b.position;
  });
  double group_weight = 0.0;
  for (const Member& m : members) group_weight += m.weight;
  double weight_before = 0.0, events_before = 0.0;
  for (std::size_t begin = 0; begin < members.size();) {
    std::size_t end = begin;
    double run_weight = 0.0;
    for (; end < members.size() && members[end].code == members[begin].code; ++end) {
      run_weight += members[end].weight;
    }
    const bool event = (members[begin].code & 1) == 0;
    double run_events = 0.0;
    for (std::size_t i = begin; i < end; ++i) {
      const Member& m = members[i];
      RowTerms row{m.code, m.weight, event ? group_weight - weight_before - run_weight : 0.0,
                   events_before};
      if (event) {
        totals.tied_xy += m.weight * run_events;
        totals.tied_y += m.weight * run_events;
        run_events += m.weight;
      }
      count_row(sweep, row, m.position, totals, influence);
    }
    weight_before += run_weight;
    if (event) events_before += run_weight;
    begin = end;
  }
  for (const Member& m : members) add_row(sweep, m.code, m.weight);
}

// Somers' d's variance from each row's influence (concordancefit), summed within clusters first
// when they are given.
double somers_d_variance(const Influence& influence, const std::vector<std::size_t>& order,
                         const SurvivalData& data, double somers_d, double pairs,
                         const std::vector<std::size_t>& cluster) {
  std::vector<double> cluster_sums;
  if (!cluster.empty()) {
    cluster_sums.assign(*std::max_element(cluster.begin(), cluster.end()) + 1, 0.0);
  }
  double variance_d = 0.0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t row = order[k];
    const double dfbeta =
        data.weight_of(row) * (influence.difference[k] - somers_d * influence.pairs[k]) / pairs;
    if (cluster.empty()) {
      variance_d += dfbeta * dfbeta;
    } else {
      cluster_sums[cluster[row]] += dfbeta;
    }
  }
  for (double sum : cluster_sums) variance_d += sum * sum;
  return variance_d;
}

// The positions of each stratum's rows in `by_predictor` (grouped by ascending stratum label).
std::vector<std::size_t> stratum_starts(const std::vector<std::size_t>& strata, std::size_t labels,
                                        std::size_t n) {
  std::vector<std::size_t> start(labels + 1, 0);
  if (strata.empty()) {
    start[1] = n;
    return start;
  }
  for (std::size_t s : strata) ++start[s + 1];
  for (std::size_t s = 0; s < labels; ++s) start[s + 1] += start[s];
  return start;
}

void sweep_stratum(const TimeRanks& ranks, const SortedValues& by_predictor,
                   const SurvivalData& data, std::size_t stratum, std::size_t begin,
                   std::size_t end, PairTotals& totals, Influence& influence) {
  const std::uint32_t first = ranks.first_rank[stratum];
  const std::size_t count = ranks.first_rank[stratum + 1] - first;
  StratumSweep sweep{first, stratum_totals(ranks, first, count), TimeRankTree(count),
                     std::vector<double>(count, 0.0), std::vector<double>(count, 0.0)};
  std::vector<Member> members;
  for (std::size_t k = begin; k < end;) {
    const double value = by_predictor.value[k];
    if (k + 1 == end || by_predictor.value[k + 1] != value) {
      const std::size_t row = by_predictor.order[k];
      const double weight = data.weight_of(row);
      count_row(sweep, {ranks.code[row], weight}, k, totals, influence);
      add_row(sweep, ranks.code[row], weight);
      ++k;
      continue;
    }
    members.clear();
    for (; k < end && by_predictor.value[k] == value; ++k) {
      const std::size_t row = by_predictor.order[k];
      members.push_back({ranks.code[row], k, data.weight_of(row)});
    }
    sweep_group(sweep, members, totals, influence);
  }
}

}  // namespace

Concordance from_totals(const PairTotals& totals) {
  Concordance result;
  result.concordant = totals.concordant;
  result.discordant = totals.discordant;
  result.tied_x = totals.tied_x;
  result.tied_xy = totals.tied_xy;
  result.tied_y = totals.tied_y - totals.tied_xy;  // tied_y counted the tied_xy pairs as well
  const double pairs = totals.concordant + totals.discordant + totals.tied_x;
  if (pairs <= 0.0) {
    result.concordance = result.std_err = std::numeric_limits<double>::quiet_NaN();
    return result;
  }
  result.concordance = ((totals.concordant - totals.discordant) / pairs + 1.0) / 2.0;
  return result;
}

TimeRanks time_ranks(const SurvivalData& data, const std::vector<std::size_t>& strata,
                     const SortedValues& by_time) {
  const std::size_t n = by_time.order.size();
  if (n >= (std::size_t{1} << 31)) throw CoreError("invalid_input", "too many rows for ranks");
  const std::size_t labels =
      strata.empty() ? 1 : *std::max_element(strata.begin(), strata.end()) + 1;
  TimeRanks ranks;
  ranks.code.resize(n);
  std::vector<std::uint32_t> ranks_in(labels + 1, 0);
  std::size_t previous_stratum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t row = by_time.order[i];
    const std::size_t stratum = strata.empty() ? 0 : strata[row];
    if (i == 0 || by_time.value[i] != by_time.value[i - 1] || stratum != previous_stratum) {
      ranks.events_at.push_back(0.0);
      ranks.censored_at.push_back(0.0);
      ++ranks_in[stratum + 1];
    }
    previous_stratum = stratum;
    const auto rank = static_cast<std::uint32_t>(ranks.events_at.size() - 1);
    const bool censored = data.event[row] == 0;
    ranks.code[row] = rank * 2 + (censored ? 1 : 0);
    (censored ? ranks.censored_at : ranks.events_at)[rank] += data.weight_of(row);
  }
  for (std::size_t s = 0; s < labels; ++s) ranks_in[s + 1] += ranks_in[s];
  ranks.first_rank = std::move(ranks_in);
  return ranks;
}

Concordance concordance_by_predictor(const SurvivalData& data, const TimeRanks& ranks,
                                     const SortedValues& by_predictor,
                                     const std::vector<std::size_t>& strata,
                                     const std::vector<std::size_t>& cluster) {
  const std::size_t n = by_predictor.order.size();
  const std::size_t labels = ranks.first_rank.size() - 1;
  const std::vector<std::size_t> start = stratum_starts(strata, labels, n);
  Influence influence{std::unique_ptr<double[]>(new double[n]),
                      std::unique_ptr<double[]>(new double[n])};
  PairTotals totals;
  for (std::size_t s = 0; s < labels; ++s) {
    if (start[s] == start[s + 1]) continue;
    sweep_stratum(ranks, by_predictor, data, s, start[s], start[s + 1], totals, influence);
  }
  Concordance result = from_totals(totals);
  if (std::isnan(result.concordance)) return result;
  const double pairs = totals.concordant + totals.discordant + totals.tied_x;
  const double somers_d = (totals.concordant - totals.discordant) / pairs;
  result.std_err = std::sqrt(
      somers_d_variance(influence, by_predictor.order, data, somers_d, pairs, cluster) / 4.0);
  return result;
}

}  // namespace nelm::concordance
