// The one error and warning vocabulary of the survival core; the boundary (wasm/api) maps these
// to the response envelope and adds JSON paths.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace nelm {

// A statistical caveat that does not stop the computation (non-convergence, an infinite
// coefficient, dropped rows). `subject` names what it is about (a covariate, a group) or is empty.
struct Warning {
  std::string code;
  std::string message;
  std::string subject;
};

using Warnings = std::vector<Warning>;

// A refusal: the core cannot give a trustworthy answer for this input. `code` is stable and listed
// in docs/errors.md; `subject` names the offending input (a covariate, a group, a column such as
// "entry") when known, and `row` the offending row (SurvivalData::row_id_of), so the boundary can
// point at it.
class CoreError : public std::runtime_error {
 public:
  static constexpr std::size_t kNoRow = static_cast<std::size_t>(-1);
  CoreError(std::string code, const std::string& message, std::string subject = {},
            std::size_t row = kNoRow)
      : std::runtime_error(message),
        code_(std::move(code)),
        subject_(std::move(subject)),
        row_(row) {}
  const std::string& code() const { return code_; }
  const std::string& subject() const { return subject_; }
  std::size_t row() const { return row_; }

 private:
  std::string code_;
  std::string subject_;
  std::size_t row_;
};

}  // namespace nelm
