// Times that differ only by floating-point noise are made equal, exactly as R survival's aeqSurv
// does (the same tolerance as all.equal), so that 0.1 + 0.2 and 0.3 form one tie.
#pragma once

#include <cstddef>
#include <vector>

namespace nelm {

// Replaces every time by the smallest value of its tie class. Entry times, if given, are binned
// with the same cut points; throws CoreError("zero_length_interval", subject "entry", row
// row_id[i], or i when row_id is empty) if that leaves an entry equal to its exit time where the
// raw values differed. Returns true if anything changed.
bool merge_nearly_tied_times(std::vector<double>& time, std::vector<double>* entry = nullptr,
                             const std::vector<std::size_t>& row_id = {});

// The same for times already in ascending order (sort_ascending's values): merged in place,
// without a sort or a search. Merging moves each time down to its tie class's first value, so the
// times stay ascending and the order they came from stays valid.
bool merge_nearly_tied_ascending_times(std::vector<double>& ascending);

}  // namespace nelm
