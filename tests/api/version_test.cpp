// One version number: the boundary reports CMake's project version, and package.json says the same.
#include "common/version.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "api.h"

namespace nelm {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream file(path);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

TEST(Version, ComesFromCMakeProjectVersion) {
  const std::string cmake = read_file(std::string(NELM_SOURCE_DIR) + "/CMakeLists.txt");
  std::smatch match;
  ASSERT_TRUE(
      std::regex_search(cmake, match, std::regex(R"(project\(nelm_outcomes VERSION ([0-9.]+))")));
  EXPECT_EQ(std::string(calculator_version()), match[1].str());
  const auto reported = nlohmann::json::parse(api::version());
  EXPECT_EQ(reported["version"], match[1].str());
}

TEST(Version, PackageJsonAgreesWithCMake) {
  const auto package =
      nlohmann::json::parse(read_file(std::string(NELM_SOURCE_DIR) + "/package.json"));
  EXPECT_EQ(package["version"], calculator_version())
      << "package.json's \"version\" must equal CMake's project version in CMakeLists.txt";
}

}  // namespace
}  // namespace nelm
