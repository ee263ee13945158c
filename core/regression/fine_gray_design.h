// Internal to the Fine-Gray fit: the subjects sorted once with finegray()'s censoring weights, and
// the passes over them (log partial likelihood, hazard terms, score residuals) that stand in for a
// weighted counting-process Cox fit on the expanded finegray data without building it.
//
// On the finegray data a subject with a competing event at T stays at risk after T with weight
// w G(t-) / G(T-), G the censoring survival finegray computes; every other subject is at risk on
// (0, T] with weight w. So at an event time t the risk-set sums are A(t) + G(t-) C(t): A over the
// subjects with time >= t, C over the competing subjects with time < t, weighted by w / G(T-).
#pragma once

#include <cstddef>
#include <vector>

#include "numerics/linear_algebra.h"
#include "regression/fine_gray.h"

namespace nelm {

enum class FineGrayKind { censored, event, competing };

struct FineGrayDesign {
  std::size_t n = 0, p = 0;
  bool efron = true;
  std::vector<double> time;  // ascending, near ties merged (timefix)
  std::vector<FineGrayKind> kind;
  std::vector<double> weight;
  std::vector<double> x;                 // n x p row-major, centred and scaled as coxfit6 does
  std::vector<double> mean, scale;       // x = (raw - mean) * scale
  std::vector<std::size_t> row_of;       // input row of each sorted subject
  std::vector<double> censoring_before;  // G(T-) of each sorted subject
  // Distinct times: subjects [group_begin[g], group_begin[g + 1]) share time group g.
  std::vector<std::size_t> group_begin;
  std::vector<double> group_censoring_before;  // G(t-) at each distinct time
  std::vector<std::size_t> group_cut;          // finegray's interval of each time: first cut >= t
  std::size_t cut_count = 0;                   // censoring times plus the largest time
  std::vector<bool> cut_kept;  // interval (cut k-1, cut k] holds an event of interest

  const double* row(std::size_t i) const { return x.data() + i * p; }
  std::size_t groups() const { return group_begin.size() - 1; }
};

// Sorts, merges near ties, computes finegray's censoring survival and centres the covariates.
// Validation (sizes, no events, constant covariates) happens in fine_gray_fit.
FineGrayDesign fine_gray_design(const FineGrayData& data, const FineGrayOptions& options);

struct FineGrayDerivatives {
  double loglik = 0;
  std::vector<double> score;
  Matrix information;
};

// The weighted partial likelihood, score and information at beta (design scale): one backward
// pass, O(n p^2).
FineGrayDerivatives fine_gray_partial_likelihood(const FineGrayDesign& design,
                                                 const std::vector<double>& beta);

// What every subject at risk at one event time owes (coxscore's terms), and the sums agsurv uses
// for the baseline hazard: one row per distinct time with an event of interest, ascending.
struct FineGrayEventTime {
  std::size_t group = 0;      // the time group
  double censoring = 1;       // G(t-)
  double risk_total = 0;      // sum of weight * exp(eta) at risk (R's nrisk), deaths included
  double at_risk_weight = 0;  // sum of finegray weights at risk (R's n.risk)
  double death_risk = 0;      // sum of w exp(eta) over the deaths (R's erisk)
  double death_weight = 0;    // weighted events (R's n.event)
  int deaths = 0;             // unweighted count (Efron's d)
  std::vector<double> risk_x, death_x;  // sums of w exp(eta) x over the risk set and the deaths
  // Score residual terms (coxscore2): summed over the Efron steps.
  double hazard = 0;                // dLambda
  double hazard_variance = 0;       // agsurv's varhaz: sum_k (w / d) / denominator_k^2
  std::vector<double> hazard_mean;  // dLambda * xbar
  double death_hazard = 0;          // sum_k dLambda_k (1 - k/d)
  std::vector<double> death_hazard_mean;
  std::vector<double> average_mean;  // mean over the steps of xbar_k
};

std::vector<FineGrayEventTime> fine_gray_event_times(const FineGrayDesign& design,
                                                     const std::vector<double>& beta);

// The baseline subdistribution hazard at beta (design scale), on uncentred covariates.
FineGrayBaseline fine_gray_baseline(const FineGrayDesign& design, const std::vector<double>& beta);

// Weighted score residuals (residuals(type = "score", weighted = TRUE) summed per subject, on the
// original covariate scale), n x p row-major in sorted order. With `cluster` = row, also the sum
// over every finegray row of its residual's outer product (p x p), which `row_outer` receives.
std::vector<double> fine_gray_score_residuals(const FineGrayDesign& design,
                                              const std::vector<double>& beta,
                                              Matrix* row_outer = nullptr);

}  // namespace nelm
