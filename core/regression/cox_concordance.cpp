// Harrell's concordance with its infinitesimal-jackknife SE, following the sweep of R survival's
// concordance3 and, for counting-process data, concordance4 (survival/src/concordance3.c), and
// the variance of concordancefit (R/concordance.R), clustered as coxph passes cluster.
#include "regression/cox_concordance.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "common/core_error.h"
#include "numerics/sort_order.h"
#include "numerics/tied_times.h"
#include "regression/cox_concordance_sweeps.h"

namespace nelm {
namespace {

// Weights held per predictor rank, answering "how much weight lies below, at, above rank r";
// R uses a balanced binary tree for the same queries. With a million distinct predictors a tree
// over every rank is far larger than the cache and each query missed it several times, so the
// ranks are cut into blocks of one cache line: a Fenwick tree over the blocks' sums (small
// enough to stay in cache) plus a scan of the ranks before r inside its block.
//
// add() and split() are kept out of line on purpose: V8 runs a WebAssembly function's first call
// in its baseline tier and optimises it only for later calls (there is no on-stack replacement),
// so the sweep, called once per stratum, runs unoptimised on the page's first request. Functions
// called a million times are optimised a few thousand calls in, within that same request.
class RankWeights {
 public:
  explicit RankWeights(std::size_t ranks) : at_(ranks, 0.0), block_tree_(ranks / kBlock + 2, 0.0) {}

  __attribute__((noinline)) void add(std::size_t rank, double weight) {
    at_[rank] += weight;
    total_ += weight;
    for (std::size_t i = rank / kBlock + 1; i < block_tree_.size(); i += i & (~i + 1)) {
      block_tree_[i] += weight;
    }
  }

  struct Split {
    double higher = 0, lower = 0, tied = 0;
  };

  __attribute__((noinline)) Split split(std::size_t rank) const {
    const std::size_t block = rank / kBlock;
    double below = 0.0;
    for (std::size_t i = block; i > 0; i -= i & (~i + 1)) below += block_tree_[i];
    for (std::size_t r = block * kBlock; r < rank; ++r) below += at_[r];
    return {total_ - below - at_[rank], below, at_[rank]};
  }

  // Once no more weight is added: the weight below each rank from one cumulative pass, for
  // split() on every row without the tree (the same sums up to rounding).
  std::vector<double> weight_below() const {
    std::vector<double> below(at_.size() + 1, 0.0);
    for (std::size_t r = 0; r < at_.size(); ++r) below[r + 1] = below[r] + at_[r];
    return below;
  }
  double at(std::size_t rank) const { return at_[rank]; }
  double total() const { return total_; }

 private:
  static constexpr std::size_t kBlock = 8;  // eight doubles: one 64-byte cache line
  std::vector<double> at_;                  // weight at each rank
  std::vector<double> block_tree_;          // Fenwick tree (1-based) of the blocks' weights
  double total_ = 0.0;
};

using concordance::PairTotals;

// Each observation's influence on the concordant, discordant and tied_x counts, indexed by sweep
// position.
struct Influence {
  std::vector<double> concordant, discordant, tied;
  explicit Influence(std::size_t n) : concordant(n, 0.0), discordant(n, 0.0), tied(n, 0.0) {}
  // A row entering (sign -1) or the final pass (sign +1) against the events' tree: the events
  // counted between the two are exactly those at earlier times, i.e. its comparable partners.
  void against_events(std::size_t index, const RankWeights::Split& events, double sign) {
    concordant[index] += sign * events.higher;
    discordant[index] += sign * events.lower;
    tied[index] += sign * events.tied;
  }
};

// One row in sweep order, copied out of the columns so that the sweep reads memory in sequence
// (an index sort with lookups into five columns cost half the Cox op's time at a million rows).
// rank is the row's predictor rank within its stratum: equal predictors share a rank.
struct SweepRow {
  std::size_t stratum;
  double time;
  int event;
  std::size_t rank;
  double weight;
};

// The sweep's rows and the input row at each sweep position (kept only when needed).
struct Sweep {
  std::vector<SweepRow> rows;
  std::vector<std::size_t> order;
};

// Strata in turn; within one, time descending, censored before events at a tied time, then by
// predictor ascending, then by row (so the order is reproducible). Built by stable sorts from the
// least significant key to the most.
// `by_predictor` is the rows in ascending predictor order.
Sweep sweep_order(const SurvivalData& data, const std::vector<double>& time,
                  const std::vector<double>& linear_predictor,
                  std::vector<std::size_t> by_predictor, const std::vector<std::size_t>& strata,
                  bool keep_order) {
  const std::size_t n = data.size();
  // Predictor ranks within each stratum, from one sort by predictor regrouped by stratum.
  if (!strata.empty()) by_predictor = grouped_order(strata, by_predictor);
  std::vector<std::size_t> rank_of(n);
  std::size_t rank = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t row = by_predictor[k], previous = k > 0 ? by_predictor[k - 1] : row;
    if (k > 0 && !strata.empty() && strata[row] != strata[previous]) {
      rank = 0;
    } else if (k > 0 && linear_predictor[row] != linear_predictor[previous]) {
      ++rank;
    }
    rank_of[row] = rank;
  }
  std::vector<double> event(n);
  for (std::size_t i = 0; i < n; ++i) event[i] = data.event[i] != 0 ? 1.0 : 0.0;
  std::vector<std::size_t> order = stable_sort_by(by_predictor, event, false);
  order = stable_sort_by(order, time, true);
  if (!strata.empty()) order = grouped_order(strata, order);

