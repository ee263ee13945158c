// Small readers for the members of a model file: each refuses with the member's JSON pointer
// (missing_field, invalid_type, invalid_value), so model validation reads like its schema.
#pragma once

#include <string>
#include <vector>

#include "request_reader.h"

namespace nelm::api {

[[noreturn]] void refuse_model(const std::string& code, const std::string& message,
                               const std::string& path);

const json& required_member(const json& object, const std::string& key, const std::string& path);
const json& required_object(const json& object, const std::string& key, const std::string& path);
const json& required_array(const json& object, const std::string& key, const std::string& path,
                           bool non_empty);
std::string required_text(const json& object, const std::string& key, const std::string& path);
std::string optional_text(const json& object, const std::string& key, const std::string& path);
double required_finite(const json& object, const std::string& key, const std::string& path);
// NaN when absent or null.
double optional_finite(const json& object, const std::string& key, const std::string& path);
double required_probability(const json& object, const std::string& key, const std::string& path);
std::vector<std::string> text_list(const json& object, const std::string& key,
                                   const std::string& path, bool non_empty);
std::vector<double> number_list(const json& object, const std::string& key,
                                const std::string& path);

}  // namespace nelm::api
