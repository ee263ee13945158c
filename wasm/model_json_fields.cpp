// See model_json_fields.h.
#include "model_json_fields.h"

#include <cmath>
#include <limits>

#include "api_error.h"

namespace nelm::api {

void refuse_model(const std::string& code, const std::string& message, const std::string& path) {
  throw ApiError(code, message, path);
}

const json& required_member(const json& object, const std::string& key, const std::string& path) {
  const auto found = object.find(key);
  if (found == object.end()) {
    refuse_model("missing_field", "the model needs \"" + key + "\"", child_path(path, key));
  }
  return *found;
}

const json& required_object(const json& object, const std::string& key, const std::string& path) {
  const json& value = required_member(object, key, path);
  if (!value.is_object())
    refuse_model("invalid_type", key + " must be an object", child_path(path, key));
  return value;
}

const json& required_array(const json& object, const std::string& key, const std::string& path,
                           bool non_empty) {
  const json& value = required_member(object, key, path);
  if (!value.is_array())
    refuse_model("invalid_type", key + " must be an array", child_path(path, key));
  if (non_empty && value.empty()) {
    refuse_model("invalid_value", key + " must not be empty", child_path(path, key));
  }
  return value;
}

std::string required_text(const json& object, const std::string& key, const std::string& path) {
  const json& value = required_member(object, key, path);
  if (!value.is_string() || value.get<std::string>().empty()) {
    refuse_model("invalid_type", key + " must be a non-empty string", child_path(path, key));
  }
  return value.get<std::string>();
}

std::string optional_text(const json& object, const std::string& key, const std::string& path) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return "";
  if (!found->is_string())
    refuse_model("invalid_type", key + " must be a string", child_path(path, key));
  return found->get<std::string>();
}

double required_finite(const json& object, const std::string& key, const std::string& path) {
  const json& value = required_member(object, key, path);
  if (!value.is_number())
    refuse_model("invalid_type", key + " must be a number", child_path(path, key));
  const double number = value.get<double>();
  if (!std::isfinite(number))
    refuse_model("invalid_value", key + " must be finite", child_path(path, key));
  return number;
}

double optional_finite(const json& object, const std::string& key, const std::string& path) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return std::numeric_limits<double>::quiet_NaN();
  return required_finite(object, key, path);
}

double required_probability(const json& object, const std::string& key, const std::string& path) {
  const double value = required_finite(object, key, path);
  if (!(value >= 0.0 && value <= 1.0)) {
    refuse_model("invalid_value", key + " is a probability and must lie in [0, 1]",
                 child_path(path, key));
  }
  return value;
}

std::vector<std::string> text_list(const json& object, const std::string& key,
                                   const std::string& path, bool non_empty) {
  const json& array = required_array(object, key, path, non_empty);
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string() || array[i].get<std::string>().empty()) {
      refuse_model("invalid_type", key + " must hold non-empty strings",
                   child_path(child_path(path, key), i));
    }
    texts.push_back(array[i].get<std::string>());
  }
  return texts;
}

std::vector<double> number_list(const json& object, const std::string& key,
                                const std::string& path) {
  const json& array = required_array(object, key, path, true);
  std::vector<double> numbers;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string at = child_path(child_path(path, key), i);
    if (!array[i].is_number()) refuse_model("invalid_type", key + " must hold numbers", at);
    const double number = array[i].get<double>();
    if (!std::isfinite(number))
      refuse_model("invalid_value", key + " must hold finite numbers", at);
    numbers.push_back(number);
  }
  return numbers;
}

}  // namespace nelm::api
