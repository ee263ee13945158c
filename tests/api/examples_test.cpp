// The request/response pairs of docs/api.md (docs/examples) run through calculate(): the
// documentation cannot drift from the contract. Numbers compare to 1e-9 relative.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api_test_support.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string first_difference(const json& actual, const json& expected, const std::string& path) {
  if (expected.is_number() && actual.is_number()) {
    const double a = actual.get<double>();
    const double e = expected.get<double>();
    const double difference = std::fabs(a - e);
    return difference <= 1e-14 || difference <= 1e-9 * std::fabs(e)
               ? ""
               : path + ": " + actual.dump() + " vs " + expected.dump();
  }
  if (expected.type() != actual.type())
    return path + ": " + actual.dump() + " vs " + expected.dump();
  if (expected.is_array()) {
    if (expected.size() != actual.size()) return path + ": length differs";
    for (std::size_t i = 0; i < expected.size(); ++i) {
      auto difference = first_difference(actual[i], expected[i], path + "/" + std::to_string(i));
      if (!difference.empty()) return difference;
    }
    return "";
  }
  if (expected.is_object()) {
    if (expected.size() != actual.size()) return path + ": different fields";
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (!actual.contains(it.key())) return path + "/" + it.key() + ": missing";
      auto difference = first_difference(actual[it.key()], it.value(), path + "/" + it.key());
      if (!difference.empty()) return difference;
    }
    return "";
  }
  return actual == expected ? "" : path + ": " + actual.dump() + " vs " + expected.dump();
}

// An exported model's checksum hashes its numbers' every digit, which may differ in the last
// bit between builds (-O0 and -O3, native and WebAssembly): it is checked to be the checksum of
// the model as returned (validate_model), then left out of the 1e-9 comparison.
void without_build_dependent_checksum(json& actual, json& expected, const std::string& name) {
  // Only a model file (export_model) has a checksum of its own; predict's `model` is a description.
  if (!actual.contains("result") || !actual["result"].contains("model") ||
      !actual["result"]["model"].contains("format")) {
    return;
  }
  const json validation = json::parse(nelm::api::calculate(
      json({{"op", "validate_model"}, {"model", actual["result"]["model"]}}).dump()));
  EXPECT_TRUE(validation["ok"].get<bool>()) << name << ": " << validation.dump().substr(0, 300);
  for (json* response : {&actual, &expected}) {
    (*response)["result"].erase("checksum");
    (*response)["result"]["model"].erase("checksum");
  }
}

TEST(ApiExamples, EveryDocumentedExampleReproduces) {
  const std::filesystem::path directory =
      std::filesystem::path(NELM_SOURCE_DIR) / "docs" / "examples";
  int examples = 0;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = ".request.json";
    if (name.size() <= suffix.size() ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const auto response_path = entry.path().parent_path() /
                               (name.substr(0, name.size() - suffix.size()) + ".response.json");
    json actual = json::parse(nelm::api::calculate(read_text(entry.path())));
    json expected = json::parse(read_text(response_path));
    without_build_dependent_checksum(actual, expected, name);
    EXPECT_EQ(first_difference(actual, expected, ""), "") << name;
    ++examples;
  }
  EXPECT_GE(examples, 6) << "docs/examples should hold at least one example per op";
}

}  // namespace
}  // namespace nelm::testing
