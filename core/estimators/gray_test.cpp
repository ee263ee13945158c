// Gray's test, following Gray (1988), "A class of K-sample tests for comparing the cumulative
// incidence of a competing risk", Ann Stat 16:1141-1154: the score of section 2 and its variance
// estimator, as R's cmprsk 2.2-11 computes them (crstm.f), one stratum at a time.
//
// In each group k, at each time t with a failure: n_k at risk, S_k the all-cause Kaplan-Meier,
// F_k the cumulative incidence of the cause; h_k = n_k / S_k(t-) and R_k = h_k (1 - F_k(t-)).
// The pooled incidence grows by d / sum h. The score of group k adds
// (1 - F(t-))^rho (d_k - d R_k / sum R); the variance collects, per group, the contributions of
// the cause's failures and of the other failures through the weights a and their running sums c.
#include "estimators/gray_test.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/core_error.h"
#include "numerics/distributions.h"
#include "numerics/sort_order.h"
#include "numerics/tied_times.h"

namespace nelm {
namespace {

// Failures and departures of one distinct time, per group: one set per stratum, emptied per time
// (100,000 distinct times and 4 causes made 1.2 million sets of three vectors).
struct TimeCounts {
  explicit TimeCounts(std::size_t groups)
      : cause(groups, 0.0), other(groups, 0.0), leaving(groups, 0.0) {}
  void clear() {
    std::fill(cause.begin(), cause.end(), 0.0);
    std::fill(other.begin(), other.end(), 0.0);
    std::fill(leaving.begin(), leaving.end(), 0.0);
  }
  std::vector<double> cause, other, leaving;
};

// One stratum's score (first K - 1 groups) and variance.
class StratumTest {
 public:
  StratumTest(std::vector<double> at_risk, double rho)
      : groups_(at_risk.size()),
        rho_(rho),
        at_risk_(std::move(at_risk)),
        survival_(groups_, 1.0),
        incidence_(groups_, 0.0),
        survival_after_(groups_),
        incidence_after_(groups_),
        h_(groups_),
        a_(groups_),
        c_(groups_),
        v3_(groups_, 0.0),
        v2_(groups_ * groups_, 0.0),
        score_(groups_ - 1, 0.0),
        variance_(groups_ - 1) {}

  void add_time(const TimeCounts& counts);
  // The score and the variance with the last terms in the running sums c (Gray's eq. for the
  // limiting covariance, as crstm's final loop).
  void finish(std::vector<double>& score, Matrix& variance) const;

 private:
  void add_cause_variance(double pooled, double deaths, double total_h,
                          const std::vector<double>& survival_after);
  void add_other_variance(const TimeCounts& counts, double pooled,
                          const std::vector<double>& survival_after);
  void add_term(std::size_t k, double t4, double t3, bool cause_term);
  void step_sums(const TimeCounts& counts, double& total_h, double& total_r);
  bool add_other_failures_only(const TimeCounts& counts);

