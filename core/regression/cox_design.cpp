// Checking the Cox data and preparing it once per fit as R's coxph does before its fitting
// routine: near-tied times merged (timefix), rows sorted by stratum and time, covariates centred
// and scaled as coxfit6.c / agfit4.c do.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

#include "numerics/sort_order.h"
#include "numerics/tied_times.h"
#include "numerics/unrolled_width.h"
#include "regression/cox_likelihood.h"

namespace nelm {
namespace {

void check_sizes(const CoxData& data) {
  const std::size_t n = data.survival.size();
  const std::size_t p = data.covariate_names.size();
  bool sizes_match = data.covariates.size() == p && data.survival.event.size() == n &&
                     (data.strata.empty() || data.strata.size() == n) &&
                     (data.cluster.empty() || data.cluster.size() == n) &&
                     (data.survival.weight.empty() || data.survival.weight.size() == n) &&
                     (data.survival.entry.empty() || data.survival.entry.size() == n);
  for (const auto& column : data.covariates) sizes_match = sizes_match && column.size() == n;
  if (!sizes_match) throw CoreError("invalid_input", "Cox data columns differ in length.");
  for (std::size_t i = 0; i < data.survival.entry.size(); ++i) {
    if (!(data.survival.entry[i] < data.survival.time[i])) {
      throw CoreError("invalid_input", "An entry time is not before its exit time.");
    }
  }
}

void check_finite_covariates(const CoxData& data) {
  const std::size_t p = data.covariate_names.size();
  for (std::size_t j = 0; j < p; ++j) {
    for (double value : data.covariates[j]) {
      if (!std::isfinite(value)) {
        throw CoreError(
            "invalid_input",
            "Covariate '" + data.covariate_names[j] + "' has a missing or infinite value.",
            data.covariate_names[j]);
      }
    }
  }
}

[[noreturn]] void refuse_constant(const TermSource& source, double value, std::size_t rows) {
  char text[32];  // snprintf, not <sstream>: iostream would add ~80 KB to the module
  std::snprintf(text, sizeof text, "%.15g", value);
  const std::string used =
      " rows used, so its effect cannot be estimated; remove it from the model.";
  if (source.level.empty()) {
    throw CoreError("constant_covariate",
                    "Column " + source.covariate + " has the same value (" + text +
                        ") in every one of the " + std::to_string(rows) + used,
                    source.covariate);
  }
  throw CoreError("constant_covariate",
                  "Level \"" + source.level + "\" of column " + source.covariate +
                      " is the same for every one of the " + std::to_string(rows) + used,
                  source.covariate);
}

void check_constant_covariates(const CoxData& data) {
  const std::size_t p = data.covariate_names.size();
  for (std::size_t j = 0; j < p; ++j) {
    const auto& column = data.covariates[j];
    if (std::all_of(column.begin(), column.end(), [&](double v) { return v == column[0]; })) {
      refuse_constant(cox_term_source(data, j), column[0], column.size());
    }
  }
}

// coxph's nocenter = c(-1, 0, 1): such columns (indicators) are neither centred nor scaled.
bool is_indicator(const std::vector<double>& column) {
  return std::all_of(column.begin(), column.end(),
                     [](double v) { return v == -1.0 || v == 0.0 || v == 1.0; });
}

// Sorted rows, times (merged) and, for counting-process data, entry times, in design order.
void sort_rows(const CoxData& data, CoxDesign& design) {
  if (!data.survival.has_entry()) {
    // A stable sort by time, then by stratum, is R's order(strata, time). Merging near ties
    // keeps the times ascending in that order.
    SortedValues by_time = sort_ascending(data.survival.time);
    merge_nearly_tied_ascending_times(by_time.value);
    if (!data.strata.empty()) by_time = grouped(data.strata, by_time);
    design.row_of = std::move(by_time.order);
    design.time = std::move(by_time.value);
    return;
  }
  // aeqSurv on Surv(start, stop): entry and exit times are merged together.
  std::vector<double> time = data.survival.time, entry = data.survival.entry;
  merge_nearly_tied_times(time, &entry);
  SortedValues by_time = sort_ascending(time);
  if (!data.strata.empty()) by_time = grouped(data.strata, by_time);
  design.row_of = std::move(by_time.order);
  design.time = std::move(by_time.value);
  design.entry.resize(design.n);
  for (std::size_t i = 0; i < design.n; ++i) design.entry[i] = entry[design.row_of[i]];
  std::vector<std::size_t> positions(design.n);
  std::iota(positions.begin(), positions.end(), std::size_t{0});
  design.by_entry = stable_sort_by(positions, design.entry, false);
  // design order is already grouped by stratum; regroup the entry order the same way.
  std::vector<std::size_t> stratum_of_position(design.n);
  for (std::size_t i = 0; i < design.n; ++i) {
    stratum_of_position[i] = data.strata.empty() ? 0 : data.strata[design.row_of[i]];
  }
  design.by_entry = grouped_order(stratum_of_position, design.by_entry);
}

// Moves of a row of P values; P fixed so that they compile to P loads and stores (a copy of a
// run-time length is a call to memcpy, which cost more than the scattered read it moves).
template <std::size_t P>
void permute_rows(double* x, const std::vector<std::size_t>& source_of, std::size_t p) {
  const std::size_t n = source_of.size();
  const std::size_t width = P == 0 ? p : P;
  std::vector<char> placed(n, 0);
  std::vector<double> saved(width);
  for (std::size_t start = 0; start < n; ++start) {
    if (placed[start]) continue;
    for (std::size_t j = 0; j < width; ++j) saved[j] = x[start * width + j];
    std::size_t i = start;
    while (true) {
      placed[i] = 1;
      const std::size_t source = source_of[i];
      const double* from = source == start ? saved.data() : x + source * width;
      for (std::size_t j = 0; j < width; ++j) x[i * width + j] = from[j];
      if (source == start) break;
      i = source;
    }
  }
}

// design.x: the covariates row by row in design order. Copied row by row in the input's order
// (sequential), then permuted in place along the cycles of row_of: one scattered read of a
// p-value row per row instead of p scattered reads from p columns, without a second n x p buffer.
void gather_rows(const CoxData& data, CoxDesign& design) {
  const std::size_t n = design.n, p = design.p;
  design.x.resize(n * p);
  double* x = design.x.data();
  for (std::size_t j = 0; j < p; ++j) {
    const double* column = data.covariates[j].data();
    for (std::size_t i = 0; i < n; ++i) x[i * p + j] = column[i];
  }
  with_unrolled_width(
      p, [&](auto width) { permute_rows<decltype(width)::value>(x, design.row_of, p); });
}

// coxfit6's centring and scaling of the covariates that are not -1/0/1 indicators: (x - weighted
// mean) * scale, scale = the weights' total over the weighted mean absolute deviation. All
// covariates in each pass over the rows (three passes, not three per covariate); each sum runs
// over the rows in design order as before.
void centre_and_scale(const CoxData& data, CoxDesign& design, double weight_total) {
  const std::size_t n = design.n, p = design.p;
  std::vector<char> scaled(p);
  for (std::size_t j = 0; j < p; ++j) scaled[j] = is_indicator(data.covariates[j]) ? 0 : 1;
  double* x = design.x.data();
  std::vector<double> mean(p, 0.0), absolute_deviation(p, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < p; ++j) mean[j] += design.weight[i] * x[i * p + j];
  }
  for (std::size_t j = 0; j < p; ++j) mean[j] = scaled[j] ? mean[j] / weight_total : 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < p; ++j) {
      absolute_deviation[j] += design.weight[i] * std::fabs(x[i * p + j] - mean[j]);
    }
  }
  for (std::size_t j = 0; j < p; ++j) {
    design.mean[j] = mean[j];
    design.scale[j] =
        scaled[j] && absolute_deviation[j] > 0 ? weight_total / absolute_deviation[j] : 1.0;
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < p; ++j) {
      x[i * p + j] = (x[i * p + j] - design.mean[j]) * design.scale[j];
    }
  }
}

}  // namespace

