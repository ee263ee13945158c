// Gray's K-sample test for equality of the cumulative incidence of one cause across groups
// (Gray 1988, Ann Stat 16:1141), optionally stratified, as R's cmprsk::cuminc(ftime, fstatus,
// group, strata, rho)$Tests. Formulas: docs/validation/competing_risks.md.
#pragma once

#include <cstddef>
#include <vector>

#include "common/survival_data.h"
#include "numerics/linear_algebra.h"

namespace nelm {

struct GrayTestOptions {
  double rho = 0;       // the weight (1 - F(t-))^rho; cuminc's default 0
  int cause_count = 0;  // causes 1..K to test; 0 = the largest code present
};

// One cause. score and variance are over the first K - 1 groups (summed over strata), as crstm.
// statistic = score' variance^-1 score on df = groups - 1; NaN (with singular = true) when the
// variance is singular, where cuminc prints -1; NaN likewise when the cause never occurs.
struct GrayTest {
  int cause = 0;
  double statistic = 0;
  int df = 0;
  double p = 1;
  bool singular = false;
  std::vector<double> score;
  Matrix variance;
};

// data.event: 0 = censored, k = cause k; weights are refused (cuminc has none). group: index
// 0..group_count-1 per row; strata: empty, or an index per row. Needs group_count >= 2.
// Refusals (CoreError): "invalid_input" (sizes, fewer than two groups, weights, entry times),
// "invalid_event_code".
std::vector<GrayTest> gray_test(const SurvivalData& data, const std::vector<std::size_t>& group,
                                std::size_t group_count, const std::vector<std::size_t>& strata,
                                const GrayTestOptions& options = {});

}  // namespace nelm
