// Tie merging after R survival's aeqSurv (survival/R/aeqSurv.R): sort the distinct finite times,
// call neighbours tied when their gap is <= tolerance absolutely or relative to the mean |time|,
// and map each time down to the first value of its tied run.
#include "numerics/tied_times.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "common/core_error.h"
#include "numerics/sort_order.h"

namespace nelm {
namespace {

const double kTolerance = std::sqrt(std::numeric_limits<double>::epsilon());

// The first value of each tied run of values, which are finite, distinct and ascending.
std::vector<double> cut_points_of_distinct(const std::vector<double>& values, bool& any_tied) {
  any_tied = false;
  if (values.size() < 2) return values;
  double mean_abs = 0.0;
  for (double v : values) mean_abs += std::fabs(v) / static_cast<double>(values.size());
  std::vector<double> cuts{values.front()};
  for (std::size_t i = 1; i < values.size(); ++i) {
    const double gap = values[i] - values[i - 1];
    const bool tied = gap <= kTolerance || gap / mean_abs <= kTolerance;
    if (tied) {
      any_tied = true;
    } else {
      cuts.push_back(values[i]);
    }
  }
  return cuts;
}

std::vector<double> tie_cut_points(std::vector<double> values, bool& any_tied) {
  values.erase(
      std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
      values.end());
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return cut_points_of_distinct(values, any_tied);
}

// A time as printed in a refusal: the fewest digits (15 to 17) that give the value back, enough
// to tell two nearly equal times apart.
std::string shortest_text(double value) {
  char buffer[32];
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

// R's findInterval then cuts[z]: the largest cut point <= value.
double bin_down(const std::vector<double>& cuts, double value) {
  if (!std::isfinite(value)) return value;
  auto it = std::upper_bound(cuts.begin(), cuts.end(), value);
  return it == cuts.begin() ? value : *(it - 1);
}

}  // namespace

bool merge_nearly_tied_times(std::vector<double>& time, std::vector<double>* entry,
                             const std::vector<std::size_t>& row_id) {
  if (entry == nullptr) {
    SortedValues sorted = sort_ascending(time);
    if (!merge_nearly_tied_ascending_times(sorted.value)) return false;
    for (std::size_t i = 0; i < sorted.order.size(); ++i) time[sorted.order[i]] = sorted.value[i];
    return true;
  }
  std::vector<double> all = time;
  if (entry) all.insert(all.end(), entry->begin(), entry->end());
  bool any_tied = false;
  const std::vector<double> cuts = tie_cut_points(std::move(all), any_tied);
  if (!any_tied) return false;
  for (std::size_t i = 0; i < time.size(); ++i) {
    const double binned_time = bin_down(cuts, time[i]);
    if (entry) {
      const double binned_entry = bin_down(cuts, (*entry)[i]);
      if (binned_entry == binned_time && (*entry)[i] != time[i]) {
        const std::size_t row = row_id.empty() ? i : row_id[i];
        throw CoreError("zero_length_interval",
                        "row " + std::to_string(row) + " (counting from 0): the entry time " +
                            shortest_text((*entry)[i]) + " and the exit time " +
                            shortest_text(time[i]) +
                            " differ only by rounding noise, so they count as the same time (as "
                            "in R's aeqSurv) and leave an interval of length zero; make the entry "
                            "clearly earlier than the exit, or drop the row",
                        "entry", row);
      }
      (*entry)[i] = binned_entry;
    }
    time[i] = binned_time;
  }
  return true;
}

bool merge_nearly_tied_ascending_times(std::vector<double>& ascending) {
  std::vector<double> distinct;
  for (double value : ascending) {
    if (std::isfinite(value) && (distinct.empty() || value != distinct.back())) {
      distinct.push_back(value);
    }
  }
  bool any_tied = false;
  const std::vector<double> cuts = cut_points_of_distinct(distinct, any_tied);
  if (!any_tied) return false;
  // Walking up the times, the largest cut point <= the time only moves up.
  std::size_t cut = 0;
  for (double& value : ascending) {
    if (!std::isfinite(value)) continue;
    while (cut + 1 < cuts.size() && cuts[cut + 1] <= value) ++cut;
    value = cuts[cut];
  }
  return true;
}

}  // namespace nelm
