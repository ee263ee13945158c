// The G-rho family of k-sample tests (log-rank, Peto-Peto) with optional strata, matching R
// survival's survdiff (survdiff.R, survdiff2.c).
#pragma once

#include <cstddef>
#include <vector>

#include "common/core_error.h"
#include "common/survival_data.h"
#include "numerics/linear_algebra.h"

namespace nelm {

struct LogRankOptions {
  double rho = 0.0;  // Fleming-Harrington rho >= 0: 0 = log-rank, 1 = Peto-Peto
};

struct LogRankResult {
  std::vector<double> n;         // subjects per group
  std::vector<double> observed;  // sum over event times of w * d_g, summed over strata
  std::vector<double> expected;  // sum over event times of w * d * n_g / n, summed over strata
  Matrix variance;               // k x k, summed over strata
  double chi_square = 0.0;
  int df = 0;      // groups with expected > 0, minus 1 (the rank if V is singular)
  double p = 1.0;  // upper chi-square tail
  double rho = 0.0;
  std::size_t strata_count = 1;
  Warnings warnings;  // "no_comparison", "singular_variance"
};

// group[i] in 0..group_count-1 (R's sorted level order); strata empty or strata[i] any index.
// Right-censored data only: entry times and case weights are refused (CoreError "unsupported"),
// as survdiff has neither. Refusals: "single_group" (group_count < 2), "no_events",
// "invalid_rho", "invalid_group".
LogRankResult log_rank_test(const SurvivalData& data, const std::vector<std::size_t>& group,
                            std::size_t group_count, const std::vector<std::size_t>& strata,
                            const LogRankOptions& options = {});

}  // namespace nelm
