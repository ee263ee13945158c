// Maps a core refusal's subject to the JSON pointer of that input in the request.
#include "subject_path.h"

#include <optional>

namespace nelm::api {
namespace {

bool has_member(const json& object, const std::string& name) {
  return object.is_object() && object.contains(name);
}

// The index of the model input called `name` in /model/inputs, if there is one.
std::optional<std::size_t> model_input_index(const json& request, const std::string& name) {
  if (!has_member(request, "model") || !has_member(request["model"], "inputs")) return {};
  const json& inputs = request["model"]["inputs"];
  if (!inputs.is_array()) return {};
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (has_member(inputs[i], "name") && inputs[i]["name"] == name) return i;
  }
  return {};
}

}  // namespace

std::string path_of_subject(const json& request, const std::string& subject) {
  const bool has_data = has_member(request, "data");
  const std::string fallback = has_data ? "/data" : "";
  if (subject.empty() || !request.is_object()) return fallback;
  if (has_data && has_member(request["data"], "covariates") &&
      has_member(request["data"]["covariates"], subject)) {
    return child_path("/data/covariates", subject);
  }
  if (subject != "op" && request.contains(subject)) return child_path("", subject);
  if (has_data && has_member(request["data"], subject)) return child_path("/data", subject);
  if (has_member(request, "profile") && has_member(request["profile"], subject)) {
    return child_path("/profile", subject);
  }
  if (const auto input = model_input_index(request, subject)) {
    return child_path("/model/inputs", *input);
  }
  return fallback;
}

std::string path_of_subject(const json& request, const CoreError& error) {
  const std::string& subject = error.subject();
  if (error.row() != CoreError::kNoRow && has_member(request, "data") && !subject.empty()) {
    const json& data = request["data"];
    if (has_member(data, "covariates") && has_member(data["covariates"], subject)) {
      return child_path(child_path("/data/covariates", subject), error.row());
    }
    if (has_member(data, subject)) return child_path(child_path("/data", subject), error.row());
  }
  return path_of_subject(request, subject);
}

}  // namespace nelm::api
