// See plot_rows.h. One pass over the rows, bucket by bucket.
#include "estimators/plot_rows.h"

#include <algorithm>
#include <cmath>

namespace nelm {
namespace {

// The interval of the time axis a row falls in (the last one holds `to`
// itself).
std::size_t bucket_of(double time, double to, std::size_t points) {
  const double position = time / to * static_cast<double>(points);
  return std::min(points - 1, static_cast<std::size_t>(std::max(0.0, std::floor(position))));
}

// The rows of one interval [begin, end) worth keeping, appended to `keep`.
void keep_extremes(const std::vector<const std::vector<double>*>& values, std::size_t begin,
                   std::size_t end, std::vector<std::size_t>& keep) {
  keep.push_back(begin);
  keep.push_back(end - 1);
  for (const std::vector<double>* column : values) {
    const std::vector<double>& value = *column;
    std::size_t smallest = end, largest = end;
    for (std::size_t row = begin; row < end; ++row) {
      if (row > 0 && std::isnan(value[row]) != std::isnan(value[row - 1])) keep.push_back(row);
      if (std::isnan(value[row])) continue;
      if (smallest == end || value[row] < value[smallest]) smallest = row;
      if (largest == end || value[row] > value[largest]) largest = row;
    }
    if (smallest < end) keep.push_back(smallest);
    if (largest < end) keep.push_back(largest);
  }
}

}  // namespace

PlotRows plot_rows(const std::vector<double>& time,
                   const std::vector<const std::vector<double>*>& values,
                   const std::vector<double>& n_censor, double to, std::size_t points) {
  std::vector<std::size_t> keep;
  std::size_t begin = 0;
  while (begin < time.size() && time[begin] <= to) {
    const std::size_t bucket = bucket_of(time[begin], to, points);
    std::size_t end = begin + 1;
    while (end < time.size() && time[end] <= to && bucket_of(time[end], to, points) == bucket)
      ++end;
    keep_extremes(values, begin, end, keep);
    begin = end;
  }
  if (begin < time.size()) keep.push_back(begin);  // the first row after `to`
  std::sort(keep.begin(), keep.end());
  keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
  PlotRows result;
  result.rows = keep;
  std::size_t counted = 0;  // rows whose censorings are already assigned
  for (std::size_t row : keep) {
    double censored = 0.0;
    for (; counted <= row; ++counted) censored += n_censor[counted];
    result.n_censor.push_back(censored);
  }
  return result;
}

}  // namespace nelm
