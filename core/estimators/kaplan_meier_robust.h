// Internal to the Kaplan-Meier estimator: the infinitesimal-jackknife standard errors that
// replace Greenwood's when robust = true (R's survfit(..., robust = TRUE), survfitkm.c).
#pragma once

#include <cstddef>
#include <vector>

#include "estimators/kaplan_meier.h"
#include "numerics/sort_order.h"

namespace nelm {

// exits: the rows in exit order with their (merged) exit times; entry: merged entry times or
// empty; cluster: one index per row, or empty for one cluster per row. Overwrites std_err (SE of
// S), std_err_log (std_err / S, as survfit_confint uses it), std_cumhaz and the limits.
void replace_with_robust_errors(const SurvivalData& data, const SortedValues& exits,
                                const std::vector<double>& entry,
                                const std::vector<std::size_t>& cluster,
                                const KaplanMeierOptions& options, KaplanMeierTable& table);

}  // namespace nelm
