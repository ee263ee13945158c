// LSD radix sort of (key, row) pairs. A double maps to an unsigned integer with the same order
// (flip every bit of a negative, only the sign bit of a positive), so the passes sort by value.
// Only the bits in which the keys differ are sorted on: times in whole days, for instance, differ
// in 23 bits of 64. When those fit in 32 bits the pairs are 8 bytes (the varying bits and a 32-bit
// row) instead of 16, which halves the memory each pass reads and writes and the fresh pages the
// sort's buffers need. Each pass is a stable scatter, so equal keys keep their row order.
#include "numerics/sort_order.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <utility>

namespace nelm {
namespace {

// Below this a comparison sort is faster than the radix passes' fixed costs.
constexpr std::size_t kRadixThreshold = 512;
// Digits of at most 11 bits: 2,048 buckets, whose write positions stay in the first-level cache.
constexpr int kMaxDigitBits = 11;

struct KeyedRow {
  std::uint64_t key;
  std::size_t row;
};

// The narrow form: the varying bits of the key (shifted down) and the row.
struct NarrowRow {
  std::uint32_t key;
  std::uint32_t row;
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

// The bits in which the keys differ: [low, low + width).
struct VaryingBits {
  int low = 0, width = 0;
};

VaryingBits varying_bits(std::uint64_t differ) {
  if (differ == 0) return {};
  const int low = __builtin_ctzll(differ);
  return {low, 64 - __builtin_clzll(differ) - low};
}

// One stable scatter of `from` into `to` by the digit at `shift`; meant as a separate function so
// that a JIT that compiles a hot function only for its next call (V8's WebAssembly tiers) runs the
// later passes optimised. In the shipped module wasm-opt inlines it all the same (one caller per
// instantiation; docs/performance.md, "Issue 16.5"), so there it does not hold.
template <typename Item>
__attribute__((noinline)) void scatter_pass(const std::vector<Item>& from, std::vector<Item>& to,
                                            int shift, std::uint64_t mask,
                                            std::vector<std::size_t>& position) {
  for (const Item& item : from) {
    to[position[static_cast<std::size_t>((item.key >> shift) & mask)]++] = item;
  }
}

// Sorts `items` on the key bits [low, low + width) (the others are equal in every key).
template <typename Item>
void radix_sort(std::vector<Item>& items, int low, int width) {
  const std::size_t n = items.size();
  if (width == 0) return;
  const int passes = (width + kMaxDigitBits - 1) / kMaxDigitBits;
  const int digit_bits = (width + passes - 1) / passes;
  const std::size_t buckets = std::size_t{1} << digit_bits;
  const std::uint64_t mask = buckets - 1;
  std::vector<std::size_t> counts(buckets * static_cast<std::size_t>(passes), 0);
  for (const Item& item : items) {
    for (int pass = 0; pass < passes; ++pass) {
      const auto digit = static_cast<std::size_t>((item.key >> (low + pass * digit_bits)) & mask);
      ++counts[pass * buckets + digit];
    }
  }
  std::vector<Item> buffer(n);
  std::vector<std::size_t> position(buckets);
  for (int pass = 0; pass < passes; ++pass) {
    const auto count = counts.begin() + static_cast<std::ptrdiff_t>(pass * buckets);
    if (std::find(count, count + static_cast<std::ptrdiff_t>(buckets), n) !=
        count + static_cast<std::ptrdiff_t>(buckets)) {
      continue;  // one digit for all
    }
    std::exclusive_scan(count, count + static_cast<std::ptrdiff_t>(buckets), position.begin(),
                        std::size_t{0});
    scatter_pass(items, buffer, low + pass * digit_bits, mask, position);
    items.swap(buffer);
  }
}

// The rows of `order` (or 0..n-1 if it is null) with their keys, sorted stably. `narrow` holds
// them when the keys vary in at most 32 bits (then `wide` is empty); `base` has the bits every
// key shares, for reading the values back.
struct SortedKeys {
  std::vector<KeyedRow> wide;
  std::vector<NarrowRow> narrow;
  std::uint64_t base = 0;
  int low = 0;
  std::size_t size() const { return narrow.empty() ? wide.size() : narrow.size(); }
  std::size_t row(std::size_t i) const { return narrow.empty() ? wide[i].row : narrow[i].row; }
  std::uint64_t key(std::size_t i) const {
    return narrow.empty() ? wide[i].key : base | (std::uint64_t{narrow[i].key} << low);
  }
};

SortedKeys sorted_keyed_rows(std::span<const double> values,
                             const std::vector<std::size_t>* order = nullptr,
                             bool descending = false) {
  const std::size_t n = order ? order->size() : values.size();
  auto key_at = [&](std::size_t i) {
    const std::uint64_t key = ordered_bits(values[order ? (*order)[i] : i]);
    return descending ? ~key : key;
  };
  SortedKeys sorted;
  if (n == 0) return sorted;
  const std::uint64_t first = key_at(0);
  std::uint64_t differ = 0;
  for (std::size_t i = 0; i < n; ++i) differ |= key_at(i) ^ first;
  const VaryingBits bits = varying_bits(differ);
  if (n >= kRadixThreshold && bits.width <= 32 && n <= std::numeric_limits<std::uint32_t>::max()) {
    sorted.low = bits.low;
    sorted.base = first & ~differ;
    sorted.narrow.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      sorted.narrow[i] = {static_cast<std::uint32_t>(key_at(i) >> bits.low),
                          static_cast<std::uint32_t>(order ? (*order)[i] : i)};
    }
    radix_sort(sorted.narrow, 0, bits.width);
    return sorted;
  }
  sorted.wide.resize(n);
  for (std::size_t i = 0; i < n; ++i) sorted.wide[i] = {key_at(i), order ? (*order)[i] : i};
  if (n < kRadixThreshold) {
    std::stable_sort(sorted.wide.begin(), sorted.wide.end(),
                     [](const KeyedRow& a, const KeyedRow& b) { return a.key < b.key; });
  } else {
    radix_sort(sorted.wide, bits.low, bits.width);
  }
  return sorted;
}

std::vector<std::size_t> rows_of(const SortedKeys& sorted) {
  std::vector<std::size_t> order(sorted.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = sorted.row(i);
  return order;
}

}  // namespace

std::vector<std::size_t> ascending_order(std::span<const double> values) {
  return rows_of(sorted_keyed_rows(values));
}

std::vector<std::size_t> stable_sort_by(const std::vector<std::size_t>& order,
                                        std::span<const double> values, bool descending) {
  return rows_of(sorted_keyed_rows(values, &order, descending));
}

SortedValues sort_ascending(std::span<const double> values) {
  const SortedKeys sorted = sorted_keyed_rows(values);
  SortedValues result{std::vector<std::size_t>(sorted.size()), std::vector<double>(sorted.size())};
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    result.order[i] = sorted.row(i);
    result.value[i] = value_of(sorted.key(i));
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
