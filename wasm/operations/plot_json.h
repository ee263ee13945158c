// The "plot" option of kaplan_meier and cumulative_incidence: a curve thinned
// to the rows a figure needs (core/estimators/plot_rows.h), and the
// estimability of requested times, in JSON.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/core_error.h"
#include "estimators/competing_risks.h"
#include "estimators/kaplan_meier.h"
#include "request_reader.h"

namespace nelm::api {

// "plot": {"points": 1..20000 (default 1000), "to": > 0 (default: the last
// time)}.
struct PlotRequest {
  bool requested = false;
  std::size_t points = 1000;
  double to = 0.0;  // 0: up to the curve's last time
};
PlotRequest read_plot(const json& request);

// {time, surv, lower, upper, n_censor}, starting at the origin (0, 1) as R's
// survfit0 does.
json kaplan_meier_plot_json(const KaplanMeierTable& table, const PlotRequest& plot);
// {time, n_censor, causes: [{cause, incidence, lower, upper}]}, starting at the
// origin (0, 0).
json incidence_plot_json(const CumulativeIncidence& curve, const PlotRequest& plot,
                         const CumulativeIncidenceOptions& options);

// A "beyond_follow_up" warning naming the requested times that are not
// estimable (none: nothing).
void warn_not_estimable(const std::vector<double>& time, const std::vector<bool>& estimable,
                        double last_time, const std::string& group, Warnings& warnings);

}  // namespace nelm::api
