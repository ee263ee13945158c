// See cox_exact_sums.h: the recursion of R survival's coxexact.c (coxd0, coxd1, coxd2), run
// bottom-up over the rows with one scale per degree.
#include "regression/cox_exact_sums.h"

#include <algorithm>
#include <cmath>

namespace nelm {
namespace {

constexpr double kLargest = 1e100;
constexpr double kSmallest = 1e-100;

}  // namespace

ExactTieSums::ExactTieSums(std::size_t p, std::size_t max_degree)
    : p_(p),
      stride_(1 + p + p * (p + 1) / 2),
      values_((max_degree + 1) * stride_, 0.0),
      log_scale_(max_degree + 1, 0.0),
      step_(max_degree + 1, 1.0) {
  reset(max_degree);
}

void ExactTieSums::reset(std::size_t degree) {
  degree_ = std::min(degree, log_scale_.size() - 1);
  rows_ = 0;
  std::fill(values_.begin(), values_.begin() + static_cast<std::ptrdiff_t>((degree_ + 1) * stride_),
            0.0);
  std::fill(log_scale_.begin(), log_scale_.end(), 0.0);
  std::fill(step_.begin(), step_.end(), 1.0);
  level(0)[0] = 1.0;  // e_0 = 1; its derivatives are 0
}

void ExactTieSums::lower_degree(std::size_t degree) { degree_ = std::min(degree_, degree); }

std::size_t ExactTieSums::second_index(std::size_t j, std::size_t l) const {
  if (l > j) std::swap(j, l);
  return 1 + p_ + j * (j + 1) / 2 + l;
}

// Degrees from the top down, so that degree k reads degree k - 1 before this row updates it.
void ExactTieSums::add(const double* x, double eta) {
  const double risk = std::exp(eta);
  const std::size_t top = std::min(degree_, rows_ + 1);
  for (std::size_t k = top; k >= 1; --k) {
    double* current = level(k);
    const double* below = level(k - 1);
    const double score = risk * step_[k];
    const double e_below = below[0];
    const double* d1_below = below + 1;
    for (std::size_t j = 0; j < p_; ++j) {
      const double x_j = x[j];
      double* d2 = current + 1 + p_ + j * (j + 1) / 2;
      const double* d2_below = below + 1 + p_ + j * (j + 1) / 2;
      for (std::size_t l = 0; l <= j; ++l) {
        d2[l] +=
            score * (x_j * x[l] * e_below + x_j * d1_below[l] + x[l] * d1_below[j] + d2_below[l]);
      }
    }
    for (std::size_t j = 0; j < p_; ++j) current[1 + j] += score * (x[j] * e_below + d1_below[j]);
    current[0] += score * e_below;
  }
  ++rows_;
  for (std::size_t k = 1; k <= top; ++k) {
    const double e = level(k)[0];
    if (e > kLargest || (e < kSmallest && e > 0.0)) rescale(k);
  }
}

// Divides degree k by its current e_k (so it becomes 1) and records the factor in L_k; the
// multipliers into degree k and k + 1 change with it.
void ExactTieSums::rescale(std::size_t k) {
  double* values = level(k);
  const double e = values[0];
  for (std::size_t i = 0; i < stride_; ++i) values[i] /= e;
  log_scale_[k] += std::log(e);
  step_[k] = std::exp(log_scale_[k - 1] - log_scale_[k]);
  if (k + 1 < step_.size()) step_[k + 1] = std::exp(log_scale_[k] - log_scale_[k + 1]);
}

double ExactTieSums::log_value(std::size_t d) const {
  return std::log(level(d)[0]) + log_scale_[d];
}

double ExactTieSums::mean(std::size_t d, std::size_t j) const {
  return level(d)[1 + j] / level(d)[0];
}

double ExactTieSums::second_moment(std::size_t d, std::size_t j, std::size_t l) const {
  return level(d)[second_index(j, l)] / level(d)[0];
}

}  // namespace nelm
