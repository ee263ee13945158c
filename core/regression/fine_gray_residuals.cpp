// Score residuals of the Fine-Gray fit, per subject and per finegray row, as R's
// residuals.coxph(type = "score", weighted = TRUE) on the finegray data (agscore3.c), but in
// O(n p) with cumulative hazard sums instead of one residual per expanded row and risk set.
#include <algorithm>
#include <cmath>

#include "regression/fine_gray_design.h"
#include "regression/fine_gray_sweep.h"

namespace nelm {
namespace {

// The hazard terms of one time (coxscore2's Efron steps: the k-th of d steps removes k/d of the
// deaths' sums; a death only takes part in (1 - k/d) of step k).
FineGrayEventTime event_time_terms(const FineGrayTieGroup& tie, bool efron) {
  const std::size_t p = tie.at_risk.x.size();
  FineGrayEventTime terms;
  terms.group = tie.group;
  terms.censoring = tie.censoring;
  terms.risk_total = tie.at_risk.total + tie.dead.total;
  terms.at_risk_weight = tie.at_risk.weight + tie.dead.weight;
  terms.death_risk = tie.dead.total;
  terms.death_weight = tie.dead.weight;
  terms.deaths = tie.dead.count;
  terms.risk_x.resize(p);
  for (std::size_t j = 0; j < p; ++j) terms.risk_x[j] = tie.at_risk.x[j] + tie.dead.x[j];
  terms.death_x = tie.dead.x;
  terms.hazard_mean.assign(p, 0.0);
  terms.death_hazard_mean.assign(p, 0.0);
  terms.average_mean.assign(p, 0.0);
  const double steps = (efron && terms.deaths > 1) ? terms.deaths : 1.0;
  for (int step = 0; step < static_cast<int>(steps); ++step) {
    const double removed = step / steps;
    const double denominator = terms.risk_total - removed * terms.death_risk;
    const double hazard = terms.death_weight / steps / denominator;
    terms.hazard += hazard;
    terms.hazard_variance += hazard / denominator;
    terms.death_hazard += hazard * (1 - removed);
    for (std::size_t j = 0; j < p; ++j) {
      const double mean = (terms.risk_x[j] - removed * terms.death_x[j]) / denominator;
      terms.hazard_mean[j] += hazard * mean;
      terms.death_hazard_mean[j] += hazard * (1 - removed) * mean;
      terms.average_mean[j] += mean / steps;
    }
  }
  return terms;
}

// Running sums of dLambda and dLambda * xbar over event times, plain and weighted by G(t-).
struct HazardSums {
  explicit HazardSums(std::size_t p) : mean(p, 0.0), censoring_mean(p, 0.0) {}
  double hazard = 0, censoring_hazard = 0;
  std::vector<double> mean, censoring_mean;
  void add(const FineGrayEventTime& terms) {
    hazard += terms.hazard;
    censoring_hazard += terms.censoring * terms.hazard;
    for (std::size_t j = 0; j < mean.size(); ++j) {
      mean[j] += terms.hazard_mean[j];
      censoring_mean[j] += terms.censoring * terms.hazard_mean[j];
    }
  }
};

// u += factor * (x * hazard - mean)
void add_compensator(std::vector<double>& u, const double* x, double factor, double hazard,
                     const std::vector<double>& mean) {
  for (std::size_t j = 0; j < u.size(); ++j) u[j] += factor * (x[j] * hazard - mean[j]);
}

void add_outer(Matrix& m, const std::vector<double>& u, double factor = 1.0) {
  for (std::size_t a = 0; a < u.size(); ++a) {
    for (std::size_t b = 0; b < u.size(); ++b) m(a, b) += factor * u[a] * u[b];
  }
}

// Row clustering. A competing subject's first finegray row is (0, cut j0], j0 its first cut,
// with weight w; its later rows are the intervals (cut k-1, cut k], k > j0, weighted
// w G(cut k-1) / G(T-). The later rows' residuals are -(r w / G(T-)) (x a_k - b_k), a_k and b_k
// the G-weighted dLambda and dLambda * xbar of interval k, so their outer products need only
// suffix sums over k of a^2, a b and b b'.
class RowOuterProducts {
 public:
  RowOuterProducts(const FineGrayDesign& design, const std::vector<FineGrayEventTime>& times)
      : p_(design.p),
        a_(design.cut_count, 0.0),
        b_(design.cut_count * design.p, 0.0),
        hazard_to_cut_(design.cut_count, 0.0),
        mean_to_cut_(design.cut_count * design.p, 0.0),
        next_cut_(design.cut_count),
        ab_(design.p, 0.0),
        bb_(design.p) {
    for (const FineGrayEventTime& terms : times) {
      const std::size_t k = design.group_cut[terms.group];
      a_[k] += terms.censoring * terms.hazard;
      hazard_to_cut_[k] += terms.hazard;
      for (std::size_t j = 0; j < p_; ++j) {
        b_[k * p_ + j] += terms.censoring * terms.hazard_mean[j];
        mean_to_cut_[k * p_ + j] += terms.hazard_mean[j];
      }
    }
    for (std::size_t k = 1; k < design.cut_count; ++k) {  // cumulative up to each cut
      hazard_to_cut_[k] += hazard_to_cut_[k - 1];
      for (std::size_t j = 0; j < p_; ++j)
        mean_to_cut_[k * p_ + j] += mean_to_cut_[(k - 1) * p_ + j];
    }
  }

