// Tail probabilities from erfc and the incomplete gamma function (Numerical Recipes' series and
// Lentz continued fraction), evaluated on whichever side keeps relative precision.
#include "numerics/distributions.h"

#include <cmath>
#include <limits>

namespace nelm {
namespace {

constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;
constexpr int kMaxTerms = 100000;
constexpr double kRelativeStop = 1e-16;

// Series for the lower regularized gamma P(a, x); converges fast when x < a + 1.
double lower_gamma_series(double a, double x) {
  double term = 1.0 / a;
  double sum = term;
  for (int n = 1; n < kMaxTerms; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * kRelativeStop) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Continued fraction for Q(a, x) (modified Lentz); converges fast when x >= a + 1 and keeps the
// relative accuracy of tiny upper tails because the prefactor is formed in log space.
double upper_gamma_fraction(double a, double x) {
  const double tiny = std::numeric_limits<double>::min() / kRelativeStop;
  double b = x + 1.0 - a;
  double c = 1.0 / tiny;
  double d = 1.0 / b;
  double h = d;
  for (int i = 1; i < kMaxTerms; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kRelativeStop) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

}  // namespace

double normal_density(double x) { return kInvSqrt2Pi * std::exp(-0.5 * x * x); }

double normal_cdf(double x) { return 0.5 * std::erfc(-x / kSqrt2); }

double normal_upper_tail(double x) { return 0.5 * std::erfc(x / kSqrt2); }

double normal_two_sided_p(double z) { return std::erfc(std::fabs(z) / kSqrt2); }

double normal_quantile(double probability) {
  if (!(probability > 0.0)) return probability == 0.0 ? -INFINITY : NAN;
  if (!(probability < 1.0)) return probability == 1.0 ? INFINITY : NAN;
  // Work in the smaller tail so the target keeps its relative precision.
  const bool upper = probability > 0.5;
  const double tail = upper ? 1.0 - probability : probability;
  // Starting value: a logistic-type approximation good to a few percent, then Halley steps on
  // f(x) = Phi(x) - tail, which converge cubically to full precision.
  double t = std::sqrt(-2.0 * std::log(tail));
  double x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
                       (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (int i = 0; i < 8; ++i) {
    const double f = normal_cdf(x) - tail;
    const double density = normal_density(x);
    if (density == 0.0) break;
    const double u = f / density;
    const double step = u / (1.0 + 0.5 * x * u);
    x -= step;
    if (std::fabs(step) <= 1e-16 * std::fabs(x)) break;
  }
  return upper ? -x : x;
}

double two_sided_critical_value(double confidence_level) {
  return -normal_quantile((1.0 - confidence_level) / 2.0);
}

double regularized_upper_gamma(double a, double x) {
  if (x <= 0.0) return 1.0;
  if (x < a + 1.0) return 1.0 - lower_gamma_series(a, x);
  return upper_gamma_fraction(a, x);
}

double chi_square_upper_tail(double x, double degrees_of_freedom) {
  if (!(x > 0.0)) return 1.0;
  return regularized_upper_gamma(0.5 * degrees_of_freedom, 0.5 * x);
}

}  // namespace nelm
