// Structure-aware fuzzing of calculate(): a custom mutator parses the input as a request and
// perturbs it the way hostile or broken callers do (extreme and noisy numbers, shortened and
// lengthened columns, wrong types, dropped and unknown fields, other ops and choices), so that
// most inputs get past the parser into validation and the numerical core. Seeds: the documented
// examples (docs/examples/*.request.json).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "api.h"
#include "envelope_check.h"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace {

using json = nlohmann::ordered_json;
using Random = std::minstd_rand;

const std::vector<std::string> kFieldNames = {
    "op",        "data",      "time",    "event",        "entry",    "start",          "id",
    "weight",    "group",     "strata",  "covariates",   "ties",     "max_iterations", "conf_level",
    "conf_type", "robust",    "profile", "profile_path", "times",    "ph_test",        "rho",
    "dist",      "quantiles", "tau",     "conditional",  "horizons", "family",         "points",
    "survival",  "lower",     "upper",   "label",        "column",   "cause",          "cluster"};

const std::vector<std::string> kChoices = {"kaplan_meier",
                                           "log_rank",
                                           "cox",
                                           "parametric",
                                           "cumulative_incidence",
                                           "fit_landmarks",
                                           "efron",
                                           "breslow",
                                           "exact",
                                           "log",
                                           "log-log",
                                           "plain",
                                           "km",
                                           "identity",
                                           "weibull",
                                           "exponential",
                                           "lognormal",
                                           "loglogistic",
                                           "weibull_cure",
                                           "fine_gray",
                                           "subject",
                                           "row",
                                           "",
                                           "a/b~c",
                                           "x"};

std::size_t pick(Random& random, std::size_t count) {
  return count == 0 ? 0 : static_cast<std::size_t>(random() % count);
}

json hostile_number(Random& random, const json& current) {
  const double value = current.is_number() ? current.get<double>() : 1.0;
  switch (pick(random, 20)) {
    case 0:
      return 0;
    case 1:
      return -0.0;
    case 2:
      return -1;
    case 3:
      return 1e-300;
    case 4:
      return std::numeric_limits<double>::denorm_min();
    case 5:
      return 1e300;
    case 6:
      return std::numeric_limits<double>::max();
    case 7:
      return -1e300;
    case 8:
      return 1e12;
    case 9:
      return -1e12;
    case 10:
      return value * (1.0 + 1e-15);  // a floating-noise tie
    case 11:
      return value + 1.0;
    case 12:
      return value * 1e10;
    case 13:
      return value / 1e10;
    case 14:
      return std::numeric_limits<std::int64_t>::max();
    case 15:
      return std::numeric_limits<std::uint64_t>::max();
    case 16:
      return 9007199254740993LL;  // 2^53 + 1: not a double
    case 17:
      return 0.5;
    case 18:
      return static_cast<int>(pick(random, 4));  // event / cause codes
    default: {
      std::uniform_real_distribution<double> exponent(-320.0, 308.0);
      return (random() % 2 ? 1.0 : -1.0) * std::pow(10.0, exponent(random));
    }
  }
}

json other_type(Random& random) {
  switch (pick(random, 8)) {
    case 0:
      return nullptr;
    case 1:
      return true;
    case 2:
      return "1";
    case 3:
      return json::object();
    case 4:
      return json::array();
    case 5:
      return json{{"column", "t"}};
    case 6:
      return json::array({nullptr});
    default:
      return json::array({json::array({1})});
  }
}

void mutate_array(Random& random, json& array) {
  if (array.empty()) {
    array.push_back(hostile_number(random, nullptr));
    return;
  }
  const std::size_t at = pick(random, array.size());
  switch (pick(random, 7)) {
    case 0:
      array.erase(array.begin() + static_cast<std::ptrdiff_t>(at));
      break;
    case 1:
      array.insert(array.begin() + static_cast<std::ptrdiff_t>(at), array[at]);
      break;
    case 2:
      array = json::array();
      break;
    case 3:
      array[at] = nullptr;
      break;
    case 4: {  // lengthen: many ties of one row
      const json copy = array[at];
      for (int k = 0; k < 16 && array.size() < 512; ++k) array.push_back(copy);
      break;
    }
    case 5:
      std::swap(array[at], array[pick(random, array.size())]);
      break;
    default:
      array.erase(array.begin() + static_cast<std::ptrdiff_t>(at), array.end());
      break;
  }
}

void mutate_object(Random& random, json& object) {
  if (!object.empty() && random() % 2) {
    auto it = object.begin();
    std::advance(it, static_cast<std::ptrdiff_t>(pick(random, object.size())));
    object.erase(it.key());
    return;
  }
  const std::string& key = kFieldNames[pick(random, kFieldNames.size())];
  object[key] = random() % 2 ? hostile_number(random, nullptr) : other_type(random);
}

void mutate_node(Random& random, json& node) {
  if (random() % 8 == 0) {
    node = other_type(random);
  } else if (node.is_number() || node.is_null()) {
    node = hostile_number(random, node);
  } else if (node.is_array()) {
    mutate_array(random, node);
  } else if (node.is_object()) {
    mutate_object(random, node);
  } else if (node.is_string()) {
    node = kChoices[pick(random, kChoices.size())];
  } else {
    node = !node.get<bool>();
  }
}

void collect(json& node, std::vector<json*>& nodes) {
  nodes.push_back(&node);
  if (node.is_array() || node.is_object()) {
    for (auto& child : node) collect(child, nodes);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string request(reinterpret_cast<const char*>(data), size);
  nelm::fuzz::check_envelope(nelm::api::calculate(request));
  return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  Random random(seed);
  json request = json::parse(data, data + size, nullptr, false);
  if (request.is_discarded() || !request.is_object() || random() % 16 == 0) {
    return LLVMFuzzerMutate(data, size, max_size);  // byte-level now and then, and for non-JSON
  }
  const std::size_t mutations = 1 + pick(random, 3);
  for (std::size_t m = 0; m < mutations; ++m) {
    std::vector<json*> nodes;
    collect(request, nodes);
    mutate_node(random, *nodes[pick(random, nodes.size())]);
  }
  const std::string text = request.dump();
  if (text.size() > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data, text.data(), text.size());
  return text.size();
}