  std::size_t groups_;
  double rho_;
  std::vector<double> at_risk_, survival_, incidence_;  // n_k, S_k(t-), F_k(t-)
  // S_k(t), F_k(t) and h_k of the time being added: members, not made per time.
  std::vector<double> survival_after_, incidence_after_, h_;
  double pooled_before_ = 0;  // pooled incidence F(t-)
  Matrix a_, c_;
  std::vector<double> v3_, v2_;  // v2_ is (K - 1) x K, row-major with K columns
  std::vector<double> score_;
  Matrix variance_;  // (K - 1) x (K - 1), lower triangle
};

// S_k(t) (survival_after_), h_k, sum h and sum R of one time with failures.
void StratumTest::step_sums(const TimeCounts& counts, double& total_h, double& total_r) {
  std::copy(survival_.begin(), survival_.end(), survival_after_.begin());
  std::fill(h_.begin(), h_.end(), 0.0);
  total_h = 0, total_r = 0;
  for (std::size_t k = 0; k < groups_; ++k) {
    if (at_risk_[k] <= 0) continue;
    survival_after_[k] =
        survival_[k] * (at_risk_[k] - counts.cause[k] - counts.other[k]) / at_risk_[k];
    h_[k] = at_risk_[k] / survival_[k];
    total_h += h_[k];
    total_r += h_[k] * (1 - incidence_[k]);
  }
}

// A time with failures of other causes only (most times, with several causes). The general step
// would add d a / (...) = +-0 to c, +-0 to the score, 0 to F_k and to the pooled incidence, none
// of which changes a value (none of them is -0), so only S_k and the other failures' variance are
// updated: the same numbers to the bit. It returns false, and the general step runs, where a
// term would not be finite (a zero or non-finite sum, 1 - F(t-) = 0), since 0 * inf is NaN there.
bool StratumTest::add_other_failures_only(const TimeCounts& counts) {
  double total_h = 0, total_r = 0;
  step_sums(counts, total_h, total_r);
  const double weight = rho_ == 0.0 ? 1.0 : std::pow(1 - pooled_before_, rho_);
  const bool finite = std::isfinite(total_h) && total_h > 0 && std::isfinite(total_r) &&
                      total_r != 0 && std::isfinite(weight) && std::isfinite(pooled_before_) &&
                      1 - pooled_before_ != 0;
  if (!finite) return false;
  add_other_variance(counts, pooled_before_, survival_after_);
  survival_.swap(survival_after_);
  return true;
}

void StratumTest::add_time(const TimeCounts& counts) {
  double deaths = 0, others = 0;
  for (std::size_t k = 0; k < groups_; ++k) deaths += counts.cause[k], others += counts.other[k];
  if (deaths == 0 && others > 0 && add_other_failures_only(counts)) {
    for (std::size_t k = 0; k < groups_; ++k) at_risk_[k] -= counts.leaving[k];
    return;
  }
  if (deaths > 0 || others > 0) {
    double total_h = 0, total_r = 0;
    step_sums(counts, total_h, total_r);
    const std::vector<double>& h = h_;
    std::copy(incidence_.begin(), incidence_.end(), incidence_after_.begin());
    for (std::size_t k = 0; k < groups_; ++k) {
      if (at_risk_[k] > 0)
        incidence_after_[k] = incidence_[k] + survival_[k] * counts.cause[k] / at_risk_[k];
    }
    const double pooled = pooled_before_ + deaths / total_h;
    // pow(x, 0) is exactly 1 for every x: the default rho = 0 skips a libm call per time.
    const double weight = rho_ == 0.0 ? 1.0 : std::pow(1 - pooled_before_, rho_);
    for (std::size_t i = 0; i < groups_; ++i) {
      for (std::size_t j = 0; j < groups_; ++j) {
        a_(i, j) = (at_risk_[i] > 0 && at_risk_[j] > 0)
                       ? weight * h[i] * ((i == j ? 1.0 : 0.0) - h[j] / total_h)
                       : 0.0;
        c_(i, j) += a_(i, j) * deaths / (total_h * (1 - pooled_before_));
      }
    }
    for (std::size_t i = 0; i + 1 < groups_; ++i) {
      if (at_risk_[i] <= 0) continue;
      score_[i] += weight * (counts.cause[i] - deaths * h[i] * (1 - incidence_[i]) / total_r);
    }
    if (deaths > 0) add_cause_variance(pooled, deaths, total_h, survival_after_);
    if (others > 0) add_other_variance(counts, pooled, survival_after_);
    pooled_before_ = pooled;
    survival_.swap(survival_after_);
    incidence_.swap(incidence_after_);
  }
  for (std::size_t k = 0; k < groups_; ++k) at_risk_[k] -= counts.leaving[k];
}

// t1 = a(i,k) - t4 c(i,k) for a failure of the cause, -t4 c(i,k) for another failure.
void StratumTest::add_term(std::size_t k, double t4, double t3, bool cause_term) {
  v3_[k] += t4 * t4 * t3;
  auto t1_of = [&](std::size_t i) { return cause_term ? a_(i, k) - t4 * c_(i, k) : t4 * c_(i, k); };
  for (std::size_t i = 0; i + 1 < groups_; ++i) {
    const double t1 = t1_of(i);
    v2_[i * groups_ + k] += (cause_term ? 1.0 : -1.0) * t1 * t4 * t3;
    for (std::size_t j = 0; j <= i; ++j) variance_(i, j) += t1 * t1_of(j) * t3;
  }
}

// The cause's failures, with Gray's correction for tied failures (t5).
void StratumTest::add_cause_variance(double pooled, double deaths, double total_h,
                                     const std::vector<double>& survival_after) {
  for (std::size_t k = 0; k < groups_; ++k) {
    if (at_risk_[k] <= 0) continue;
    const double t4 = survival_after[k] > 0 ? 1 - (1 - pooled) / survival_after[k] : 1.0;
    const double t5 = deaths > 1 ? 1 - (deaths - 1) / (total_h * survival_[k] - 1) : 1.0;
    const double t3 = t5 * survival_[k] * deaths / (total_h * at_risk_[k]);
    add_term(k, t4, t3, true);
  }
}

void StratumTest::add_other_variance(const TimeCounts& counts, double pooled,
                                     const std::vector<double>& survival_after) {
  for (std::size_t k = 0; k < groups_; ++k) {
    const double d = counts.other[k];
    if (survival_after[k] <= 0 || d <= 0) continue;
    const double t4 = (1 - pooled) / survival_after[k];
    const double t5 = d > 1 ? 1 - (d - 1) / (at_risk_[k] - 1) : 1.0;
    const double t3 = t5 * survival_[k] * survival_[k] * d / (at_risk_[k] * at_risk_[k]);
    add_term(k, t4, t3, false);
  }
}

void StratumTest::finish(std::vector<double>& score, Matrix& variance) const {
  for (std::size_t i = 0; i + 1 < groups_; ++i) {
    score[i] += score_[i];
    for (std::size_t j = 0; j <= i; ++j) {
      double term = variance_(i, j);
      for (std::size_t k = 0; k < groups_; ++k) {
        term += c_(i, k) * c_(j, k) * v3_[k] + c_(i, k) * v2_[j * groups_ + k] +
                c_(j, k) * v2_[i * groups_ + k];
      }
      variance(i, j) += term;
      variance(j, i) = variance(i, j);
    }
  }
}

void check(const SurvivalData& data, const std::vector<std::size_t>& group, std::size_t group_count,
           const std::vector<std::size_t>& strata) {
  const std::size_t n = data.size();
  if (group_count < 2 || group.size() != n || (!strata.empty() && strata.size() != n) ||
      data.event.size() != n) {
    throw CoreError("invalid_input", "Gray's test needs two or more groups and one label per row");
  }
  if (data.has_weight() || data.has_entry()) {
    throw CoreError("invalid_input", "Gray's test takes neither case weights nor entry times");
  }
  for (std::size_t g : group) {
    if (g >= group_count) throw CoreError("invalid_input", "a group index is out of range");
  }
}

// One stratum's rows in time order, their times, groups and event codes gathered once, so that
// every cause walks them in sequence rather than through the row order.
struct StratumRows {
  std::vector<double> time;
  std::vector<std::size_t> group;
  std::vector<int> code;
};

GrayTest test_one_cause(int cause, std::size_t group_count,
                        const std::vector<StratumRows>& strata_rows, double rho) {
  GrayTest test;
  test.cause = cause;
  test.df = static_cast<int>(group_count) - 1;
  test.score.assign(group_count - 1, 0.0);
  test.variance = Matrix(group_count - 1);
  bool occurs = false;
  for (const StratumRows& rows : strata_rows) {  // rows sorted by time
    const std::vector<double>& time = rows.time;
    std::vector<double> at_risk(group_count, 0.0);
    for (std::size_t g : rows.group) at_risk[g] += 1;
    StratumTest stratum(std::move(at_risk), rho);
    TimeCounts counts(group_count);
    for (std::size_t begin = 0; begin < time.size();) {
      counts.clear();
      std::size_t end = begin;
      for (; end < time.size() && time[end] == time[begin]; ++end) {
        const std::size_t g = rows.group[end];
        const int code = rows.code[end];
        if (code == cause)
          counts.cause[g] += 1, occurs = true;
        else if (code != 0)
          counts.other[g] += 1;
        counts.leaving[g] += 1;
      }
      stratum.add_time(counts);
      begin = end;
    }
    stratum.finish(test.score, test.variance);
  }
  const double nan = std::nan("");
  const CholeskyFactor factor(test.variance, 1e-10);
  if (!occurs || factor.rank() < test.df || !factor.is_non_negative_definite()) {
    test.singular = occurs;
    test.statistic = test.p = nan;
    return test;
  }
  const std::vector<double> solved = factor.solve(test.score);
  test.statistic = 0;
  for (std::size_t i = 0; i < test.score.size(); ++i) test.statistic += test.score[i] * solved[i];
  test.p = chi_square_upper_tail(test.statistic, test.df);
  return test;
}

}  // namespace

std::vector<GrayTest> gray_test(const SurvivalData& data, const std::vector<std::size_t>& group,
                                std::size_t group_count, const std::vector<std::size_t>& strata,
                                const GrayTestOptions& options) {
  check(data, group, group_count, strata);
  int cause_count = options.cause_count;
  for (int code : data.event) {
    if (code < 0 || (options.cause_count > 0 && code > options.cause_count)) {
      throw CoreError("invalid_event_code", "event codes must be 0 (censored) or a cause 1..K");
    }
    cause_count = std::max(cause_count, code);
  }
  // Nearly tied times merged as the curves do (survfit's timefix; cuminc compares exactly), as
  // merge_nearly_tied_times does, keeping its sort: without merged times, the order of the raw
  // times is the order (one radix sort instead of two); otherwise the merged times are sorted.
  std::vector<double> time = data.time;
  SortedValues sorted = sort_ascending(time);
  if (merge_nearly_tied_ascending_times(sorted.value)) {
    for (std::size_t i = 0; i < sorted.order.size(); ++i) time[sorted.order[i]] = sorted.value[i];
    sorted.order = ascending_order(time);
  }
  std::size_t strata_count = 1;
  for (std::size_t s : strata) strata_count = std::max(strata_count, s + 1);
  std::vector<StratumRows> strata_rows(strata_count);
  if (strata.empty()) {
    StratumRows& rows = strata_rows[0];
    rows.time.reserve(time.size()), rows.group.reserve(time.size()), rows.code.reserve(time.size());
  }
  for (std::size_t row : sorted.order) {
    StratumRows& rows = strata_rows[strata.empty() ? 0 : strata[row]];
    rows.time.push_back(time[row]);
    rows.group.push_back(group[row]);
    rows.code.push_back(data.event[row]);
  }
  std::vector<GrayTest> tests;
  for (int cause = 1; cause <= cause_count; ++cause) {
    tests.push_back(test_one_cause(cause, group_count, strata_rows, options.rho));
  }
  return tests;
}

}  // namespace nelm
