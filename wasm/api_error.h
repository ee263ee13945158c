// The boundary's one refusal type: a stable code, a message that says what to fix, and the JSON
// pointer of the offending input. Caught exactly once, in calculate().
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace nelm::api {

class ApiError : public std::runtime_error {
 public:
  ApiError(std::string code, const std::string& message, std::string path)
      : std::runtime_error(message), code_(std::move(code)), path_(std::move(path)) {}
  const std::string& code() const { return code_; }
  const std::string& path() const { return path_; }

 private:
  std::string code_;
  std::string path_;
};

}  // namespace nelm::api
