// LSD radix sort of (key, row) pairs, one byte per pass. A double maps to an unsigned integer
// with the same order (flip every bit of a negative, only the sign bit of a positive), so the
// passes sort by value. Passes whose byte is the same for every key are skipped: times in whole
// days, for instance, differ only in their top three bytes. Each pass is a stable scatter, so
// equal keys keep their row order.
#include "numerics/sort_order.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <utility>

namespace nelm {
namespace {

// Below this a comparison sort is faster than the radix passes' fixed costs.
constexpr std::size_t kRadixThreshold = 512;
constexpr int kDigitBits = 8;
constexpr int kDigits = 64 / kDigitBits;
constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;

struct KeyedRow {
  std::uint64_t key;
  std::size_t row;
};

constexpr std::uint64_t kSign = std::uint64_t{1} << 63;

// std::bit_cast is missing from the Emscripten 3.1.6 library; memcpy is the portable spelling.
std::uint64_t bits_of(double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

std::uint64_t ordered_bits(double value) {
  const std::uint64_t bits = bits_of(value + 0.0);  // -0 becomes +0
  return (bits & kSign) != 0 ? ~bits : bits | kSign;
}

double value_of(std::uint64_t key) {
  const std::uint64_t bits = (key & kSign) != 0 ? key ^ kSign : ~key;
  double value = 0.0;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

std::size_t digit(std::uint64_t key, int pass) {
  return static_cast<std::size_t>(key >> (pass * kDigitBits)) & (kBuckets - 1);
}

void radix_sort(std::vector<KeyedRow>& keyed) {
  const std::size_t n = keyed.size();
  std::vector<std::array<std::size_t, kBuckets>> counts(kDigits);
  for (auto& count : counts) count.fill(0);
  for (const KeyedRow& item : keyed) {
    for (int pass = 0; pass < kDigits; ++pass) ++counts[pass][digit(item.key, pass)];
  }
  std::vector<KeyedRow> buffer(n);
  for (int pass = 0; pass < kDigits; ++pass) {
    auto& count = counts[pass];
    if (std::find(count.begin(), count.end(), n) != count.end()) continue;  // one byte for all
    std::size_t offset = 0;
    for (std::size_t& bucket : count) offset += std::exchange(bucket, offset);
    for (const KeyedRow& item : keyed) buffer[count[digit(item.key, pass)]++] = item;
    keyed.swap(buffer);
  }
}

// The rows of `order` (or 0..n-1 if it is null) keyed by their values and sorted stably.
std::vector<KeyedRow> sorted_keyed_rows(const std::vector<double>& values,
                                        const std::vector<std::size_t>* order = nullptr,
                                        bool descending = false) {
  std::vector<KeyedRow> keyed(order ? order->size() : values.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) {
    const std::size_t row = order ? (*order)[i] : i;
    const std::uint64_t key = ordered_bits(values[row]);
    keyed[i] = {descending ? ~key : key, row};
  }
  if (keyed.size() < kRadixThreshold) {
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const KeyedRow& a, const KeyedRow& b) { return a.key < b.key; });
  } else {
    radix_sort(keyed);
  }
  return keyed;
}

std::vector<std::size_t> rows_of(const std::vector<KeyedRow>& sorted) {
  std::vector<std::size_t> order(sorted.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) order[i] = sorted[i].row;
  return order;
}

}  // namespace

std::vector<std::size_t> ascending_order(const std::vector<double>& values) {
  return rows_of(sorted_keyed_rows(values));
}

std::vector<std::size_t> stable_sort_by(const std::vector<std::size_t>& order,
                                        const std::vector<double>& values, bool descending) {
  return rows_of(sorted_keyed_rows(values, &order, descending));
}

SortedValues sort_ascending(const std::vector<double>& values) {
  const std::vector<KeyedRow> sorted = sorted_keyed_rows(values);
  SortedValues result{std::vector<std::size_t>(sorted.size()), std::vector<double>(sorted.size())};
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    result.order[i] = sorted[i].row;
    result.value[i] = value_of(sorted[i].key);
  }
  return result;
}

namespace {

// Where each group's rows start once regrouped: start[g] is the position of group g's first row.
std::vector<std::size_t> group_starts(const std::vector<std::size_t>& group) {
  const std::size_t group_count = *std::max_element(group.begin(), group.end()) + 1;
  std::vector<std::size_t> start(group_count + 1, 0);
  for (std::size_t g : group) ++start[g + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  return start;
}

}  // namespace

std::vector<std::size_t> grouped_order(const std::vector<std::size_t>& group,
                                       const std::vector<std::size_t>& order) {
  if (order.empty()) return order;
  std::vector<std::size_t> start = group_starts(group);
  std::vector<std::size_t> regrouped(order.size());
  for (std::size_t row : order) regrouped[start[group[row]]++] = row;
  return regrouped;
}

SortedValues grouped(const std::vector<std::size_t>& group, const SortedValues& sorted) {
  if (sorted.order.empty()) return sorted;
  std::vector<std::size_t> start = group_starts(group);
  SortedValues regrouped{std::vector<std::size_t>(sorted.order.size()),
                         std::vector<double>(sorted.value.size())};
  for (std::size_t i = 0; i < sorted.order.size(); ++i) {
    const std::size_t position = start[group[sorted.order[i]]]++;
    regrouped.order[position] = sorted.order[i];
    regrouped.value[position] = sorted.value[i];
  }
  return regrouped;
}

}  // namespace nelm
