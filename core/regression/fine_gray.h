// Fine-Gray subdistribution hazards regression for competing risks, as R survival's finegray()
// followed by coxph(Surv(fgstart, fgstop, fgstatus) ~ x, weights = fgwt), with the predicted
// cumulative incidence for a covariate profile (survfit on that fit). Formulas, and how this
// differs from cmprsk::crr: docs/validation/competing_risks.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/core_error.h"
#include "common/survival_data.h"
#include "numerics/linear_algebra.h"
#include "regression/cox_model.h"

namespace nelm {

// Which rows the sandwich variance treats as independent.
enum class FineGrayCluster {
  subject,  // one cluster per subject: coxph(... + cluster(id)) on the finegray data
  row,      // one per finegray row: what coxph gives on the finegray data without an id
};

// How the censoring survival G that weights competing subjects treats an event at a censoring
// time: finegray counts it first (out of the risk set), cmprsk::crr keeps it in (the ordinary
// Kaplan-Meier). Only finegray's is offered by the API; crr's exists to show the difference.
enum class FineGrayCensoring { finegray, crr };

struct FineGrayOptions {
  int cause = 1;                        // the event of interest (R's etype); others compete
  TiesMethod ties = TiesMethod::efron;  // efron or breslow, as coxph's ties
  int max_iterations = 20;              // R's iter.max
  double epsilon = 1e-9;                // R's eps
  double conf_level = 0.95;
  // coxph turns robust on by itself for the fractional finegray weights; false is robust = FALSE.
  bool robust = true;
  FineGrayCluster cluster = FineGrayCluster::subject;
  FineGrayCensoring censoring = FineGrayCensoring::finegray;
};

struct FineGrayData {
  SurvivalData survival;  // event 0 = censored, k = cause k; entry must be empty
  std::vector<std::string> covariate_names;
  std::vector<std::vector<double>> covariates;  // one column per covariate
};

// The baseline subdistribution hazard at each distinct time with an event of interest, as
// agsurv computes it on the finegray data (covariates centred at `means`).
struct FineGrayBaseline {
  std::vector<double> time;
  std::vector<double> n_risk;    // sum of finegray weights at risk (R's n.risk)
  std::vector<double> n_event;   // weighted events of interest
  std::vector<double> hazard;    // baseline increment dH0 (Breslow or Efron, R's ctype 1 or 2)
  std::vector<double> variance;  // its variance term (agsurv's varhaz)
  std::vector<std::vector<double>> mean_x_hazard;  // xbar * dH0 per time, uncentred covariates
};

// Per-term vectors follow `terms`. The top-level se, z, p and hazard-ratio limits are
// model-based (R's se(coef), fit$naive.var); the robust ones use the sandwich of `cluster`.
struct FineGrayFit {
  std::vector<std::string> terms;
  int cause = 1;
  TiesMethod ties = TiesMethod::efron;
  std::vector<double> coef, se, z, p, hr, hr_lower, hr_upper, means;
  std::vector<bool> infinite;
  Matrix variance;  // model-based: inverse information
  double loglik = 0, loglik_null = 0;
  CoxTest likelihood_ratio_test, wald_test, score_test;
  int iterations = 0;
  bool converged = false;
  double n = 0;              // subjects (R's fit$n counts the finegray rows instead)
  double n_events = 0;       // events of interest (unweighted, R's nevent)
  double n_competing = 0;    // subjects with a competing event
  double finegray_rows = 0;  // rows of the data finegray() would build (R's fit$n)

  bool has_robust = false;
  FineGrayCluster cluster = FineGrayCluster::subject;
  std::vector<double> robust_se, robust_z, robust_p, robust_hr_lower, robust_hr_upper;
  Matrix robust_variance;
  CoxTest robust_wald_test, robust_score_test;

  FineGrayBaseline baseline;
  Warnings warnings;
};

// Refusals (CoreError): "no_events" (no event of interest), "constant_covariate",
// "collinear_covariates", "unsupported" (entry times), "invalid_input" (sizes, a weight <= 0 as
// coxph refuses, cause < 1).
FineGrayFit fine_gray_fit(const FineGrayData& data, const FineGrayOptions& options = {});

// The predicted cumulative incidence F(t | x) = 1 - exp(-H0(t) exp(x'b)) at each baseline time,
// with the Tsiatis variance of H as survfit.coxph (using the robust variance when the fit has
// one, as R does). lower/upper are 1 - the limits of S = exp(-H) under `transform`.
struct FineGrayPrediction {
  double linear_predictor = 0;  // x'b with uncentred covariates
  ConfidenceTransform transform = ConfidenceTransform::log;
  double conf_level = 0.95;
  std::vector<double> time, n_risk, n_event, incidence, std_err, lower, upper, cumhaz,
      std_err_cumhaz;
};

FineGrayPrediction fine_gray_predicted_incidence(
    const FineGrayFit& fit, const std::vector<double>& profile,
    ConfidenceTransform transform = ConfidenceTransform::log, double conf_level = 0.95);

// The step function read at each requested time (sorted ascending), as summary(survfit(fit,
// newdata), times, extend = TRUE): incidence 0 with limits [0, 0] before the first event.
struct FineGrayIncidenceAtTimes {
  std::vector<double> time, incidence, std_err, lower, upper;
};
FineGrayIncidenceAtTimes fine_gray_incidence_at_times(const FineGrayPrediction& prediction,
                                                      const std::vector<double>& times);

}  // namespace nelm
