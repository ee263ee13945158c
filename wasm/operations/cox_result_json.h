// JSON for the parts of a Cox result (fit, concordance, predicted curve), kept apart from the
// request handling in cox_operation.cpp.
#pragma once

#include "regression/cox_concordance.h"
#include "regression/cox_model.h"
#include "regression/cox_zph.h"
#include "request_reader.h"

namespace nelm::api {

json cox_fit_json(const CoxFit& fit);
json concordance_json(const Concordance& concordance);
json ph_test_json(const ProportionalHazardsTest& test, const std::string& transform);
// Reads "profile" (one value per declared covariate: a number, or a level of a categorical one),
// "conf_type" and "times" from the request.
json cox_prediction_json(const json& request, const CoxData& data, const CoxFit& fit,
                         const std::vector<CovariateCoding>& coding,
                         const std::vector<std::string>& stratum_labels, Warnings& warnings);

}  // namespace nelm::api
