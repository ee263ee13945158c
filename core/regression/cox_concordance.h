// Harrell's concordance of a Cox model's linear predictor with the observed survival, with its
// infinitesimal-jackknife standard error, as R survival's fit$concordance (concordancefit with
// reverse = TRUE, timewt = "n").
#pragma once

#include <cstddef>
#include <vector>

#include "common/survival_data.h"

namespace nelm {

// Pair counts are weighted sums (case weight products); with unit weights they are integers.
// A pair is comparable when the shorter time is an event; pairs tied on time are not comparable
// (they are counted in tied_y, or tied_xy when the predictor ties too). A higher linear predictor
// predicts a shorter time.
struct Concordance {
  double concordance = 0;  // (concordant + tied_x / 2) / (concordant + discordant + tied_x)
  double std_err = 0;      // infinitesimal-jackknife standard error
  double concordant = 0;
  double discordant = 0;
  double tied_x = 0;   // comparable pairs tied on the predictor
  double tied_y = 0;   // pairs of events at the same time, predictor not tied
  double tied_xy = 0;  // pairs of events at the same time and the same predictor
};

// O(n log n): a Fenwick tree over the ranks of the predictor, swept backwards in time as in
// R's concordance3 (survival/src/concordance3.c). Pairs are formed only within a stratum
// (`strata` empty = one stratum). Nearly tied times are merged first, as coxph does (aeqSurv).
// Counting-process data (data.entry given) compare an event at t with the rows at risk at t,
// those with entry < t <= time, with each row's own predictor (R's concordance4), so a subject
// with time-varying covariates is compared through the row covering t.
// `cluster` (empty = none; else a label 0..K-1 per row) sums the rows' influence within each
// cluster before squaring, as concordancefit(cluster = ) that coxph uses with a robust variance.
// When no pair is comparable (no events), concordance and std_err are NaN (R gives NA).
// Refuses (CoreError) "invalid_input" for mismatched sizes.
Concordance harrell_concordance(const SurvivalData& data,
                                const std::vector<double>& linear_predictor,
                                const std::vector<std::size_t>& strata,
                                const std::vector<std::size_t>& cluster = {});

}  // namespace nelm