  // Adds the outer products of every row of one competing subject (design-scale x, r = exp(eta),
  // weight w, G(T-)). Subjects must come in descending order of first_cut.
  void add_competing_rows(std::size_t first_cut, const double* x, double risk, double weight,
                          double censoring, Matrix& m) {
    std::vector<double> first(p_);
    for (std::size_t j = 0; j < p_; ++j) {
      first[j] =
          -risk * weight * (x[j] * hazard_to_cut_[first_cut] - mean_to_cut_[first_cut * p_ + j]);
    }
    add_outer(m, first);
    while (next_cut_ > first_cut + 1) {
      --next_cut_;
      const double a = a_[next_cut_];
      const double* b = b_.data() + next_cut_ * p_;
      aa_ += a * a;
      for (std::size_t i = 0; i < p_; ++i) {
        ab_[i] += a * b[i];
        for (std::size_t j = 0; j < p_; ++j) bb_(i, j) += b[i] * b[j];
      }
    }
    const double f = risk * weight / censoring;
    for (std::size_t i = 0; i < p_; ++i) {
      for (std::size_t j = 0; j < p_; ++j) {
        m(i, j) += f * f * (x[i] * x[j] * aa_ - x[i] * ab_[j] - ab_[i] * x[j] + bb_(i, j));
      }
    }
  }

