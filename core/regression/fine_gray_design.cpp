// The Fine-Gray design: subjects sorted once, finegray()'s censoring survival G and its cut
// points (survival 3.5-3 R/finegray.R, src/finegray.c), and the backward sweep over the event
// times of interest that gives the weighted risk-set sums A(t) + G(t-) C(t) (fine_gray_design.h).
#include "regression/fine_gray_design.h"

#include <algorithm>
#include <cmath>

#include "numerics/sort_order.h"
#include "numerics/tied_times.h"
#include "regression/fine_gray_sweep.h"

namespace nelm {
namespace {

// finegray's G: the Kaplan-Meier of the censoring times, unweighted, where an event at the same
// time as a censoring happens first (finegray shifts event times by -0.2 before survfit): at a
// censoring time t the risk set is everyone with time > t plus those censored at t. crr's G keeps
// the events at t in the risk set (everyone with time >= t).
void add_censoring_survival(FineGrayDesign& design, FineGrayCensoring rule) {
  const std::size_t groups = design.groups();
  design.group_censoring_before.assign(groups, 1.0);
  design.censoring_before.assign(design.n, 1.0);
  std::vector<double> cut_time;
  double survival = 1.0;
  for (std::size_t g = 0; g < groups; ++g) {
    const std::size_t begin = design.group_begin[g], end = design.group_begin[g + 1];
    design.group_censoring_before[g] = survival;
    double censored = 0;
    for (std::size_t i = begin; i < end; ++i) {
      design.censoring_before[i] = survival;
      if (design.kind[i] == FineGrayKind::censored) censored += 1;
    }
    if (censored == 0) continue;
    double at_risk = static_cast<double>(design.n - end) + censored;
    if (rule == FineGrayCensoring::crr) at_risk = static_cast<double>(design.n - begin);
    survival *= 1.0 - censored / at_risk;
    cut_time.push_back(design.time[begin]);
  }
  // finegray's cut points: the censoring times, then the largest time (ct2 = c(ctime, maxtime)).
  cut_time.push_back(design.time.back());
  design.cut_count = cut_time.size();
  design.group_cut.assign(groups, 0);
  design.cut_kept.assign(design.cut_count, false);
  std::size_t cut = 0;
  for (std::size_t g = 0; g < groups; ++g) {
    const double t = design.time[design.group_begin[g]];
    while (cut_time[cut] < t) ++cut;
    design.group_cut[g] = cut;
    for (std::size_t i = design.group_begin[g]; i < design.group_begin[g + 1]; ++i) {
      if (design.kind[i] == FineGrayKind::event) design.cut_kept[cut] = true;
    }
  }
}

bool is_indicator(const std::vector<double>& column) {
  return std::all_of(column.begin(), column.end(),
                     [](double v) { return v == -1.0 || v == 0.0 || v == 1.0; });
}

// coxfit6's centring and scaling (weighted mean, 1 / mean absolute deviation), indicators left
// alone: it changes no estimate, only keeps exp() in range and the Cholesky tolerance R's.
void add_scaled_covariates(const FineGrayData& data, FineGrayDesign& design) {
  double weight_total = 0;
  for (double w : design.weight) weight_total += w;
  design.mean.assign(design.p, 0.0);
  design.scale.assign(design.p, 1.0);
  design.x.resize(design.n * design.p);
  std::vector<double> sorted(design.n);
  for (std::size_t j = 0; j < design.p; ++j) {
    const auto& column = data.covariates[j];
    for (std::size_t i = 0; i < design.n; ++i) sorted[i] = column[design.row_of[i]];
    if (!is_indicator(column)) {
      double mean = 0, deviation = 0;
      for (std::size_t i = 0; i < design.n; ++i) mean += design.weight[i] * sorted[i];
      mean /= weight_total;
      for (std::size_t i = 0; i < design.n; ++i) {
        deviation += design.weight[i] * std::fabs(sorted[i] - mean);
      }
      design.mean[j] = mean;
      design.scale[j] = deviation > 0 ? weight_total / deviation : 1.0;
    }
    for (std::size_t i = 0; i < design.n; ++i) {
      design.x[i * design.p + j] = (sorted[i] - design.mean[j]) * design.scale[j];
    }
  }
}

}  // namespace

void FineGraySums::add(const double* covariates, double subject_weight, double risk) {
  const double weighted_risk = subject_weight * risk;
  total += weighted_risk;
  weight += subject_weight;
  const std::size_t p = x.size();
  for (std::size_t a = 0; a < p; ++a) {
    const double term = weighted_risk * covariates[a];
    x[a] += term;
    if (xx.empty()) continue;
    for (std::size_t b = 0; b <= a; ++b) xx[a * p + b] += term * covariates[b];
  }
}

// Each Efron step's terms are linear in the step's sums A + f D (f = 1/d, 2/d, ..., 1), so the d
// steps reduce to five scalar sums and the p x p work is done once per time:
//   score       -= sum_f c (A_x + f D_x),                 c = (w_dead / d) / (A + f D)
//   information += sum_f c [(A_xx + f D_xx) - (A_x + f D_x)(A_x + f D_x)' / (A + f D)].
void add_tied_deaths(const FineGrayTieGroup& tie, bool efron, double& loglik,
                     std::vector<double>& score, Matrix& information) {
  const FineGraySums& others = tie.at_risk;
  const FineGrayDeathSums& dead = tie.dead;
  const std::size_t p = others.x.size();
  const double steps = (efron && dead.count > 1) ? dead.count : 1.0;
  const double weight_per_step = dead.weight / steps;
  double c_sum = 0, cf_sum = 0, c_per_total = 0, cf_per_total = 0, cff_per_total = 0;
  for (int step = 1; step <= static_cast<int>(steps); ++step) {
    const double f = step / steps;
    const double total = others.total + f * dead.total;
    loglik -= weight_per_step * std::log(total);
    const double c = weight_per_step / total;
    c_sum += c;
    cf_sum += c * f;
    c_per_total += c / total;
    cf_per_total += c * f / total;
    cff_per_total += c * f * f / total;
  }
  for (std::size_t i = 0; i < p; ++i) {
    const double a_i = others.x[i], d_i = dead.x[i];
    score[i] -= a_i * c_sum + d_i * cf_sum;
    for (std::size_t j = 0; j <= i; ++j) {
      const double a_j = others.x[j], d_j = dead.x[j];
      information(j, i) += others.xx[i * p + j] * c_sum + dead.xx[i * p + j] * cf_sum -
                           (a_i * a_j * c_per_total + (a_i * d_j + d_i * a_j) * cf_per_total +
                            d_i * d_j * cff_per_total);
    }
  }
}

FineGrayDesign fine_gray_design(const FineGrayData& data, const FineGrayOptions& options) {
  FineGrayDesign design;
  design.n = data.survival.size();
  design.p = data.covariate_names.size();
  design.efron = options.ties == TiesMethod::efron;
  SortedValues by_time = sort_ascending(data.survival.time);
  merge_nearly_tied_ascending_times(by_time.value);  // finegray's timefix (aeqSurv)
  design.row_of = std::move(by_time.order);
  design.time = std::move(by_time.value);
  design.kind.resize(design.n);
  design.weight.resize(design.n);
  for (std::size_t i = 0; i < design.n; ++i) {
    const std::size_t row = design.row_of[i];
    const int code = data.survival.event[row];
    design.kind[i] = code == 0               ? FineGrayKind::censored
                     : code == options.cause ? FineGrayKind::event
                                             : FineGrayKind::competing;
    design.weight[i] = data.survival.weight_of(row);
    if (i == 0 || design.time[i] != design.time[i - 1]) design.group_begin.push_back(i);
  }
  design.group_begin.push_back(design.n);
  add_censoring_survival(design, options.censoring);
  add_scaled_covariates(data, design);
  return design;
}

FineGrayDerivatives fine_gray_partial_likelihood(const FineGrayDesign& design,
                                                 const std::vector<double>& beta) {
  const std::size_t p = design.p;
  FineGrayDerivatives result{0.0, std::vector<double>(p, 0.0), Matrix(p)};
  sweep_event_times(design, beta, true, [&](const FineGrayTieGroup& tie) {
    result.loglik += tie.dead.weighted_eta;
    for (std::size_t i = 0; i < p; ++i) result.score[i] += tie.dead.weighted_x[i];
    add_tied_deaths(tie, design.efron, result.loglik, result.score, result.information);
  });
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < i; ++j) result.information(i, j) = result.information(j, i);
  }
  return result;
}

}  // namespace nelm
