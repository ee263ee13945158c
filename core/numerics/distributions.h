// Normal and chi-square tail probabilities and quantiles, computed so that tiny p-values keep
// their relative accuracy (a log-rank p of 1e-185 stays 1e-185, never 0 and never 1 - cdf).
#pragma once

namespace nelm {

double normal_density(double x);
double normal_cdf(double x);                 // P(Z <= x)
double normal_upper_tail(double x);          // P(Z > x), computed directly
double normal_two_sided_p(double z);         // P(|Z| > |z|)
double normal_quantile(double probability);  // inverse of normal_cdf, full double precision

// The z with P(|Z| <= z) = level, e.g. 1.959963984540054 for level 0.95.
double two_sided_critical_value(double confidence_level);

// P(X > x) for X ~ chi-square with df degrees of freedom (df > 0); 1 for x <= 0.
double chi_square_upper_tail(double x, double degrees_of_freedom);

// Regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a).
double regularized_upper_gamma(double a, double x);

}  // namespace nelm
