// survival:::findq (quantile.survfit's helper in survival/R/) for one curve or confidence band:
// the time where y = 1 - band first reaches a probability. Two formulations that give the same
// answer: a linear scan (the one the summaries use) and the transcription that sorts the levels
// as approx() does (kept as the scan's fallback and as the reference its test compares with).
#pragma once

#include <vector>

namespace nelm {

// x and y as doquant builds them: x = (0, times...), y = (0, 1 - band...); y may hold NaN.
double band_quantile(const std::vector<double>& x, const std::vector<double>& y, double p);
double band_quantile_by_sorting(const std::vector<double>& x, const std::vector<double>& y,
                                double p);

}  // namespace nelm
