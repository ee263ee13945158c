// The "no garbage numbers" check shared by the robustness tests and the fuzzers: walks an ok:true
// response and lists every null (how a NaN or infinity would be printed) that is not in a field
// where docs/api.md says a number may be undefined. Header-only: only nlohmann, so that the fuzz
// targets can use it too.
//
// Fields that may be null, and why (docs/api.md; R reference README, "null" rules):
//  - curve labels: `group` without groups, `stratum` without strata (not numbers at all);
//  - Kaplan-Meier / Cox-predicted tables and at_times: `std_err`, `std_err_log`, `std_cumhaz`
//    once everyone at risk has died (S = 0); `lower`/`upper` where S = 0 (log, log-log) or
//    S = 1 (log-log) or the SE is undefined;
//  - medians and quantiles (`median`, `quantiles`): estimate and bounds never reached;
//  - `rmst.se` when the variance is undefined (S = 0 before tau);
//  - `conditional` SE and bounds, as the table's;
//  - Cox per-term values (`coef`, `se`, `z`, `p`, `hr`, bounds, robust se/bounds) of a term
//    flagged `infinite` (monotone likelihood, with an infinite_coefficient warning), and its rows
//    and columns of `var` / `robust.var`;
//  - Cox `prediction` and `path_prediction` as a whole when a coefficient is infinite
//    (prediction_unreliable warning); a path's `id` when the path was given without ids; a
//    path's table, landmarks and median as the profile curve's;
//  - Cox `concordance.concordance` / `.std` when no pair is comparable (0/0: every time tied);
//  - the `p` of a test on 0 degrees of freedom (survreg `lr_test` without covariates);
//  - cumulative incidence `lower`/`upper` (and event_free's) where the estimate is 0 or 1;
//    `gray_test` for one group or weighted data, and a cause's statistic and p when the cause
//    never occurs or its variance is singular;
//  - fine_gray: `robust` with robust = false; predicted incidence limits and SEs as a curve's;
//  - parametric: `log_scale`, `log_scale_se` for the exponential (fixed scale); `cure_fraction`
//    for the non-cure families; `std_err`, `lower`, `upper` of curve evaluations without a
//    covariance (fit_landmarks) and quantile SEs likewise.
#pragma once

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

