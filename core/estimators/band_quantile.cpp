// findq's steps: the distinct non-missing levels of y (first occurrence kept, as duplicated()
// does), approx(y + shift, index, p, method = "constant", f = 1) on them, and the rule for a curve
// that is flat at exactly 1 - p until its last distinct level. approx() sorts the levels, which
// costs a sort of every band of a 10^5-time curve; the scan below finds the same levels without it.
#include "estimators/band_quantile.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <utility>

namespace nelm {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::size_t kNone = static_cast<std::size_t>(-1);
// quantile.survfit's default tolerance, sqrt(.Machine$double.eps).
const double kQuantileTolerance = 1.4901161193847656e-08;
// The scan for the last distinct level gives up (and sorts) after this many tail values that all
// occurred earlier: a bound on its cost, not a change of answer.
const std::size_t kMaxRepeatedTailValues = 16;

// What findq needs from the levels, gathered in one forward pass: their range, the index (first
// occurrence) of the smallest level reaching p with each shift, where the first missing value is,
// and where the last non-missing value first occurs (the start of the search for the last level).
struct LevelFacts {
  bool any = false;
  double smallest = kNaN, largest = kNaN;
  std::size_t reaching_above = kNone, reaching_below = kNone;  // shift +tolerance, -tolerance
  std::size_t first_missing = kNone;
  std::size_t last_value_at = kNone, last_value_first = kNone;
};

// approx(y + shift, seq_along(y), p, method = "constant", f = 1)$y over the sorted levels is the
// index of the smallest level with y + shift >= p (kNone outside the range of y + shift). Adding
// shift is monotone, so "the first sorted level with y + shift >= p" is the smallest such y, and a
// level's index is that of its first occurrence (the stable sort keeps equal values in index
// order), which a forward scan that replaces only on a strictly smaller y also keeps.
void consider_reaching(const std::vector<double>& y, std::size_t i, double shift, double p,
                       std::size_t& best) {
  if (y[i] + shift < p) return;
  if (best == kNone || y[i] < y[best]) best = i;
}

LevelFacts level_facts(const std::vector<double>& y, double p) {
  LevelFacts facts;
  for (std::size_t i = y.size(); i-- > 0;) {
    if (!std::isnan(y[i])) {
      facts.last_value_at = i;
      break;
    }
  }
  if (facts.last_value_at == kNone) return facts;
  facts.any = true;
  const double last_value = y[facts.last_value_at];
  facts.smallest = facts.largest = last_value;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double v = y[i];
    if (std::isnan(v)) {
      if (facts.first_missing == kNone) facts.first_missing = i;
      continue;
    }
    if (v < facts.smallest) facts.smallest = v;
    if (v > facts.largest) facts.largest = v;
    consider_reaching(y, i, kQuantileTolerance, p, facts.reaching_above);
    consider_reaching(y, i, -kQuantileTolerance, p, facts.reaching_below);
    if (facts.last_value_first == kNone && v == last_value) facts.last_value_first = i;
  }
  return facts;
}

std::size_t within_range(const LevelFacts& facts, double shift, double p, std::size_t index) {
  return p < facts.smallest + shift || p > facts.largest + shift ? kNone : index;
}

// The largest index whose y (not missing) does not occur earlier, found from the end: each tail
// value is looked up once (its first occurrence remembered), so a flat tail costs nothing more.
// Returns false when more than kMaxRepeatedTailValues distinct tail values repeat earlier ones.
bool last_distinct_index(const std::vector<double>& y, const LevelFacts& facts,
                         std::size_t& last_index) {
  std::vector<std::pair<double, std::size_t>> seen;  // (value, index of its first occurrence)
  seen.emplace_back(y[facts.last_value_at], facts.last_value_first);
  for (std::size_t i = facts.last_value_at + 1; i-- > 0;) {
    if (std::isnan(y[i])) continue;
    auto known = std::find_if(seen.begin(), seen.end(),
                              [&](const auto& value) { return value.first == y[i]; });
    if (known == seen.end()) {
      if (seen.size() == kMaxRepeatedTailValues) return false;
      const std::size_t first = static_cast<std::size_t>(
          std::find(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(i), y[i]) - y.begin());
      known = seen.insert(seen.end(), {y[i], first});
    }
    if (known->second == i) {
      last_index = i;
      return true;
    }
  }
  return false;  // not reached: the first non-missing value is always a first occurrence
}

