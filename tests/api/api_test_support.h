// Calling the JSON contract from GoogleTest and asserting refusals exactly (code and path).
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api.h"

namespace nelm::testing {

inline nlohmann::ordered_json call_api(const nlohmann::ordered_json& request) {
  return nlohmann::ordered_json::parse(nelm::api::calculate(request.dump()));
}

inline ::testing::AssertionResult refused_with(const nlohmann::ordered_json& response,
                                               const std::string& code, const std::string& path) {
  if (response.value("ok", true)) {
    return ::testing::AssertionFailure()
           << "expected a refusal, got " << response.dump().substr(0, 300);
  }
  const auto& error = response["error"];
  if (error["code"] == code && error["path"] == path &&
      !error["message"].get<std::string>().empty()) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "expected " << code << " at \"" << path << "\", got " << error.dump();
}

}  // namespace nelm::testing
