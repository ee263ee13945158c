// Internal to the Cox predictions: the baseline hazard of a fit over a set of rows, with the
// increments the Tsiatis/Link variance needs, as R survival's agsurv (R/agsurv.R).
#pragma once

#include <cstddef>
#include <vector>

#include "regression/cox_model.h"

namespace nelm {

// One entry per distinct exit time of the rows, ascending. The covariates are centred at the
// rows' column means (`centre`): the baseline is that of a subject at the centre, which keeps
// exp() in range and cancels in every prediction.
struct CoxBaseline {
  std::vector<double> centre;
  std::vector<double> time, n_risk, n_event, n_censor;  // weighted counts (R's irisk etc.)
  std::vector<double> hazard, variance;                 // increments dH0 and dV
  std::vector<double> mean_x_hazard;                    // increments of Xi: xbar dH0, time x p
};

// Rows not of counting-process data are at risk from the start; with data.survival.entry a row
// is at risk at t when entry < t <= time.
CoxBaseline cox_baseline(const CoxData& data, const std::vector<std::size_t>& rows, TiesMethod ties,
                         const std::vector<double>& coef);

}  // namespace nelm
