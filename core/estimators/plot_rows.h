// The rows of a step curve (Kaplan-Meier, cumulative incidence) needed to draw
// it at a given resolution: a drawing aid, not a statistic. Tables and
// estimates always use every row.
#pragma once

#include <cstddef>
#include <vector>

namespace nelm {

// The kept rows in time order and, for each, the censorings from the previous
// kept row (exclusive) to it (inclusive), so that censor marks can be drawn at
// the kept rows.
struct PlotRows {
  std::vector<std::size_t> rows;
  std::vector<double> n_censor;
};

// time: ascending distinct times; values: the curve's columns (estimate and
// limits; NaN = undefined); n_censor: censorings per row. The time axis [0, to]
// is cut into `points` equal intervals; in each interval the first and last
// rows are kept, and for every column the rows of its smallest and largest
// value and the rows where it turns defined or undefined. Within one interval a
// monotone step curve then draws the same vertical extent at the same place up
// to the interval's width (less than a pixel when points >= the figure's width
// in pixels). Rows after `to` are dropped except the first, which shows that
// the curve goes on. points >= 1, to > 0.
PlotRows plot_rows(const std::vector<double>& time,
                   const std::vector<const std::vector<double>*>& values,
                   const std::vector<double>& n_censor, double to, std::size_t points);

}  // namespace nelm
