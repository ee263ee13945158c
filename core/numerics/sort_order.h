// Stable ascending orders of floating-point keys, the order R's order() gives (equal keys keep
// their row order). Sorting the times is the largest cost of Kaplan-Meier, the log-rank test and
// the Cox design at large n, so large inputs use a least-significant-digit radix sort on the
// keys' bit patterns instead of a comparison sort.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace nelm {

// Row indices 0..n-1 in ascending order of value; equal values keep their row order. -0 and +0
// are equal (both come back as +0 below). NaN (never passed by the boundary) sorts after +infinity.
std::vector<std::size_t> ascending_order(std::span<const double> values);
inline std::vector<std::size_t> ascending_order(const std::vector<double>& values) {
  return ascending_order(std::span<const double>(values));
}

// The same order and the values in it: value[i] == values[order[i]], read off the sort's keys so
// that a caller can walk the sorted values without reading the column in a scattered order.
struct SortedValues {
  std::vector<std::size_t> order;
  std::vector<double> value;
};
SortedValues sort_ascending(std::span<const double> values);
inline SortedValues sort_ascending(const std::vector<double>& values) {
  return sort_ascending(std::span<const double>(values));
}

// `order` (a permutation of the rows) re-sorted stably by values[row], ascending or descending:
// equal values keep their place in `order`, so sorting by keys from the least to the most
// significant builds a sort on several keys.
std::vector<std::size_t> stable_sort_by(const std::vector<std::size_t>& order,
                                        std::span<const double> values, bool descending);
inline std::vector<std::size_t> stable_sort_by(const std::vector<std::size_t>& order,
                                               const std::vector<double>& values, bool descending) {
  return stable_sort_by(order, std::span<const double>(values), descending);
}

// The rows of `order` regrouped by ascending group[row], keeping their order inside each group
// (one stable counting pass). group holds small indices (strata), one per row.
std::vector<std::size_t> grouped_order(const std::vector<std::size_t>& group,
                                       const std::vector<std::size_t>& order);

// The same for sorted values: the rows and their values regrouped together, so that within each
// group the values stay ascending.
SortedValues grouped(const std::vector<std::size_t>& group, const SortedValues& sorted);

}  // namespace nelm
