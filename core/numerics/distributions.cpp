// Tail probabilities and the normal quantile from Boost.Math (erfc, erfc_inv, the regularized
// incomplete gamma), each evaluated on the side that keeps relative precision.
#include "numerics/distributions.h"

#ifndef BOOST_MATH_ROUNDING_ERROR_POLICY
#error "Boost.Math's policy comes from core/CMakeLists.txt: no exceptions, double precision"
#endif

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

namespace nelm {
namespace {

// Boost's error policy is set for the whole core in core/CMakeLists.txt (no exceptions, double
// precision), so that Boost's internal calls, which use the default policy, follow it too.
using StandardNormal = boost::math::normal_distribution<double>;  // mean 0, sd 1

}  // namespace

double normal_density(double x) { return boost::math::pdf(StandardNormal(), x); }

double normal_cdf(double x) { return boost::math::cdf(StandardNormal(), x); }

double normal_upper_tail(double x) {
  return boost::math::cdf(boost::math::complement(StandardNormal(), x));
}

double normal_two_sided_p(double z) { return 2.0 * normal_upper_tail(std::fabs(z)); }

double normal_quantile(double probability) {
  if (!(probability > 0.0)) return probability == 0.0 ? -INFINITY : NAN;
  if (!(probability < 1.0)) return probability == 1.0 ? INFINITY : NAN;
  // Boost works from the smaller tail (erfc_inv), so a probability of 1e-300 keeps its digits.
  return boost::math::quantile(StandardNormal(), probability);
}

double two_sided_critical_value(double confidence_level) {
  return -normal_quantile((1.0 - confidence_level) / 2.0);
}

double regularized_upper_gamma(double a, double x) {
  if (x <= 0.0) return 1.0;
  return boost::math::gamma_q(a, x);
}

double chi_square_upper_tail(double x, double degrees_of_freedom) {
  if (!(x > 0.0)) return 1.0;
  return regularized_upper_gamma(0.5 * degrees_of_freedom, 0.5 * x);
}

}  // namespace nelm
