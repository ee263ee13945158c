// The module's warm-up: the large-cohort ops run once on a small synthetic cohort, answered to
// nobody, so that a real request's first call runs optimised code (docs/performance.md,
// "Issue 16.5"). Changes nothing a later request can see.
#pragma once

#include <string>

namespace nelm::api {

// Runs kaplan_meier, log_rank, cox (with its concordance and PH test) and
// cumulative_incidence (with Gray's test) on `rows` SYNTHETIC rows handed over as stored columns,
// with whole-day and with continuous times, then puts the
// caller's stored columns back as they were. Answers {"ok": true, "requests": N}, or a refused
// request's envelope (a defect: the requests are fixed). Throws ApiError (invalid_value) for
// `rows` outside 100 to 100,000. Called through api.h's warm_up, which never throws.
std::string run_warm_up(std::size_t rows);

}  // namespace nelm::api
