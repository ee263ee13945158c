// The Cox partial likelihood for counting-process data, R's Surv(start, stop, event): one
// backward pass over the exit times as in R survival's agfit4.c, where a row joins the risk set
// at its exit time and leaves it once the pass reaches its entry time; exact ties as agexact.c.
#include <cmath>

#include "regression/cox_exact_sums.h"
#include "regression/cox_likelihood.h"

namespace nelm {
namespace {

// The rows at risk, for the exact likelihood's recursion over the whole risk set. Removal swaps
// the last member into the gap, so both operations are O(1).
class RiskSetMembers {
 public:
  explicit RiskSetMembers(std::size_t n) : position_(n, kAbsent) {}
  void add(std::size_t row) {
    position_[row] = members_.size();
    members_.push_back(row);
  }
  void remove(std::size_t row) {
    const std::size_t at = position_[row];
    members_[at] = members_.back();
    position_[members_[at]] = at;
    members_.pop_back();
    position_[row] = kAbsent;
  }
  void clear() {
    for (std::size_t row : members_) position_[row] = kAbsent;
    members_.clear();
  }
  const std::vector<std::size_t>& rows() const { return members_; }

 private:
  static constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
  std::vector<std::size_t> members_;
  std::vector<std::size_t> position_;
};

// Per-iteration state of the pass.
struct CountingPass {
  const CoxDesign& design;
  TiesMethod ties;
  std::vector<double> eta, risk;  // x'beta and w exp(x'beta) per sorted row
  RiskSums at_risk, dead;
  RiskSetMembers members;
  std::size_t at_risk_count = 0;
  ExactTieSums exact;

  CountingPass(const CoxDesign& d, const std::vector<double>& beta, TiesMethod t,
               std::size_t max_deaths)
      : design(d),
        ties(t),
        eta(d.n, 0.0),
        risk(d.n, 0.0),
        at_risk(d.p),
        dead(d.p),
        members(t == TiesMethod::exact ? d.n : 0),
        exact(d.p, max_deaths) {
    for (std::size_t row = 0; row < d.n; ++row) {
      double value = 0;
      for (std::size_t j = 0; j < d.p; ++j) value += beta[j] * d.row(row)[j];
      eta[row] = value;
      risk[row] = std::exp(value) * d.weight[row];
    }
  }

  void clear() {
    at_risk.clear();
    at_risk_count = 0;
    if (ties == TiesMethod::exact) members.clear();
  }
  void enter(std::size_t row) {
    at_risk.add(design.row(row), risk[row]);
    ++at_risk_count;
    if (ties == TiesMethod::exact) members.add(row);
  }
  // Subtracting the same risk that was added; once nobody is at risk the sums are set to exactly
  // zero, so rounding does not accumulate across gaps (agfit4.c does the same).
  void leave(std::size_t row) {
    if (--at_risk_count == 0) {
      clear();
      return;
    }
    at_risk.add(design.row(row), -risk[row]);
    if (ties == TiesMethod::exact) members.remove(row);
  }
};

// The exact term for d > 1 tied deaths, from the recursion over everyone at risk (the deaths
// included, as they have already entered).
void add_exact_tied_deaths(CountingPass& pass, std::size_t deaths, CoxDerivatives& result) {
  const std::size_t p = pass.design.p;
  pass.exact.reset(deaths);
  for (std::size_t row : pass.members.rows()) pass.exact.add(pass.design.row(row), pass.eta[row]);
  result.loglik -= pass.exact.log_value(deaths);
  for (std::size_t j = 0; j < p; ++j) {
    const double mean_j = pass.exact.mean(deaths, j);
    result.score[j] -= mean_j;
    for (std::size_t l = 0; l <= j; ++l) {
      result.information(l, j) +=
          pass.exact.second_moment(deaths, j, l) - mean_j * pass.exact.mean(deaths, l);
    }
  }
}

std::size_t largest_tie(const CoxDesign& design) {
  std::size_t largest = 1;
  for (std::size_t end = design.n; end > 0;) {
    const std::size_t begin = design.tie_group_begin(end - 1);
    std::size_t deaths = 0;
    for (std::size_t row = begin; row < end; ++row) deaths += design.status[row] != 0 ? 1 : 0;
    largest = std::max(largest, deaths);
    end = begin;
  }
  return largest;
}

}  // namespace

CoxDerivatives cox_counting_partial_likelihood(const CoxDesign& design,
                                               const std::vector<double>& beta, TiesMethod ties) {
  const std::size_t p = design.p;
  CoxDerivatives result{0.0, std::vector<double>(p, 0.0), Matrix(p)};
  CountingPass pass(design, beta, ties, ties == TiesMethod::exact ? largest_tie(design) : 1);
  std::size_t leaving = design.n;  // rows by_entry[0, leaving) have not left yet
  for (std::size_t end = design.n; end > 0;) {
    const std::size_t last = end - 1, begin = design.tie_group_begin(last);
    const std::size_t stratum = design.stratum[last];
    const double time = design.time[last];
    if (last + 1 == design.n || stratum != design.stratum[last + 1]) pass.clear();
    // Rows whose interval starts at or after this time are not at risk here, nor earlier.
    while (leaving > 0 && design.stratum[design.by_entry[leaving - 1]] > stratum) --leaving;
    while (leaving > 0 && design.stratum[design.by_entry[leaving - 1]] == stratum &&
           design.entry[design.by_entry[leaving - 1]] >= time) {
      pass.leave(design.by_entry[--leaving]);
    }
    pass.dead.clear();
    std::size_t deaths = 0;
    double dead_weight = 0;
    for (std::size_t row = begin; row < end; ++row) {
      if (design.status[row] == 0) {
        pass.enter(row);
        continue;
      }
      ++deaths;
      dead_weight += design.weight[row];
      result.loglik += design.weight[row] * pass.eta[row];
      for (std::size_t j = 0; j < p; ++j)
        result.score[j] += design.weight[row] * design.row(row)[j];
      pass.dead.add(design.row(row), pass.risk[row]);
    }
    if (deaths > 1 && ties == TiesMethod::exact) {
      for (std::size_t row = begin; row < end; ++row) {
        if (design.status[row] != 0) pass.enter(row);
      }
      add_exact_tied_deaths(pass, deaths, result);
    } else if (deaths > 0) {
      // Efron or Breslow (exact with one death is Breslow): adds the deaths to the risk set.
      add_tied_deaths(pass.dead, static_cast<double>(deaths), dead_weight,
                      ties == TiesMethod::efron, pass.at_risk, result);
      for (std::size_t row = begin; row < end; ++row) {
        if (design.status[row] == 0) continue;
        ++pass.at_risk_count;
        if (ties == TiesMethod::exact) pass.members.add(row);
      }
    }
    end = begin;
  }
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < i; ++j) result.information(i, j) = result.information(j, i);
  }
  return result;
}

}  // namespace nelm
