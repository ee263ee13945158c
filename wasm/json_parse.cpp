// See json_parse.h. A SAX handler that forwards every event to nlohmann's own DOM builder and
// keeps, per open object, the keys seen so far and, per open container, where it is (for paths).
#include "json_parse.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "api_error.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

class CheckingDomBuilder {
 public:
  explicit CheckingDomBuilder(json& result) : builder_(result) {}

  bool null() {
    element();
    return builder_.null();
  }
  bool boolean(bool value) {
    element();
    return builder_.boolean(value);
  }
  bool number_integer(json::number_integer_t value) {
    element();
    return builder_.number_integer(value);
  }
  bool number_unsigned(json::number_unsigned_t value) {
    element();
    return builder_.number_unsigned(value);
  }
  bool number_float(json::number_float_t value, const json::string_t& text) {
    element();
    return builder_.number_float(value, text);
  }
  bool string(json::string_t& value) {
    element();
    return builder_.string(value);
  }
  bool binary(json::binary_t& value) {
    element();
    return builder_.binary(value);
  }

  bool start_object(std::size_t size) {
    element();
    open_.push_back({true, 0, {}, {}});
    return builder_.start_object(size);
  }
  bool key(json::string_t& name) {
    Container& object = open_.back();
    if (!object.keys.insert(name).second) {
      throw ApiError("duplicate_key",
                     "the key \"" + name +
                         "\" appears twice in the same object; "
                         "give each key once",
                     path_to(name));
    }
    limits::check_count(object.keys.size(), limits::kMaxObjectMembers, "keys in one object",
                        path_to(name));
    object.key = name;
    return builder_.key(name);
  }
  bool end_object() {
    open_.pop_back();
    return builder_.end_object();
  }
  bool start_array(std::size_t size) {
    element();
    open_.push_back({false, 0, {}, {}});
    return builder_.start_array(size);
  }
  bool end_array() {
    open_.pop_back();
    return builder_.end_array();
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& error) {
    return builder_.parse_error(position, token, error);
  }

 private:
  struct Container {
    bool is_object;
    std::size_t next_index;  // arrays: the index the next element will have
    std::string key;         // objects: the key being read
    std::unordered_set<std::string> keys;
  };

  // A value starts: inside an array it takes the next index (objects name theirs by key()).
  void element() {
    if (!open_.empty() && !open_.back().is_object) ++open_.back().next_index;
    if (++values_ > limits::kMaxRequestValues) {
      throw ApiError("too_large",
                     "the request holds more than 24,000,000 values (numbers, strings, arrays "
                     "...), more than the module's memory can parse; send fewer rows or columns, "
                     "or large columns as typed arrays (putColumn, docs/api.md)",
                     path_of_open(open_.size()));
    }
  }

  // The JSON pointer of the innermost `levels` open containers' current member.
  std::string path_of_open(std::size_t levels) const {
    std::string path;
    for (std::size_t level = 0; level < levels; ++level) {
      const Container& container = open_[level];
      path = container.is_object ? child_path(path, container.key)
                                 : child_path(path, container.next_index - 1);
    }
    return path;
  }

  // The JSON pointer of `name` inside the innermost open object.
  std::string path_to(const std::string& name) const {
    return child_path(path_of_open(open_.size() - 1), name);
  }

  nlohmann::detail::json_sax_dom_parser<json> builder_;
  std::vector<Container> open_;
  std::size_t values_ = 0;
};

}  // namespace

json parse_request(std::string_view text) {
  json result;
  CheckingDomBuilder builder(result);
  json::sax_parse(text, &builder);
  return result;
}

}  // namespace nelm::api
