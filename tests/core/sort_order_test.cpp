// Tests of the radix-sorted orders behind Kaplan-Meier, log-rank and Cox: hand-worked orders,
// then agreement with std::stable_sort on inputs large enough to take the radix path (the
// threshold is 512 rows), and the ordered tie merge against the general one.
#include "numerics/sort_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>

#include "numerics/tied_times.h"

namespace nelm {
namespace {

const double kInf = std::numeric_limits<double>::infinity();

std::vector<std::size_t> reference_order(const std::vector<double>& values, bool descending) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return descending ? values[a] > values[b] : values[a] < values[b];
  });
  return order;
}

// Whole days with many ties, a spread of magnitudes and signs, and continuous values.
std::vector<double> random_values(std::size_t n, unsigned seed, bool whole_days) {
  std::mt19937_64 generator(seed);
  std::uniform_int_distribution<int> day(0, 3000);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> values(n);
  for (double& value : values) {
    value =
        whole_days ? day(generator) : normal(generator) * std::pow(10.0, day(generator) % 40 - 20);
  }
  return values;
}

TEST(SortOrder, HandWorkedOrderKeepsTiesInRowOrder) {
  const std::vector<double> values{3.0, 1.0, 2.0, 1.0, -5.0, 0.0, -0.0, kInf, -kInf};
  const std::vector<std::size_t> expected{8, 4, 5, 6, 1, 3, 2, 0, 7};
  EXPECT_EQ(ascending_order(values), expected);
  const SortedValues sorted = sort_ascending(values);
  EXPECT_EQ(sorted.order, expected);
  const std::vector<double> expected_values{-kInf, -5.0, 0.0, 0.0, 1.0, 1.0, 2.0, 3.0, kInf};
  EXPECT_EQ(sorted.value, expected_values);
  EXPECT_FALSE(std::signbit(sorted.value[3]));  // -0 comes back as +0
}

TEST(SortOrder, EmptyAndSingleInputs) {
  EXPECT_TRUE(ascending_order(std::vector<double>{}).empty());
  EXPECT_EQ(ascending_order({42.0}), std::vector<std::size_t>{0});
  EXPECT_TRUE(grouped_order({}, {}).empty());
}

TEST(SortOrder, RadixPathMatchesStableSort) {
  for (const bool whole_days : {true, false}) {
    for (const std::size_t n : {511u, 512u, 513u, 20000u}) {
      const std::vector<double> values = random_values(n, static_cast<unsigned>(7 + n), whole_days);
      EXPECT_EQ(ascending_order(values), reference_order(values, false)) << n;
      std::vector<std::size_t> identity(n);
      std::iota(identity.begin(), identity.end(), std::size_t{0});
      EXPECT_EQ(stable_sort_by(identity, values, true), reference_order(values, true)) << n;
      const SortedValues sorted = sort_ascending(values);
      for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(sorted.value[i], values[sorted.order[i]]);
    }
  }
}

// The sort keeps only the bits in which the keys differ, in 8-byte pairs when they fit in 32 bits
// and in 16-byte pairs otherwise: values that differ in 1, 31, 32, 33 and 52 low bits, with ties,
// positive and negative, must sort as std::stable_sort does on either side of that boundary.
TEST(SortOrder, KeysDifferingInFewOrManyBitsMatchStableSort) {
  std::mt19937_64 generator(11);
  for (const int width : {1, 31, 32, 33, 52}) {
    for (const bool negative : {false, true}) {
      std::uint64_t base_bits = 0;
      const double base = negative ? -1.5 : 1.5;
      std::memcpy(&base_bits, &base, sizeof base_bits);
      const std::uint64_t mask = (std::uint64_t{1} << width) - 1;
      std::vector<std::uint64_t> pool(700);
      for (std::uint64_t& bits : pool) bits = (base_bits & ~mask) | (generator() & mask);
      std::vector<double> values(3000);
      for (double& value : values) {
        std::memcpy(&value, &pool[generator() % pool.size()], sizeof value);  // ties
      }
      EXPECT_EQ(ascending_order(values), reference_order(values, false)) << width;
      std::vector<std::size_t> identity(values.size());
      std::iota(identity.begin(), identity.end(), std::size_t{0});
      EXPECT_EQ(stable_sort_by(identity, values, true), reference_order(values, true)) << width;
      const SortedValues sorted = sort_ascending(values);
      for (std::size_t i = 0; i < values.size(); ++i) {
        ASSERT_EQ(sorted.value[i], values[sorted.order[i]]) << width;
      }
    }
  }
}

TEST(SortOrder, SortingByKeysFromLeastSignificantBuildsALexicographicOrder) {
  const std::size_t n = 5000;
  const std::vector<double> major = random_values(n, 1, true), minor = random_values(n, 2, false);
  std::vector<std::size_t> order = ascending_order(minor);
  order = stable_sort_by(order, major, true);
  std::vector<std::size_t> expected(n);
  std::iota(expected.begin(), expected.end(), std::size_t{0});
  std::stable_sort(expected.begin(), expected.end(), [&](std::size_t a, std::size_t b) {
    if (major[a] != major[b]) return major[a] > major[b];
    return minor[a] < minor[b];
  });
  EXPECT_EQ(order, expected);
}

TEST(SortOrder, GroupedOrderKeepsTheOrderInsideEachGroup) {
  const std::vector<std::size_t> group{2, 0, 2, 1, 0, 2};
  const std::vector<std::size_t> order{5, 4, 3, 2, 1, 0};
  EXPECT_EQ(grouped_order(group, order), (std::vector<std::size_t>{4, 1, 3, 5, 2, 0}));
  // Sorted values move with their rows and stay ascending inside each group.
  const SortedValues sorted = sort_ascending({5.0, 1.0, 4.0, 2.0, 0.5, 3.0});
  const SortedValues regrouped = grouped(group, sorted);
  EXPECT_EQ(regrouped.order, (std::vector<std::size_t>{4, 1, 3, 5, 2, 0}));
  EXPECT_EQ(regrouped.value, (std::vector<double>{0.5, 1.0, 2.0, 3.0, 4.0, 5.0}));
}

TEST(SortOrder, OrderedTieMergeAgreesWithTheGeneralOne) {
  // Near ties from arithmetic (0.1 + 0.2 against 0.3), on both sides of the radix threshold.
  for (const std::size_t n : {40u, 4000u}) {
    std::mt19937_64 generator(n);
    std::uniform_int_distribution<int> tenth(1, 300), coin(0, 1);
    std::vector<double> time(n);
    for (double& t : time) {
      const int k = tenth(generator);
      t = coin(generator) ? (k - 1) / 10.0 + 0.1 : k / 10.0;
    }
    time[0] = 0.3;
    time[n / 2] = 0.1 + 0.2;  // 0.30000000000000004: one near tie for certain
    // The general merge with entry times equal to the exit times: the same distinct values, so
    // the same cut points, found by its own sort and binary searches.
    std::vector<double> expected = time, entry = time;
    const bool expected_changed = merge_nearly_tied_times(expected, &entry);
    SortedValues sorted = sort_ascending(time);
    const bool changed = merge_nearly_tied_ascending_times(sorted.value);
    EXPECT_EQ(changed, expected_changed);
    EXPECT_TRUE(changed);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(sorted.value[i], expected[sorted.order[i]]);
    EXPECT_TRUE(std::is_sorted(sorted.value.begin(), sorted.value.end()));
  }
}

}  // namespace
}  // namespace nelm
