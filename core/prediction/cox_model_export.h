// What an institution's Cox model file (docs/models.md, kind "institution_cox") needs from the
// cohort, computed once in the core: the fit on the declared covariates, the centring (each
// level's proportion, each number's mean), the pooled baseline with its SE, the covariates'
// distribution for averaging over an unknown input, and the median follow-up.
#pragma once

#include <cstddef>
#include <vector>

#include "prediction/pooled_baseline.h"
#include "regression/covariate_design.h"
#include "regression/cox_model.h"

namespace nelm {

// A numeric covariate over the rows used: its range and mean, and a coarse distribution: the
// rows in value order cut into equal-count bins, each given by its mean value and its share.
struct NumericCovariateSummary {
  double minimum = 0, maximum = 0, mean = 0;
  std::vector<double> bin_mean, bin_proportion;
};

struct CoxExportOptions {
  CoxOptions cox;
  BaselinePooling pooling;
  std::size_t distribution_bins = 5;  // at most; fewer so that each bin has min_rows_per_bin rows
  std::size_t min_rows_per_bin = 5;
};

struct ExportedCoxModel {
  CoxFit fit;
  std::vector<CovariateCoding> coding;           // one per covariate
  std::vector<TermSource> sources;               // one per term
  std::vector<double> centring;                  // one per term: a level's proportion, or the mean
  std::vector<NumericCovariateSummary> numeric;  // one per covariate (empty for categorical)
  PooledBaseline baseline;                       // at the centring
  double median_follow_up = 0;  // reverse Kaplan-Meier median, rounded down to the baseline's
                                // grid (not one patient's exact time); NaN when not reached
  double n = 0, events = 0;
};

// Equal-count bins of `values` (any order): min(bins, n / min_rows) of them, at least one.
NumericCovariateSummary summarise_numeric(std::vector<double> values, std::size_t bins,
                                          std::size_t min_rows);

// Refusals (CoreError): those of expand_covariates and cox_fit; "model_not_exportable" (subject:
// the covariate) when the fit did not converge or a coefficient is infinite, or when the
// baseline cannot be pooled. Right-censored data only (no entry, no weights, no strata).
ExportedCoxModel export_cox_model(const SurvivalData& survival,
                                  const std::vector<CovariateColumn>& covariates,
                                  const CoxExportOptions& options);

}  // namespace nelm