namespace nelm::testing {

namespace result_numbers_detail {

// The pointer with every array index replaced by "*", e.g. /curves/*/table/lower/*.
inline std::string pattern_of(const std::vector<std::string>& tokens) {
  std::string pattern;
  for (const auto& token : tokens) {
    const bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    pattern += "/" + (index ? std::string("*") : token);
  }
  return pattern;
}

inline const std::vector<std::regex>& undefined_allowed() {
  static const std::vector<std::regex> patterns = [] {
    std::vector<std::regex> list;
    for (
        const char* text : {
            R"(/curves/\*/(group|stratum))",
            R"(/curves/\*/(table|at_times|landmarks|conditional)/(std_err|std_err_log|std_cumhaz|lower|upper)/\*)",
            R"(/curves/\*/(median|rmst)/(estimate|lower|upper|se))",
            R"(/curves/\*/quantiles/(time|lower|upper)/\*)",
            R"(/prediction)",  // withheld when a coefficient is infinite (warning says so)
            R"(/prediction/curves/\*/stratum)",
            R"(/prediction/curves/\*/(table|landmarks)/(std_err|std_err_log|lower|upper)/\*)",
            R"(/prediction/curves/\*/median/(estimate|lower|upper))",
            R"(/path_prediction)",  // withheld when a coefficient is infinite, as /prediction
            R"(/path_prediction/paths/\*/id)",  // a path given without "id"
            R"(/path_prediction/paths/\*/(table|landmarks)/(std_err|std_err_log|lower|upper)/\*)",
            R"(/path_prediction/paths/\*/median/(estimate|lower|upper))",
            R"(/curves/\*/(event_free|causes/\*)/(lower|upper)/\*)",
            R"(/(log_scale|log_scale_se|cure_fraction))",
            R"(/(at_times|conditional|conditional/cure_probability)/(std_err|lower|upper)(/\*)?)",
            R"(/predict/quantile_se/\*)",
            // load_model / predict: the model description's optional texts and level facts
            // (docs/api.md, "Model ops"; docs/api.d.ts), a prediction's cure fraction for a model
            // without one, its group and statement texts, and the band where it has none.
            R"(/outcome/time_origin_note)",
            R"(/inputs/\*/(role|unit|range|comparison_warning|comparison_p))",
            R"(/inputs/\*/levels/\*/(n|proportion|source|statement))",
            R"(/predictions/\*/(cure|group|statement|curve|median))",
            R"(/predictions/\*/curve/(lower|upper)/\*)",
            // predict: no t0, no linear predictor (published groups), a published point without
            // a time (a median) or a CI, a cure without a conditional value or statement, a
            // median never reached (docs/api.d.ts: each Nullable).
            R"(/(condition_time|linear_predictor))",
            R"(/predictions/\*/anchors/\*/(time|lower|upper))",
            R"(/predictions/\*/cure/(fraction|given_condition|statement))",
            R"(/predictions/\*/median/estimate)",
            // predict, cure regression (docs/api.d.ts `Personalised`, `MixRange`): no conditional
            // cure at t0 = 0, no median past the model's limit or for t0 > 0, no S4 profile for a
            // patient outside them; a MixRange's numbers where a scenario's value is undefined.
            R"(/predictions/\*/personalised/(cure_given_condition|median|cure_profile))",
            R"(/predictions/\*/personalised/(estimates/\*|cure_fraction|cure_given_condition|median)/)"
            R"((estimate|lower|upper|central_lower|central_upper|lowest_estimate|highest_estimate))",
            // calibrate (docs/api.md): no slope where it is not estimable, no observed survival
            // where nobody is followed to the time (each with its warning), no C without a
            // comparable pair.
            R"(/at_times/\*/slope)",
            // export_model: the median follow-up when the reverse Kaplan-Meier never reaches 1/2.
            R"(/model/population/development/median_follow_up)",
            R"(/at_times/\*/(groups/\*|overall)/observed/(surv|std_err|lower|upper))",
            R"(/at_times/\*/overall/difference)",
            R"(/at_times/\*/concordance/(concordance|std))",
            // fine_gray: no sandwich with robust = false; limits where S is 0 or 1.
            R"(/robust)",
            R"(/prediction/(table|at_times)/(std_err|lower|upper|std_err_cumhaz)/\*)",
            // cumulative_incidence: no Gray's test for one group or weighted data; none for a
            // cause that never occurs or whose score variance is singular (warning).
            R"(/gray_test)",
            R"(/gray_test/tests/\*/(statistic|p))",
        }) {
      list.emplace_back(text);
    }
    return list;
  }();
  return patterns;
}

// Cox: a term flagged infinite may have null estimate-derived values (…/<field>/<term>).
inline bool is_infinite_cox_term(const nlohmann::ordered_json& result,
                                 const std::vector<std::string>& tokens) {
  if (tokens.empty() || !result.contains("infinite") || !result["infinite"].is_object())
    return false;
  const std::string& term = tokens.back();
  return result["infinite"].contains(term) && result["infinite"][term] == true;
}

// Cox: Harrell's C and its SE are 0/0 when no pair of rows is comparable (all times tied).
inline bool no_comparable_pairs(const nlohmann::ordered_json& result,
                                const std::vector<std::string>& tokens) {
  if (tokens.size() != 2 || tokens[0] != "concordance" || !result.contains("concordance"))
    return false;
  const auto& c = result["concordance"];
  return c.value("concordant", -1.0) == 0.0 && c.value("discordant", -1.0) == 0.0 &&
         c.value("tied_x", -1.0) == 0.0;
}

// A test on 0 degrees of freedom (survreg without covariates: no LR test) has no p-value.
inline bool test_on_zero_df(const nlohmann::ordered_json& result,
                            const std::vector<std::string>& tokens) {
  if (tokens.empty() || tokens.back() != "p") return false;
  const nlohmann::ordered_json* node = &result;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!node->is_object() || !node->contains(tokens[i])) return false;
    node = &(*node)[tokens[i]];
  }
  return node->is_object() && node->contains("df") && (*node)["df"] == 0;
}

