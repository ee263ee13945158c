// Model files (docs/models.md) through validate_model, load_model and predict: the input is the
// text of a model file, seeded with the shipped public/models/*.json. The text is tried as it is,
// then re-sealed (its checksum recomputed by the model_checksum op) so that mutated models get
// past the checksum into the reader and the prediction, with a profile and times from the input.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api.h"
#include "envelope_check.h"

namespace {

using json = nlohmann::ordered_json;

std::string checked(const std::string& request) {
  std::string response = nelm::api::calculate(request);
  nelm::fuzz::check_envelope(response, false);  // predict has documented nulls of its own
  return response;
}

// A profile naming each input of the model with its first level, its minimum or "unknown".
json profile_for(const json& model) {
  json profile = json::object();
  if (!model.contains("inputs") || !model["inputs"].is_array()) return profile;
  std::size_t k = 0;
  for (const auto& input : model["inputs"]) {
    if (!input.is_object() || !input.contains("name") || !input["name"].is_string()) continue;
    const std::string name = input["name"];
    if (k++ % 3 == 2) {
      profile[name] = "unknown";
    } else if (input.contains("levels") && input["levels"].is_array() && !input["levels"].empty() &&
               input["levels"][0].is_object() && input["levels"][0].contains("value")) {
      profile[name] = input["levels"][0]["value"];
    } else if (input.contains("range") && input["range"].is_object() &&
               input["range"].contains("minimum")) {
      profile[name] = input["range"]["minimum"];
    }
  }
  return profile;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  checked(R"({"op":"validate_model","model":)" + text + "}");
  json model = json::parse(text, nullptr, false);
  if (model.is_discarded() || !model.is_object()) return 0;
  const json sealed = json::parse(checked(json{{"op", "model_checksum"}, {"model", model}}.dump()));
  if (sealed["ok"] != true) return 0;
  model["checksum"] = sealed["result"]["checksum"];
  checked(json{{"op", "validate_model"}, {"model", model}}.dump());
  checked(json{{"op", "predict"}, {"model", model}}.dump());
  checked(json{{"op", "predict"},
               {"model", model},
               {"profile", profile_for(model)},
               {"condition_time", size % 7},
               {"times", {0, 1, 2.5, 5, 10, 1e300}}}
              .dump());
  // Kept in the module (at most 16 models) and predicted from by handle.
  const json loaded = json::parse(checked(json{{"op", "load_model"}, {"model", model}}.dump()));
  if (loaded["ok"] == true) {
    checked(json{{"op", "predict"},
                 {"model_handle", loaded["result"]["handle"]},
                 {"profile", profile_for(model)},
                 {"condition_time", size % 5}}
                .dump());
  }
  return 0;
}
