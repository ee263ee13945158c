// Harrell's concordance with its infinitesimal-jackknife SE, following the sweep of R survival's
// concordance3 (survival/src/concordance3.c) and the variance of concordancefit (R/concordance.R).
#include "cox_concordance.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core_error.h"
#include "tied_times.h"

namespace nelm {
namespace {

// Weights held per predictor rank, answering "how much weight lies below, at, above rank r" in
// O(log n) with a Fenwick tree; R uses a balanced binary tree for the same queries.
class RankWeights {
 public:
  explicit RankWeights(std::size_t ranks) : tree_(ranks + 1, 0.0), at_(ranks, 0.0) {}

  void add(std::size_t rank, double weight) {
    at_[rank] += weight;
    total_ += weight;
    for (std::size_t i = rank + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += weight;
  }

  struct Split {
    double higher = 0, lower = 0, tied = 0;
  };

  Split split(std::size_t rank) const {
    double below = 0.0;
    for (std::size_t i = rank; i > 0; i -= i & (~i + 1)) below += tree_[i];
    return {total_ - below - at_[rank], below, at_[rank]};
  }

 private:
  std::vector<double> tree_;
  std::vector<double> at_;
  double total_ = 0.0;
};

struct PairTotals {
  double concordant = 0, discordant = 0, tied_x = 0, tied_y = 0, tied_xy = 0;
};

// Per-row influence of each observation on the concordant, discordant and tied_x counts.
struct Influence {
  std::vector<double> concordant, discordant, tied;
  explicit Influence(std::size_t n) : concordant(n, 0.0), discordant(n, 0.0), tied(n, 0.0) {}
  // A row entering (sign -1) or the final pass (sign +1) against the events' tree: the events
  // counted between the two are exactly those at earlier times, i.e. its comparable partners.
  void against_events(std::size_t row, const RankWeights::Split& events, double sign) {
    concordant[row] += sign * events.higher;
    discordant[row] += sign * events.lower;
    tied[row] += sign * events.tied;
  }
};

struct SweepInput {
  const std::vector<double>& time;
  const std::vector<int>& event;
  const SurvivalData& data;
  const std::vector<double>& linear_predictor;
};

// Ranks of the predictor among the rows of one stratum: equal values share a rank.
std::vector<std::size_t> predictor_ranks(const std::vector<std::size_t>& rows,
                                         const std::vector<double>& linear_predictor,
                                         std::size_t& rank_count) {
  std::vector<double> values;
  values.reserve(rows.size());
  for (std::size_t row : rows) values.push_back(linear_predictor[row]);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  rank_count = values.size();
  std::vector<std::size_t> ranks;
  ranks.reserve(rows.size());
  for (std::size_t row : rows) {
    auto at = std::lower_bound(values.begin(), values.end(), linear_predictor[row]);
    ranks.push_back(static_cast<std::size_t>(at - values.begin()));
  }
  return ranks;
}

// One stratum, rows sorted by time descending, censored before events at a tied time, then by
// predictor ascending. Walking backwards in time, the at-risk tree holds everyone with a longer
// time (or censored at this time); each event is compared with them.
void sweep_stratum(const std::vector<std::size_t>& rows, const SweepInput& in, PairTotals& totals,
                   Influence& influence) {
  std::size_t rank_count = 0;
  const std::vector<std::size_t> rank = predictor_ranks(rows, in.linear_predictor, rank_count);
  RankWeights at_risk(rank_count), events(rank_count);
  std::size_t i = 0;
  while (i < rows.size()) {
    const std::size_t row = rows[i];
    if (in.event[row] == 0) {
      influence.against_events(row, events.split(rank[i]), -1.0);
      at_risk.add(rank[i], in.data.weight_of(row));
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < rows.size() && in.time[rows[end]] == in.time[row]) ++end;
    // Pass 1: the tied events against the longer survivors, and pairs tied on time among them.
    double tied_time_weight = 0.0, tied_both_weight = 0.0;
    for (std::size_t j = i; j < end; ++j) {
      const double w = in.data.weight_of(rows[j]);
      totals.tied_y += w * tied_time_weight;
      tied_time_weight += w;
      if (j > i && rank[j] != rank[j - 1]) tied_both_weight = 0.0;
      totals.tied_xy += w * tied_both_weight;
      tied_both_weight += w;
      const RankWeights::Split others = at_risk.split(rank[j]);
      totals.concordant += w * others.lower;
      totals.discordant += w * others.higher;
      totals.tied_x += w * others.tied;
      influence.concordant[rows[j]] += others.lower;
      influence.discordant[rows[j]] += others.higher;
      influence.tied[rows[j]] += others.tied;
      events.add(rank[j], w);
    }
    // Pass 2: only now do the tied events join the risk set, so they never pair with each other.
    for (std::size_t j = i; j < end; ++j) {
      influence.against_events(rows[j], events.split(rank[j]), -1.0);
      at_risk.add(rank[j], in.data.weight_of(rows[j]));
    }
    i = end;
  }
  for (std::size_t k = 0; k < rows.size(); ++k) {
    influence.against_events(rows[k], events.split(rank[k]), 1.0);
  }
}

void check_input(const SurvivalData& data, const std::vector<double>& linear_predictor,
                 const std::vector<std::size_t>& strata) {
  const std::size_t n = data.size();
  if (data.has_entry()) {
    throw CoreError("unsupported", "concordance with delayed entry is not supported");
  }
  if (data.event.size() != n || linear_predictor.size() != n ||
      (!strata.empty() && strata.size() != n) || (data.has_weight() && data.weight.size() != n)) {
    throw CoreError("invalid_input", "time, event, weights, strata and predictor sizes differ");
  }
}

}  // namespace

Concordance harrell_concordance(const SurvivalData& data,
                                const std::vector<double>& linear_predictor,
                                const std::vector<std::size_t>& strata) {
  check_input(data, linear_predictor, strata);
  const std::size_t n = data.size();
  std::vector<double> time = data.time;
  merge_nearly_tied_times(time);
  auto stratum_of = [&](std::size_t row) { return strata.empty() ? 0 : strata[row]; };
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (stratum_of(a) != stratum_of(b)) return stratum_of(a) < stratum_of(b);
    if (time[a] != time[b]) return time[a] > time[b];
    const bool event_a = data.event[a] != 0, event_b = data.event[b] != 0;
    if (event_a != event_b) return !event_a;
    return linear_predictor[a] < linear_predictor[b];
  });
  std::vector<int> event(n);
  for (std::size_t i = 0; i < n; ++i) event[i] = data.event[i] != 0 ? 1 : 0;

  PairTotals totals;
  Influence influence(n);
  const SweepInput input{time, event, data, linear_predictor};
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin;
    while (end < n && stratum_of(order[end]) == stratum_of(order[begin])) ++end;
    const std::vector<std::size_t> rows(order.begin() + static_cast<std::ptrdiff_t>(begin),
                                        order.begin() + static_cast<std::ptrdiff_t>(end));
    sweep_stratum(rows, input, totals, influence);
    begin = end;
  }

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
  // Somers' d = 2C - 1; each row's jackknife influence on d, summed in squares (concordancefit).
  const double somers_d = (totals.concordant - totals.discordant) / pairs;
  double variance_d = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double row_pairs = influence.concordant[i] + influence.discordant[i] + influence.tied[i];
    const double dfbeta =
        data.weight_of(i) *
        ((influence.concordant[i] - influence.discordant[i]) - somers_d * row_pairs) / pairs;
    variance_d += dfbeta * dfbeta;
  }
  result.concordance = (somers_d + 1.0) / 2.0;
  result.std_err = std::sqrt(variance_d / 4.0);
  return result;
}

}  // namespace nelm
