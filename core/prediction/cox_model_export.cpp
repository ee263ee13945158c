// The statistics behind an institution model file; see cox_model_export.h.
#include "prediction/cox_model_export.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "estimators/kaplan_meier.h"
#include "regression/cox_prediction.h"

namespace nelm {
namespace {

void refuse_unusable_fit(const CoxFit& fit, const std::vector<TermSource>& sources) {
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    if (!fit.infinite[j]) continue;
    const TermSource& source = sources[j];
    throw CoreError("model_not_exportable",
                    (source.level.empty() ? "The coefficient of column " + source.covariate
                                          : "The coefficient of level \"" + source.level +
                                                "\" of column " + source.covariate) +
                        " is infinite (monotone likelihood: for example, no events in that "
                        "group), so a model file would predict nonsense; merge the level or "
                        "remove the column.",
                    source.covariate);
  }
  if (!fit.converged) {
    throw CoreError("model_not_exportable",
                    "The Cox fit did not converge, so its coefficients are not reliable enough to "
                    "be written to a model file.");
  }
}

std::vector<double> centring_of(const CoxData& data, const std::vector<CovariateCoding>& coding) {
  std::vector<double> centring;
  const double n = static_cast<double>(data.survival.size());
  std::size_t term = 0;
  for (const CovariateCoding& covariate : coding) {
    if (!covariate.categorical) {
      const auto& column = data.covariates[term++];
      centring.push_back(std::accumulate(column.begin(), column.end(), 0.0) / n);
      continue;
    }
    for (std::size_t level = 1; level < covariate.levels.size(); ++level, ++term) {
      centring.push_back(covariate.level_counts[level] / n);
    }
  }
  return centring;
}

// Median follow-up by reverse Kaplan-Meier: censoring is the "event" (as the Your cohort report).
double median_follow_up(const SurvivalData& survival) {
  SurvivalData reversed = survival;
  for (int& event : reversed.event) event = event != 0 ? 0 : 1;
  if (std::none_of(reversed.event.begin(), reversed.event.end(), [](int e) { return e != 0; })) {
    return std::nan("");  // nobody censored
  }
  return survival_quantile(kaplan_meier(reversed), 0.5).estimate;
}

}  // namespace

NumericCovariateSummary summarise_numeric(std::vector<double> values, std::size_t bins,
                                          std::size_t min_rows) {
  NumericCovariateSummary summary;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  if (n == 0) return summary;
  summary.minimum = values.front();
  summary.maximum = values.back();
  summary.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(n);
  const std::size_t count =
      std::max<std::size_t>(1, std::min(bins, n / std::max<std::size_t>(1, min_rows)));
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t begin = k * n / count, end = (k + 1) * n / count;
    const double sum = std::accumulate(values.begin() + static_cast<long>(begin),
                                       values.begin() + static_cast<long>(end), 0.0);
    summary.bin_mean.push_back(sum / static_cast<double>(end - begin));
    summary.bin_proportion.push_back(static_cast<double>(end - begin) / static_cast<double>(n));
  }
  return summary;
}

ExportedCoxModel export_cox_model(const SurvivalData& survival,
                                  const std::vector<CovariateColumn>& covariates,
                                  const CoxExportOptions& options) {
  if (survival.has_entry() || survival.has_weight()) {
    throw CoreError("unsupported",
                    "A model file is exported from right-censored data without "
                    "entry times or case weights.");
  }
  CovariateDesign design = expand_covariates(covariates);
  ExportedCoxModel model;
  model.coding = design.coding;
  model.sources = design.sources;
  const CoxData data = cox_data_with_design(survival, std::move(design));
  model.fit = cox_fit(data, options.cox);
  refuse_unusable_fit(model.fit, model.sources);
  model.centring = centring_of(data, model.coding);
  const CoxPredictedCurve curve = cox_predicted_survival(data, model.fit.ties, model.fit.coef,
                                                         model.fit.variance, model.centring);
  const double last_follow_up = *std::max_element(survival.time.begin(), survival.time.end());
  model.baseline = pooled_baseline(curve, last_follow_up, options.pooling);
  for (const CovariateColumn& column : covariates) {
    model.numeric.push_back(column.categorical
                                ? NumericCovariateSummary{}
                                : summarise_numeric(column.values, options.distribution_bins,
                                                    options.min_rows_per_bin));
  }
  // Rounded down to the baseline's grid: the reverse Kaplan-Meier median is one patient's exact
  // follow-up time.
  const double grid = options.pooling.grid_per_year;
  model.median_follow_up = std::floor(median_follow_up(survival) * grid) / grid;
  model.n = model.fit.n;
  model.events = model.fit.n_events;
  return model;
}

}  // namespace nelm