  std::vector<SweepRow> rows(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    rows[k] = {strata.empty() ? 0 : strata[i], time[i], data.event[i] != 0 ? 1 : 0, rank_of[i],
               data.weight_of(i)};
  }
  if (!keep_order) order = {};  // 8 bytes a row, needed only for entry times and clusters
  return {std::move(rows), std::move(order)};
}

// Counting-process data: when each sweep position leaves the risk set. entry[k] is the entry
// time at sweep position k; within each stratum's block of positions, leave[k] lists them by
// descending entry time (R's concordance4 sort.start).
struct Leaving {
  std::vector<double> entry;
  std::vector<std::size_t> order;
  std::vector<char> left;  // set once a position has left
};

Leaving leaving_order(const Sweep& sweep, const std::vector<double>& entry) {
  const std::size_t n = sweep.order.size();
  Leaving leaving{std::vector<double>(n), std::vector<std::size_t>(n), std::vector<char>(n, 0)};
  std::vector<std::size_t> stratum(n);
  for (std::size_t k = 0; k < n; ++k) {
    leaving.entry[k] = entry[sweep.order[k]];
    stratum[k] = sweep.rows[k].stratum;
  }
  std::iota(leaving.order.begin(), leaving.order.end(), std::size_t{0});
  leaving.order = grouped_order(stratum, stable_sort_by(leaving.order, leaving.entry, true));
  return leaving;
}

// One stratum, rows [begin, end) in sweep order. Walking backwards in time, the at-risk tree holds
// everyone with a longer time (or censored at this time); each event is compared with them.
// Influence is indexed by sweep position.
// With counting-process data (leaving != nullptr) the rows whose interval starts at or after an
// event time leave the at-risk tree before that time is compared (concordance4), and their
// influence is closed then instead of at the end.
void sweep_stratum(const std::vector<SweepRow>& rows, std::size_t begin, std::size_t end,
                   PairTotals& totals, Influence& influence, Leaving* leaving) {
  std::size_t rank_count = 0;
  for (std::size_t k = begin; k < end; ++k) rank_count = std::max(rank_count, rows[k].rank + 1);
  auto rank = [&](std::size_t k) { return rows[k].rank; };
  RankWeights at_risk(rank_count), events(rank_count);
  std::size_t next_to_leave = begin;
  auto leave_before = [&](double time) {
    while (next_to_leave < end && leaving->entry[leaving->order[next_to_leave]] >= time) {
      const std::size_t k = leaving->order[next_to_leave++];
      influence.against_events(k, events.split(rank(k)), 1.0);
      at_risk.add(rank(k), -rows[k].weight);
      leaving->left[k] = 1;
    }
  };
  std::size_t i = begin;
  while (i < end) {
    if (rows[i].event == 0) {
      influence.against_events(i, events.split(rank(i)), -1.0);
      at_risk.add(rank(i), rows[i].weight);
      ++i;
      continue;
    }
    std::size_t tie_end = i;
    while (tie_end < end && rows[tie_end].time == rows[i].time) ++tie_end;
    if (leaving != nullptr) leave_before(rows[i].time);
    // Pass 1: the tied events against the longer survivors, and pairs tied on time among them.
    double tied_time_weight = 0.0, tied_both_weight = 0.0;
    for (std::size_t j = i; j < tie_end; ++j) {
      const double w = rows[j].weight;
      totals.tied_y += w * tied_time_weight;
      tied_time_weight += w;
      if (j > i && rank(j) != rank(j - 1)) tied_both_weight = 0.0;
      totals.tied_xy += w * tied_both_weight;
      tied_both_weight += w;
      const RankWeights::Split others = at_risk.split(rank(j));
      totals.concordant += w * others.lower;
      totals.discordant += w * others.higher;
      totals.tied_x += w * others.tied;
      influence.concordant[j] += others.lower;
      influence.discordant[j] += others.higher;
      influence.tied[j] += others.tied;
      events.add(rank(j), w);
    }
    // Pass 2: only now do the tied events join the risk set, so they never pair with each other.
    for (std::size_t j = i; j < tie_end; ++j) {
      influence.against_events(j, events.split(rank(j)), -1.0);
      at_risk.add(rank(j), rows[j].weight);
    }
    i = tie_end;
  }
  const std::vector<double> events_below = events.weight_below();
  for (std::size_t k = begin; k < end; ++k) {
    if (leaving != nullptr && leaving->left[k]) continue;
    const double below = events_below[rank(k)], at = events.at(rank(k));
    influence.against_events(k, {events.total() - below - at, below, at}, 1.0);
  }
}

void check_input(const SurvivalData& data, const std::vector<double>& linear_predictor,
                 const std::vector<std::size_t>& strata, const std::vector<std::size_t>& cluster) {
  const std::size_t n = data.size();
  if (data.event.size() != n || linear_predictor.size() != n ||
      (!strata.empty() && strata.size() != n) || (data.has_weight() && data.weight.size() != n) ||
      (data.has_entry() && data.entry.size() != n) || (!cluster.empty() && cluster.size() != n)) {
    throw CoreError("invalid_input",
                    "time, entry, event, weights, strata, clusters and predictor sizes differ");
  }
}

// Somers' d's variance from each row's jackknife influence (concordancefit), the rows' terms
// summed within their cluster first when clusters are given.
double somers_d_variance(const Sweep& sweep, const Influence& influence, double somers_d,
                         double pairs, const std::vector<std::size_t>& cluster) {
  const std::size_t n = sweep.rows.size();
  std::vector<double> cluster_sums;
  if (!cluster.empty()) {
    cluster_sums.assign(*std::max_element(cluster.begin(), cluster.end()) + 1, 0.0);
  }
  double variance_d = 0.0;
  for (std::size_t k = 0; k < n; ++k) {  // in sweep order, which is where the influence is held
    const double row_pairs = influence.concordant[k] + influence.discordant[k] + influence.tied[k];
    const double dfbeta =
        sweep.rows[k].weight *
        ((influence.concordant[k] - influence.discordant[k]) - somers_d * row_pairs) / pairs;
    if (cluster.empty()) {
      variance_d += dfbeta * dfbeta;
    } else {
      cluster_sums[cluster[sweep.order[k]]] += dfbeta;
    }
  }
  for (double sum : cluster_sums) variance_d += sum * sum;
  return variance_d;
}

// The sweep backwards in time over a tree of predictor ranks (concordance3, concordance4), for
// counting-process data and for predictors with fewer distinct values than the times. `time`
// and `entry` are merged (aeqSurv); `by_predictor` orders the rows by ascending predictor.
Concordance sweep_in_time_order(const SurvivalData& data, const std::vector<double>& time,
                                const std::vector<double>& entry,
                                const std::vector<double>& linear_predictor,
                                std::vector<std::size_t> by_predictor,
                                const std::vector<std::size_t>& strata,
                                const std::vector<std::size_t>& cluster) {
  const std::size_t n = data.size();
  const Sweep sweep = sweep_order(data, time, linear_predictor, std::move(by_predictor), strata,
                                  data.has_entry() || !cluster.empty());
  const std::vector<SweepRow>& rows = sweep.rows;
  Leaving leaving;
  if (data.has_entry()) leaving = leaving_order(sweep, entry);
  PairTotals totals;
  Influence influence(n);  // by sweep position
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin;
    while (end < n && rows[end].stratum == rows[begin].stratum) ++end;
    sweep_stratum(rows, begin, end, totals, influence, data.has_entry() ? &leaving : nullptr);
    begin = end;
  }
  Concordance result = concordance::from_totals(totals);
  if (std::isnan(result.concordance)) return result;
  // Somers' d = 2C - 1; each row's jackknife influence on d, summed in squares (concordancefit).
  const double pairs = totals.concordant + totals.discordant + totals.tied_x;
  const double somers_d = (totals.concordant - totals.discordant) / pairs;
  const double variance_d = somers_d_variance(sweep, influence, somers_d, pairs, cluster);
  result.std_err = std::sqrt(variance_d / 4.0);
  return result;
}

