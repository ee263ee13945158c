// JSON for the parts of a Cox result (fit, concordance, predicted curve), kept apart from the
// request handling in cox_operation.cpp.
#pragma once

#include "regression/cox_concordance.h"
#include "regression/cox_model.h"
#include "regression/cox_prediction.h"
#include "regression/cox_zph.h"
#include "request_reader.h"

namespace nelm::api {

// clustered_by_id: the robust variance summed the score residuals of each id (else each row).
json cox_fit_json(const CoxFit& fit, bool clustered_by_id);
json concordance_json(const Concordance& concordance);
json ph_test_json(const ProportionalHazardsTest& test, const std::string& transform);
// Reads "profile" (one value per declared covariate: a number, or a level of a categorical one),
// "conf_type" and "times" from the request.
json cox_prediction_json(const json& request, const CoxData& data, const CoxFit& fit,
                         const std::vector<CovariateCoding>& coding,
                         const std::vector<std::string>& stratum_labels, Warnings& warnings);
// Reads "profile_path" ({start, time, covariates, optional strata and id}; cox_path_json.cpp)
// and gives one curve per path (per id), as R's survfit(fit, newdata, id = ).
json cox_path_prediction_json(const json& request, const CoxData& data, const CoxFit& fit,
                              const LabelColumn& strata, Warnings& warnings);

// Shared by both predictions: the curve table, median and (with "times") landmarks.
json predicted_curve_json(const CoxPredictedCurve& curve, const std::vector<double>& times);
// R's survfit.coxph uses fit$var: the robust variance after a robust fit.
const Matrix& prediction_variance(const CoxFit& fit);
// The curve is withheld (null, with a warning) when a coefficient is infinite.
bool prediction_withheld(const CoxFit& fit, Warnings& warnings);

}  // namespace nelm::api