 private:
  std::size_t p_;
  std::vector<double> a_, b_;                        // per interval, G-weighted
  std::vector<double> hazard_to_cut_, mean_to_cut_;  // cumulative up to each cut, unweighted
  std::size_t next_cut_;
  double aa_ = 0;
  std::vector<double> ab_;
  Matrix bb_;
};

// The outer products of every finegray row's residual: one row per non-competing subject
// (its residual), a competing subject's first row and its later rows (RowOuterProducts).
Matrix row_outer_products(const FineGrayDesign& design, const std::vector<double>& beta,
                          const std::vector<FineGrayEventTime>& times,
                          const std::vector<double>& residuals) {
  const std::size_t p = design.p;
  Matrix outer(p);
  std::vector<double> u(p);
  RowOuterProducts rows(design, times);
  for (std::size_t g = design.groups(); g-- > 0;) {
    for (std::size_t i = design.group_begin[g + 1]; i-- > design.group_begin[g];) {
      if (design.kind[i] != FineGrayKind::competing) {
        for (std::size_t j = 0; j < p; ++j) u[j] = residuals[i * p + j] * design.scale[j];
        add_outer(outer, u);
        continue;
      }
      const double* x = design.row(i);
      double eta = 0;
      for (std::size_t j = 0; j < p; ++j) eta += beta[j] * x[j];
      rows.add_competing_rows(design.group_cut[g], x, std::exp(eta), design.weight[i],
                              design.censoring_before[i], outer);
    }
  }
  Matrix result(p);  // back from the scaled covariates
  for (std::size_t a = 0; a < p; ++a) {
    for (std::size_t b = 0; b < p; ++b) {
      result(a, b) = outer(a, b) / (design.scale[a] * design.scale[b]);
    }
  }
  return result;
}

}  // namespace

std::vector<FineGrayEventTime> fine_gray_event_times(const FineGrayDesign& design,
                                                     const std::vector<double>& beta) {
  std::vector<FineGrayEventTime> times;
  sweep_event_times(design, beta, false, [&](const FineGrayTieGroup& tie) {
    times.push_back(event_time_terms(tie, design.efron));
  });
  std::reverse(times.begin(), times.end());
  return times;
}

// Residual of subject i at time T (r = exp(eta)):
//   event:     (x - average_mean(T)) - r (x death_hazard - death_hazard_mean)(T) - r (x H - HX)(<T)
//   censored:  - r (x H - HX)(<= T)
//   competing: - r (x H - HX)(<= T) - (r / G(T-)) (x HG - HGX)(> T)
// H, HX: cumulative dLambda and dLambda * xbar; HG, HGX the same weighted by G(t-).
std::vector<double> fine_gray_score_residuals(const FineGrayDesign& design,
                                              const std::vector<double>& beta, Matrix* row_outer) {
  const std::size_t p = design.p;
  const std::vector<FineGrayEventTime> times = fine_gray_event_times(design, beta);
  HazardSums total(p), running(p), before(p);  // running: over event times <= the current time
  for (const FineGrayEventTime& terms : times) total.add(terms);
  std::vector<double> residuals(design.n * p, 0.0);
  std::vector<double> u(p), later_mean(p);
  std::size_t next_time = 0;
  for (std::size_t g = 0; g < design.groups(); ++g) {
    const FineGrayEventTime* here = nullptr;
    if (next_time < times.size() && times[next_time].group == g) {
      here = &times[next_time++];
      before = running;
      running.add(*here);
    }
    for (std::size_t i = design.group_begin[g]; i < design.group_begin[g + 1]; ++i) {
      const double* x = design.row(i);
      double eta = 0;
      for (std::size_t j = 0; j < p; ++j) eta += beta[j] * x[j];
      const double risk = std::exp(eta);
      std::fill(u.begin(), u.end(), 0.0);
      if (design.kind[i] == FineGrayKind::event) {  // its group has an event time: here is set
        for (std::size_t j = 0; j < p; ++j) {
          u[j] = (x[j] - here->average_mean[j]) -
                 risk * (x[j] * here->death_hazard - here->death_hazard_mean[j]);
        }
        add_compensator(u, x, -risk, before.hazard, before.mean);
      } else {
        add_compensator(u, x, -risk, running.hazard, running.mean);
      }
      if (design.kind[i] == FineGrayKind::competing) {
        for (std::size_t j = 0; j < p; ++j) {
          later_mean[j] = total.censoring_mean[j] - running.censoring_mean[j];
        }
        add_compensator(u, x, -risk / design.censoring_before[i],
                        total.censoring_hazard - running.censoring_hazard, later_mean);
      }
      for (std::size_t j = 0; j < p; ++j) {
        residuals[i * p + j] = u[j] * design.weight[i] / design.scale[j];
      }
    }
  }
  if (row_outer != nullptr) *row_outer = row_outer_products(design, beta, times, residuals);
  return residuals;
}

}  // namespace nelm