// sort_ascending(predictor), on a key of 23 bits instead of 64: 1 + (x - min) / (max - min) / 2
// rounded to float lies in [1, 1.5], one binade, and never decreases as x grows (each step rounds
// monotonically), so the radix sort needs only its narrow passes; rows whose keys tie (the
// sort keeps them in row order) are then put in order by their full value if they are not
// already. Falls back to the 64-bit sort for non-finite values, or when many rows of different
// values share a key (values bunched against an outlier).
SortedValues predictor_order(const std::vector<double>& predictor) {
  constexpr std::size_t kLongestUnsortedRun = 64;
  const std::size_t n = predictor.size();
  if (n < 2) return sort_ascending(predictor);
  const auto [low, high] = std::minmax_element(predictor.begin(), predictor.end());
  const double range = *high - *low;
  if (!std::isfinite(range) || !(range > 0.0)) return sort_ascending(predictor);
  std::vector<double> key(n);
  for (std::size_t i = 0; i < n; ++i) {
    key[i] = static_cast<float>(1.0 + 0.5 * ((predictor[i] - *low) / range));
  }
  SortedValues sorted = sort_ascending(key);
  key = {};
  auto by_value = [&](std::size_t a, std::size_t b) {
    return predictor[a] != predictor[b] ? predictor[a] < predictor[b] : a < b;
  };
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && sorted.value[end] == sorted.value[begin]) ++end;
    const auto first = sorted.order.begin() + static_cast<std::ptrdiff_t>(begin);
    const auto last = sorted.order.begin() + static_cast<std::ptrdiff_t>(end);
    if (end - begin > 1 && !std::is_sorted(first, last, by_value)) {
      if (end - begin > kLongestUnsortedRun) return sort_ascending(predictor);
      std::sort(first, last, by_value);
    }
    begin = end;
  }
  for (std::size_t k = 0; k < n; ++k) sorted.value[k] = predictor[sorted.order[k]] + 0.0;
  return sorted;
}

