// Where in the request a core refusal points: the JSON pointer of the input its subject names.
#pragma once

#include <string>

#include "common/core_error.h"
#include "request_reader.h"

namespace nelm::api {

// The core names what a refusal is about (CoreError::subject) by the input's wire name; the first
// of these that the request has is the path: a covariate (/data/covariates/NAME), a request field
// (/NAME: /points, /cohort, /conditional, /time), a data column (/data/NAME: /data/time,
// /data/entry), a model input's value (/profile/NAME) or its definition (/model/inputs/I).
// Without a subject, or one the request does not have: /data when the request has data, else ""
// (the request as a whole).
std::string path_of_subject(const json& request, const std::string& subject);

// As above for a core refusal; when it names a row of a column the request has (a covariate or a
// data column), the path ends at that row: /data/covariates/age/7, /data/time/12.
std::string path_of_subject(const json& request, const CoreError& error);

}  // namespace nelm::api