// Cox: the variance entries of a term flagged infinite (`var`, `robust/var`) are undefined too.
inline bool variance_of_infinite_term(const nlohmann::ordered_json& result,
                                      const std::vector<std::string>& tokens) {
  const std::size_t n = tokens.size();
  if (n < 3 || tokens[n - 3] != "var" || !result.contains("terms") ||
      !result.contains("infinite")) {
    return false;
  }
  for (const std::string& index : {tokens[n - 2], tokens[n - 1]}) {
    const std::size_t k = std::stoul(index);
    if (k < result["terms"].size() &&
        result["infinite"].value(result["terms"][k].get<std::string>(), false)) {
      return true;
    }
  }
  return false;
}

// Cox: rows of the PH test are null where its information is singular, and the response says so
// (a ph_test_singular warning).
inline bool singular_ph_test_row(bool warned, const std::string& pattern) {
  static const std::regex rows(R"(/ph_test/((chisq|p)/\*|global_chisq|global_p))");
  return warned && std::regex_match(pattern, rows);
}

// Kaplan-Meier and cumulative incidence: a requested time past the last observed time has no
// estimate (`estimable` false at that index, a beyond_follow_up warning): its values are null.
inline bool not_estimable_time(const nlohmann::ordered_json& result,
                               const std::vector<std::string>& tokens) {
  if (tokens.size() < 5 || tokens[0] != "curves" || tokens[2] != "at_times") return false;
  const std::string& index = tokens.back();
  if (index.empty() || index.find_first_not_of("0123456789") != std::string::npos) return false;
  const std::size_t curve = std::stoul(tokens[1]);
  if (!result.contains("curves") || curve >= result["curves"].size()) return false;
  const auto& at_times = result["curves"][curve]["at_times"];
  if (!at_times.is_object() || !at_times.contains("estimable")) return false;
  const auto& estimable = at_times["estimable"];
  const std::size_t i = std::stoul(index);
  return estimable.is_array() && i < estimable.size() && estimable[i] == false;
}

inline void walk(const nlohmann::ordered_json& result, const nlohmann::ordered_json& node,
                 std::vector<std::string>& tokens, std::vector<std::string>& found,
                 bool ph_test_singular) {
  if (node.is_null()) {
    const std::string pattern = pattern_of(tokens);
    for (const auto& allowed : undefined_allowed()) {
      if (std::regex_match(pattern, allowed)) return;
    }
    if (singular_ph_test_row(ph_test_singular, pattern)) return;
    if (not_estimable_time(result, tokens)) return;
    if (is_infinite_cox_term(result, tokens)) return;
    if (no_comparable_pairs(result, tokens)) return;
    if (test_on_zero_df(result, tokens)) return;
    if (variance_of_infinite_term(result, tokens)) return;
    std::string pointer;
    for (const auto& token : tokens) pointer += "/" + token;
    found.push_back(pointer);
    return;
  }
  if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      tokens.push_back(std::to_string(i));
      walk(result, node[i], tokens, found, ph_test_singular);
      tokens.pop_back();
    }
  } else if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      tokens.push_back(it.key());
      walk(result, it.value(), tokens, found, ph_test_singular);
      tokens.pop_back();
    }
  }
}

}  // namespace result_numbers_detail

// JSON pointers (into "result") of nulls where a number is expected; empty for a refusal.
inline std::vector<std::string> unexpected_nulls(const nlohmann::ordered_json& response) {
  std::vector<std::string> found;
  if (!response.is_object() || !response.value("ok", false) || !response.contains("result")) {
    return found;
  }
  bool ph_test_singular = false;
  if (response.contains("warnings") && response["warnings"].is_array()) {
    for (const auto& warning : response["warnings"]) {
      ph_test_singular = ph_test_singular || warning.value("code", "") == "ph_test_singular";
    }
  }
  std::vector<std::string> tokens;
  result_numbers_detail::walk(response["result"], response["result"], tokens, found,
                              ph_test_singular);
  return found;
}

}  // namespace nelm::testing