// Distinct predictor values within the strata of a predictor order grouped by stratum.
std::size_t distinct_values(const SortedValues& sorted) {
  std::size_t distinct = sorted.value.empty() ? 0 : 1;
  for (std::size_t k = 1; k < sorted.value.size(); ++k) {
    distinct += sorted.value[k] != sorted.value[k - 1] ? 1 : 0;
  }
  return distinct;
}

}  // namespace

// Both sweeps cost a tree query per row, into a tree over the distinct values of the dimension
// not swept: the predictor-order sweep is taken when the times have no more distinct values
// than the predictor (a few thousand days against a million predictors: its tree stays in the
// cache), the time-order sweep otherwise (a categorical predictor) and for counting-process data.
Concordance harrell_concordance(const SurvivalData& data,
                                const std::vector<double>& linear_predictor,
                                const std::vector<std::size_t>& strata,
                                const std::vector<std::size_t>& cluster) {
  check_input(data, linear_predictor, strata, cluster);
  if (data.has_entry()) {
    std::vector<double> time = data.time, entry = data.entry;
    merge_nearly_tied_times(time, &entry);
    return sweep_in_time_order(data, time, entry, linear_predictor,
                               ascending_order(linear_predictor), strata, cluster);
  }
  // One sort by time (merged as aeqSurv does) and one by predictor serve either sweep.
  SortedValues by_time = sort_ascending(data.time);
  merge_nearly_tied_ascending_times(by_time.value);
  if (!strata.empty()) by_time = grouped(strata, by_time);
  SortedValues by_predictor = predictor_order(linear_predictor);
  if (!strata.empty()) by_predictor = grouped(strata, by_predictor);
  const concordance::TimeRanks ranks = concordance::time_ranks(data, strata, by_time);
  if (ranks.ranks() <= distinct_values(by_predictor)) {
    return concordance::concordance_by_predictor(data, ranks, by_predictor, strata, cluster);
  }
  std::vector<double> time(data.size());
  for (std::size_t i = 0; i < by_time.order.size(); ++i) time[by_time.order[i]] = by_time.value[i];
  return sweep_in_time_order(data, time, {}, linear_predictor, std::move(by_predictor.order),
                             strata, cluster);
}

}  // namespace nelm
