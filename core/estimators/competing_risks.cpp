// Aalen-Johansen cumulative incidence with the infinitesimal-jackknife (IJ) variance, following R
// survival's survfitCI.R / survfitci.c specialised to competing risks: everyone starts event-free
// (state 0) and each cause k is an absorbing state k.
//
// survfitci.c keeps one influence row U_i per subject and updates all of them at every event time
// (O(n * times)). Without delayed entry every subject still at risk has received the same updates,
// so they share one row U_risk; a departed subject's row only evolves by U <- U H. We therefore
// keep U_risk, the summed squared weight of the risk set, and Q = sum over departed subjects of
// w_i^2 U_i' U_i (updated by Q <- H' Q H). Var p_k(t) = Q_kk + (sum of w^2 at risk) U_risk,k^2:
// the same sum as survfitci.c in O(n log n + times * K^3).
#include "estimators/competing_risks.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/core_error.h"
#include "numerics/confidence_interval.h"
#include "numerics/linear_algebra.h"
#include "numerics/sort_order.h"
#include "numerics/tied_times.h"

namespace nelm {
namespace {

int check_input(const SurvivalData& data, const CumulativeIncidenceOptions& options) {
  if (data.has_entry()) {
    throw CoreError("unsupported", "Cumulative incidence does not support delayed entry times.");
  }
  if (data.size() == 0) throw CoreError("no_observations", "There are no observations.");
  int cause_count = options.cause_count;
  if (cause_count == 0) {
    cause_count = std::max(1, *std::max_element(data.event.begin(), data.event.end()));
  }
  for (int code : data.event) {
    if (code < 0 || code > cause_count) {
      throw CoreError("invalid_event_code",
                      "Event codes must be 0 (censored) or a cause number 1.." +
                          std::to_string(cause_count) + ".");
    }
  }
  return cause_count;
}

// The running quantities of the estimator over states 0 (event-free) .. K (cause K).
struct EstimatorState {
  std::vector<double> probability;     // p(t): state occupation probabilities
  std::vector<double> risk_influence;  // U_risk: the IJ row shared by everyone still at risk
  Matrix departed;                     // Q = sum over departed rows of w^2 U' U
  double risk_weight = 0.0;            // sum of w at risk (R's ws[0]), from suffix sums
  double risk_square_weight = 0.0;     // sum of w^2 at risk
};

// What one event time needs besides the state, sized once for the K + 1 states and reused at every
// time: with 10^6 distinct times, vectors made per time were millions of allocations.
struct EventTimeScratch {
  explicit EventTimeScratch(std::size_t states)
      : event_count(states),
        event_weight(states),
        event_square_weight(states),
        hazard_row(states),
        moved(states) {}
  std::vector<double> event_count, event_weight, event_square_weight;  // per state, this time
  std::vector<double> hazard_row;                                      // row 0 of H
  std::vector<double> moved;                                           // an event row's IJ row
};

// Q += square_weight * u' u
void add_outer(Matrix& q, const std::vector<double>& u, double square_weight) {
  if (square_weight == 0.0) return;
  for (std::size_t a = 0; a < u.size(); ++a) {
    for (std::size_t b = 0; b < u.size(); ++b) q(a, b) += square_weight * u[a] * u[b];
  }
}

// (U H)_b = U_b + U_0 (H_0b - [b == 0]) for a row U, in place.
void times_h(std::vector<double>& u, const std::vector<double>& hazard_row) {
  const double u0 = u[0];
  for (std::size_t b = 0; b < u.size(); ++b) u[b] += u0 * (hazard_row[b] - (b == 0 ? 1.0 : 0.0));
}

// Q <- H' Q H in place: each row times H (a row depends only on itself), then each column (H' Q
// is Q's columns times H the same way).
void conjugate_by_h(Matrix& q, const std::vector<double>& hazard_row) {
  const std::size_t states = hazard_row.size();
  for (std::size_t a = 0; a < states; ++a) {
    const double u0 = q(a, 0);
    for (std::size_t b = 0; b < states; ++b) q(a, b) += u0 * (hazard_row[b] - (b == 0 ? 1.0 : 0.0));
  }
  for (std::size_t b = 0; b < states; ++b) {
    const double u0 = q(0, b);
    for (std::size_t a = 0; a < states; ++a) q(a, b) += u0 * (hazard_row[a] - (a == 0 ? 1.0 : 0.0));
  }
}

// One event time with weighted events per state (index 0 unused): the transition matrix H has
// row 0 = (1 - d/n, d_1/n, ..., d_K/n) and identity rows for the absorbing causes.
// event_square_weight[k] is the sum of w^2 over the rows with cause k at this time.
void apply_event_time(EstimatorState& state, EventTimeScratch& scratch) {
  const std::size_t states = state.probability.size();
  const double n = state.risk_weight;
  std::vector<double>& hazard_row = scratch.hazard_row;
  double total = 0.0;
  for (std::size_t k = 1; k < states; ++k) {
    hazard_row[k] = scratch.event_weight[k] / n;
    total += scratch.event_weight[k];
  }
  hazard_row[0] = 1.0 - total / n;
  conjugate_by_h(state.departed, hazard_row);
  // dH term (survfitci.c step 2): U_i -= H_0 p_0/n, then U_i[new state] += p_0/n.
  const double step = state.probability[0] / n;
  std::vector<double>& base = state.risk_influence;
  times_h(base, hazard_row);
  for (std::size_t b = 0; b < states; ++b) base[b] -= hazard_row[b] * step;
  for (std::size_t k = 1; k < states; ++k) {
    if (scratch.event_square_weight[k] == 0.0) continue;  // no row of cause k (add_outer adds 0)
    std::copy(base.begin(), base.end(), scratch.moved.begin());
    scratch.moved[k] += step;
    add_outer(state.departed, scratch.moved, scratch.event_square_weight[k]);
  }
  base[0] += step;
  // p <- p H
  const double p0 = state.probability[0];
  for (std::size_t k = 1; k < states; ++k) state.probability[k] += p0 * hazard_row[k];
  state.probability[0] = p0 * hazard_row[0];
}

// Standard errors of every state, and limits by survfit_confint (logse = FALSE: se / p).
// Without limits (options.limits false) only the estimates and SEs.
void record_row(const EstimatorState& state, const CumulativeIncidenceOptions& options, double z,
                CumulativeIncidence& out) {
  for (std::size_t k = 0; k < state.probability.size(); ++k) {
    const double p = state.probability[k];
    const double u = state.risk_influence[k];
    const double variance = state.departed(k, k) + state.risk_square_weight * u * u;
    const double se = std::sqrt(std::max(variance, 0.0));
    (k == 0 ? out.event_free : out.causes[k - 1].incidence).push_back(p);
    (k == 0 ? out.event_free_std_err : out.causes[k - 1].std_err).push_back(se);
    if (!options.limits) continue;
    const ConfidenceBounds bounds = incidence_bounds(p, se, z, options.transform);
    (k == 0 ? out.event_free_lower : out.causes[k - 1].lower).push_back(bounds.lower);
    (k == 0 ? out.event_free_upper : out.causes[k - 1].upper).push_back(bounds.upper);
  }
}

// Room for one row per distinct time in every column of the answer, so that a million times
// do not regrow (and copy) 27 vectors about twenty times each.
void reserve_rows(CumulativeIncidence& out, std::size_t rows, bool limits) {
  const std::size_t limit_rows = limits ? rows : 0;
  for (auto* column :
       {&out.time, &out.n_risk, &out.n_censor, &out.event_free, &out.event_free_std_err}) {
    column->reserve(rows);
  }
  out.event_free_lower.reserve(limit_rows);
  out.event_free_upper.reserve(limit_rows);
  for (CauseIncidence& cause : out.causes) {
    for (auto* column : {&cause.n_event, &cause.incidence, &cause.std_err}) column->reserve(rows);
    cause.lower.reserve(limit_rows);
    cause.upper.reserve(limit_rows);
  }
}

std::size_t count_distinct(const std::vector<double>& ascending) {
  std::size_t count = 0;
  for (std::size_t r = 0; r < ascending.size(); ++r)
    count += (r == 0 || ascending[r] != ascending[r - 1]);
  return count;
}

}  // namespace

ConfidenceBounds incidence_bounds(double probability, double std_err, double z,
                                  ConfidenceTransform transform) {
  return survival_confidence_interval(probability, std_err == 0.0 ? 0.0 : std_err / probability, z,
                                      transform);
}

CumulativeIncidence cumulative_incidence(const SurvivalData& data,
                                         const CumulativeIncidenceOptions& options) {
  const int cause_count = check_input(data, options);
  const double z = confidence_critical_value(options.conf_level);
  const std::size_t states = static_cast<std::size_t>(cause_count) + 1;
  // Rows in ascending time after survfit's timefix (nearly tied times merged, as aeqSurv), ties in
  // row order (a stable radix sort: the order a comparison sort by time gives). When no times
  // were merged, the order of the raw times is that order; otherwise the merged times are sorted
  // again, as merging first and sorting then would.
  std::vector<double> time = data.time;
  SortedValues sorted = sort_ascending(time);
  if (merge_nearly_tied_ascending_times(sorted.value)) {
    for (std::size_t i = 0; i < sorted.order.size(); ++i) time[sorted.order[i]] = sorted.value[i];
    sorted = sort_ascending(time);
  }
  const std::vector<std::size_t>& order = sorted.order;
  const std::vector<double>& sorted_time = sorted.value;

  EstimatorState state{std::vector<double>(states, 0.0), std::vector<double>(states, 0.0),
                       Matrix(states), 0.0, 0.0};
  state.probability[0] = 1.0;
  // Weights (and squared weights) at risk from each sorted position on, summed from the end: a
  // running subtraction cancels catastrophically when weights differ by many orders of magnitude
  // (1e100 then 1e-100 left 0 at risk with an event still to come: 0/0, found by fuzzing).
  std::vector<double> weight_from(order.size() + 1, 0.0), square_weight_from(order.size() + 1, 0.0);
  for (std::size_t r = order.size(); r-- > 0;) {
    const double w = data.weight_of(order[r]);
    weight_from[r] = weight_from[r + 1] + w;
    square_weight_from[r] = square_weight_from[r + 1] + w * w;
  }
  state.risk_weight = weight_from[0];
  state.risk_square_weight = square_weight_from[0];
  CumulativeIncidence out;
  for (int k = 1; k <= cause_count; ++k) {
    out.causes.push_back(CauseIncidence{k, {}, {}, {}, {}, {}});
  }
  reserve_rows(out, count_distinct(sorted_time), options.limits);
  EventTimeScratch scratch(states);

  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = begin;
    while (end < order.size() && sorted_time[end] == sorted_time[begin]) ++end;
    std::fill(scratch.event_count.begin(), scratch.event_count.end(), 0.0);
    std::fill(scratch.event_weight.begin(), scratch.event_weight.end(), 0.0);
    std::fill(scratch.event_square_weight.begin(), scratch.event_square_weight.end(), 0.0);
    double censored = 0.0, censored_square_weight = 0.0, total_event_weight = 0.0;
    for (std::size_t r = begin; r < end; ++r) {
      const std::size_t row = order[r];
      const double w = data.weight_of(row);
      const auto k = static_cast<std::size_t>(data.event[row]);
      if (k == 0) {
        censored += 1.0;
        censored_square_weight += w * w;
        continue;
      }
      scratch.event_count[k] += 1.0;
      scratch.event_weight[k] += w;
      scratch.event_square_weight[k] += w * w;
      total_event_weight += w;
    }
    out.time.push_back(time[order[begin]]);  // the time itself (the sort reads -0 as +0)
    out.n_risk.push_back(static_cast<double>(order.size() - begin));
    out.n_censor.push_back(censored);
    for (std::size_t k = 1; k < states; ++k)
      out.causes[k - 1].n_event.push_back(scratch.event_count[k]);
    if (total_event_weight > 0.0) apply_event_time(state, scratch);
    // Censored rows leave carrying the shared risk-set row; event rows were added to Q above
    // (a zero total event weight means every event row has w = 0 and adds nothing).
    add_outer(state.departed, state.risk_influence, censored_square_weight);
    state.risk_square_weight = square_weight_from[end];
    state.risk_weight = weight_from[end];
    record_row(state, options, z, out);
    begin = end;
  }
  return out;
}

}  // namespace nelm
