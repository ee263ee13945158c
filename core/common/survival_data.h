// Right-censored (optionally left-truncated, weighted) survival data as the core receives it,
// already validated by the boundary: finite non-negative times, entry < time, weights >= 0.
#pragma once

#include <limits>
#include <vector>

namespace nelm {

struct SurvivalData {
  std::vector<double> time;         // exit time: event or censoring
  std::vector<int> event;           // 0 = censored, 1 = event (competing risks: k = cause k)
  std::vector<double> entry;        // empty, or delayed-entry time per row (left truncation)
  std::vector<double> weight;       // empty, or case weight per row
  std::vector<std::size_t> row_id;  // empty, or the caller's number of each row (for refusals)

  std::size_t size() const { return time.size(); }
  bool has_entry() const { return !entry.empty(); }
  bool has_weight() const { return !weight.empty(); }
  // Without an entry column every subject is at risk from the start of time.
  double entry_of(std::size_t i) const {
    return entry.empty() ? -std::numeric_limits<double>::infinity() : entry[i];
  }
  double weight_of(std::size_t i) const { return weight.empty() ? 1.0 : weight[i]; }
  std::size_t row_id_of(std::size_t i) const { return row_id.empty() ? i : row_id[i]; }
};

// Confidence interval transform for a survival probability.
enum class ConfidenceTransform { log_log, log, plain };

// The given rows, in the given order, of every column present (one group's curve or test); each
// keeps its row_id, so a refusal about a group's row still names the caller's row.
SurvivalData subset_rows(const SurvivalData& data, const std::vector<std::size_t>& rows);

}  // namespace nelm
