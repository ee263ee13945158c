// Parsing the request text: nlohmann's parser, plus the refusals it would not make itself.
#pragma once

#include <string_view>

#include "request_reader.h"

namespace nelm::api {

// Parses `text` like json::parse (the same parse_error and out_of_range exceptions), but refuses
// an object that holds a key twice with ApiError("duplicate_key") at the key's JSON pointer
// (nlohmann would keep the last one silently: {"op":"cox","op":"kaplan_meier"} would run KM), and
// an object with more than limits::kMaxObjectMembers keys with "too_large".
json parse_request(std::string_view text);

}  // namespace nelm::api