void validate_cox_data(const CoxData& data, const CoxOptions& options) {
  check_sizes(data);
  if (data.covariate_names.empty()) {
    throw CoreError("invalid_input", "A Cox model needs at least one covariate.");
  }
  check_finite_covariates(data);
  if (std::none_of(data.survival.event.begin(), data.survival.event.end(),
                   [](int event) { return event != 0; })) {
    throw CoreError("no_events", "There are no events, so a Cox model cannot be fitted.");
  }
  check_constant_covariates(data);
  if (options.ties == TiesMethod::exact &&
      std::any_of(data.survival.weight.begin(), data.survival.weight.end(),
                  [](double w) { return w != 1.0; })) {
    throw CoreError("unsupported",
                    "Case weights are not supported for exact ties (as in R's "
                    "coxph); use Efron's or Breslow's approximation.");
  }
}

// Sorts once by stratum and time (R's order(strata, time), stable), merges nearly tied times
// (timefix = TRUE) and centres/scales the covariates as coxfit6 does.
CoxDesign build_cox_design(const CoxData& data, const CoxOptions& options) {
  CoxDesign design;
  design.n = data.survival.size();
  design.p = data.covariate_names.size();
  design.efron = options.ties == TiesMethod::efron;
  sort_rows(data, design);
  auto stratum_of = [&](std::size_t i) { return data.strata.empty() ? 0 : data.strata[i]; };
  design.status.resize(design.n);
  design.weight.resize(design.n);
  design.stratum.resize(design.n);
  double weight_total = 0;
  for (std::size_t i = 0; i < design.n; ++i) {
    const std::size_t row = design.row_of[i];
    design.status[i] = data.survival.event[row] != 0 ? 1 : 0;
    design.weight[i] = data.survival.weight_of(row);
    design.stratum[i] = stratum_of(row);
    weight_total += design.weight[i];
  }
  design.mean.assign(design.p, 0.0);
  design.scale.assign(design.p, 1.0);
  gather_rows(data, design);
  centre_and_scale(data, design, weight_total);
  return design;
}

}  // namespace nelm
