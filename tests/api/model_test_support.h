// Loading the shipped models and the evidence transcription for the model tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "api_test_support.h"

namespace nelm::testing {

inline std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(NELM_SOURCE_DIR) / relative;
}

inline std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

inline nlohmann::ordered_json read_json_file(const std::string& relative) {
  return nlohmann::ordered_json::parse(read_text_file(source_path(relative)));
}

inline nlohmann::ordered_json dfs_model() {
  return read_json_file("public/models/dfs-after-surgery.json");
}
inline nlohmann::ordered_json recurrence_model() {
  return read_json_file("public/models/outcome-after-recurrence.json");
}

// A changed model with its checksum recomputed, so that only the change itself can be refused.
inline nlohmann::ordered_json with_checksum(nlohmann::ordered_json model) {
  const auto response = call_api({{"op", "model_checksum"}, {"model", model}});
  if (response["ok"].get<bool>()) model["checksum"] = response["result"]["checksum"];
  return model;
}

}  // namespace nelm::testing