// The sorted levels of the transcription: (y, index of its first occurrence), sorted by y.
std::vector<std::pair<double, std::size_t>> sorted_levels(const std::vector<double>& y) {
  std::vector<std::pair<double, std::size_t>> sorted;
  sorted.reserve(y.size());  // a curve of 10^6 distinct times: no regrowth
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (!std::isnan(y[i])) sorted.emplace_back(y[i], i);
  }
  auto by_level = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(sorted.begin(), sorted.end(), by_level)) {
    std::stable_sort(sorted.begin(), sorted.end(), by_level);
  }
  auto same_level = [](const auto& a, const auto& b) { return a.first == b.first; };
  sorted.erase(std::unique(sorted.begin(), sorted.end(), same_level), sorted.end());
  return sorted;
}

// findq keeps the last level only if no missing value comes before it.
double last_level(const std::vector<double>& y, std::size_t first_missing, std::size_t last_index) {
  return first_missing == kNone || first_missing < last_index ? y[last_index] : kNaN;
}

std::size_t first_missing_index(const std::vector<double>& y) {
  const auto missing = std::find_if(y.begin(), y.end(), [](double v) { return std::isnan(v); });
  return missing == y.end() ? kNone : static_cast<std::size_t>(missing - y.begin());
}

// The last distinct level read off the sorted levels: the largest index of a first occurrence.
double last_level_of_sorted(const std::vector<double>& y,
                            const std::vector<std::pair<double, std::size_t>>& sorted) {
  std::size_t last_index = 0;
  for (const auto& level : sorted) last_index = std::max(last_index, level.second);
  return last_level(y, first_missing_index(y), last_index);
}

// findq for one probability given the two approx() answers: the time where 1 - band first reaches
// p, the midpoint of the flat stretch where it equals p within the tolerance.
double quantile_from(const std::vector<double>& x, double last_y, std::size_t first,
                     std::size_t beyond, double p) {
  if (!std::isnan(last_y) && std::fabs(p - last_y) < kQuantileTolerance) {
    // Flat at exactly 1 - p until the end of follow-up: midpoint with the last time.
    return first == kNone ? kNaN : (x[first] + x.back()) / 2.0;
  }
  if (first == kNone || beyond == kNone) return kNaN;
  return (x[first] + x[beyond]) / 2.0;
}

std::size_t first_sorted_index_reaching(const std::vector<std::pair<double, std::size_t>>& sorted,
                                        double shift, double p) {
  if (sorted.empty() || p < sorted.front().first + shift || p > sorted.back().first + shift) {
    return kNone;
  }
  auto found = std::partition_point(sorted.begin(), sorted.end(), [shift, p](const auto& level) {
    return level.first + shift < p;
  });
  return found == sorted.end() ? kNone : found->second;
}

}  // namespace

double band_quantile(const std::vector<double>& x, const std::vector<double>& y, double p) {
  const LevelFacts facts = level_facts(y, p);
  // Never reached. R tests max(y) < min(probs); we allow the tolerance so an S that equals 1 - p
  // up to rounding counts as reaching it, as R does whenever a smaller probability is requested.
  if (!facts.any || facts.largest < p - kQuantileTolerance) return kNaN;
  if (p == 0.0) return x.front();
  std::size_t last_index = 0;
  const double last_y = last_distinct_index(y, facts, last_index)
                            ? last_level(y, facts.first_missing, last_index)
                            : last_level_of_sorted(y, sorted_levels(y));
  return quantile_from(x, last_y, within_range(facts, kQuantileTolerance, p, facts.reaching_above),
                       within_range(facts, -kQuantileTolerance, p, facts.reaching_below), p);
}

double band_quantile_by_sorting(const std::vector<double>& x, const std::vector<double>& y,
                                double p) {
  const auto sorted = sorted_levels(y);
  if (sorted.empty() || sorted.back().first < p - kQuantileTolerance) return kNaN;
  if (p == 0.0) return x.front();
  return quantile_from(x, last_level_of_sorted(y, sorted),
                       first_sorted_index_reaching(sorted, kQuantileTolerance, p),
                       first_sorted_index_reaching(sorted, -kQuantileTolerance, p), p);
}

}  // namespace nelm
