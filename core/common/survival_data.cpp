// Row selection on SurvivalData, so per-group analyses can reuse the single-curve functions.
#include "common/survival_data.h"

namespace nelm {

SurvivalData subset_rows(const SurvivalData& data, const std::vector<std::size_t>& rows) {
  SurvivalData subset;
  subset.time.reserve(rows.size());
  subset.event.reserve(rows.size());
  subset.row_id.reserve(rows.size());
  for (std::size_t row : rows) {
    subset.time.push_back(data.time[row]);
    subset.event.push_back(data.event[row]);
    if (data.has_entry()) subset.entry.push_back(data.entry[row]);
    if (data.has_weight()) subset.weight.push_back(data.weight[row]);
    subset.row_id.push_back(data.row_id_of(row));
  }
  return subset;
}

}  // namespace nelm
