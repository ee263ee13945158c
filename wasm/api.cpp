// calculate(): parse, dispatch on "op", wrap in the envelope. The only place that catches.
#include "api.h"

#include <functional>
#include <map>
#include <new>

#include "api_error.h"
#include "column_store.h"
#include "common/version.h"
#include "json_output.h"
#include "json_parse.h"
#include "operations/operations.h"
#include "request_limits.h"
#include "subject_path.h"
#include "warm_up.h"

namespace nelm::api {
namespace {

// 2: predict's curve names its probabilities "surv" (as kaplan_meier), models carry roles
// (format_version 2), load_model and predict by model_handle (docs/api.md, "Versions").
constexpr int kApiVersion = 2;

using Operation = json (*)(const json&, Warnings&);

const std::map<std::string, Operation>& operations() {
  static const std::map<std::string, Operation> table{
      {"kaplan_meier", run_kaplan_meier},
      {"log_rank", run_log_rank},
      {"cox", run_cox},
      {"parametric", run_parametric},
      {"cumulative_incidence", run_cumulative_incidence},
      {"fine_gray", run_fine_gray},
      {"fit_landmarks", run_fit_landmarks},
      {"load_model", run_load_model},
      {"calibrate", run_calibrate},
      {"validate_model", run_validate_model},
      {"model_checksum", run_model_checksum},
      {"landmark_uncertainty", run_landmark_uncertainty},
      {"log_hr_through_points", run_log_hr_through_points},
      {"wald_std_err", run_wald_std_err},
      {"predict", run_predict},
      {"export_model", run_export_model},
#ifndef __EMSCRIPTEN__
      // Build time only (scripts/build-models.mjs, native CLI): the page never fits, and the fit
      // would add its code to the module the single file carries.
      {"fit_cure_regression", run_fit_cure_regression},
#endif
  };
  return table;
}

std::string error_envelope(const std::string& code, const std::string& message,
                           const std::string& path) {
  json response = {{"ok", false},
                   {"error", {{"code", code}, {"message", message}, {"path", path}}}};
  return response.dump();
}

json dispatch(const json& request, Warnings& warnings) {
  if (!request.is_object()) {
    throw ApiError("invalid_request", "the request must be a JSON object with an \"op\" field", "");
  }
  const auto op = request.find("op");
  if (op == request.end()) {
    throw ApiError("missing_field", "the request needs an \"op\" field", "/op");
  }
  if (!op->is_string()) throw ApiError("invalid_type", "\"op\" must be a string", "/op");
  const auto found = operations().find(op->get<std::string>());
  if (found == operations().end()) {
    std::string known;
    for (const auto& entry : operations()) known += (known.empty() ? "" : ", ") + entry.first;
    throw ApiError("unknown_op",
                   "unknown op \"" + op->get<std::string>() + "\"; known ops: " + known, "/op");
  }
  return found->second(request, warnings);
}

// The one catch: runs `answer` and turns every refusal into the error envelope. `request` is what
// was parsed so far (for the path of a core refusal); `parsed` says whether parsing finished.
std::string answer_or_refusal(const std::function<std::string(json&, bool&)>& answer) {
  json request;
  bool parsed = false;
  try {
    return answer(request, parsed);
  } catch (const json::parse_error& error) {
    return error_envelope(
        "invalid_json",
        "the request is not valid JSON (at byte " + std::to_string(error.byte) + ")", "");
  } catch (const json::out_of_range& error) {
    // The parser reports a number beyond the double range (1e400) this way, not as a parse error.
    if (!parsed) {
      return error_envelope(
          "invalid_json", "the request holds a number too large to represent (beyond 1.8e308)", "");
    }
    return error_envelope("internal_error", std::string("internal error: ") + error.what(), "");
  } catch (const ApiError& error) {
    return error_envelope(error.code(), error.what(), error.path());
  } catch (const CoreError& error) {
    return error_envelope(error.code(), error.what(), path_of_subject(request, error));
  } catch (const std::bad_alloc&) {
    // The WebAssembly module has at most limits::kMaxMemoryBytes; malloc then returns null and
    // new throws (ABORTING_MALLOC=0), so an exhausted memory is a refusal, not an abort.
    return error_envelope("too_large",
                          "the request needs more memory than is available (the WebAssembly "
                          "module has at most 2 GB); use fewer rows, groups, causes or requested "
                          "times",
                          "");
  } catch (const std::exception& error) {
    return error_envelope("internal_error", std::string("internal error: ") + error.what(), "");
  }
}

}  // namespace

std::string calculate(const std::string& request_json) {
  return answer_or_refusal([&](json& request, bool& parsed) {
    limits::check_nesting_depth(request_json);
    request = parse_request(request_json);
    parsed = true;
    Warnings warnings;
    json result = dispatch(request, warnings);
    json response = {
        {"ok", true}, {"result", std::move(result)}, {"warnings", warnings_json(warnings)}};
    std::string text = response.dump();
    limits::check_response_bytes(text.size());
    return text;
  });
}

std::string version() {
  return json({{"version", calculator_version()}, {"api_version", kApiVersion}}).dump();
}

std::string put_column(const std::string& name, std::size_t length,
                       const std::function<std::vector<double>()>& values) {
  return answer_or_refusal([&](json&, bool&) {
    limits::check_count(length, limits::kMaxRows, "values in column \"" + name + "\"", "");
    store_column(name, values());
    return std::string(R"({"ok":true})");
  });
}

void put_column(const std::string& name, std::vector<double> values) {
  store_column(name, std::move(values));
}

void clear_columns() { clear_stored_columns(); }

std::string warm_up(std::size_t rows) {
  return answer_or_refusal([&](json&, bool&) { return run_warm_up(rows); });
}

}  // namespace nelm::api
