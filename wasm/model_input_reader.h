// Validation of a model file's "inputs" (docs/models.md): names, labels, types, levels or ranges,
// roles, what "unknown" does and, to average over an input's mix, each level's proportion.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model_json_fields.h"
#include "model_vocabulary.h"
#include "prediction/model_definition.h"

namespace nelm::api {

// One of the vocabulary's names at object[key]; refuses a missing member (missing_field), a
// non-string (invalid_type) or another name (invalid_value), with the member's path.
template <typename Choice, std::size_t count>
Choice required_choice(const json& object, const std::string& key, const std::string& path,
                       const Vocabulary<Choice, count>& vocabulary) {
  const std::string name = required_text(object, key, path);
  if (const auto choice = choice_named(vocabulary, name)) return *choice;
  refuse_model("invalid_value", key + " must be " + choices_text(vocabulary),
               child_path(path, key));
}

// The "inputs" member of `model` (at `path`). `sources` are the ids of "sources" (a level's
// source must be one of them).
std::vector<ModelInput> read_model_inputs(const json& model, const std::string& path,
                                          const std::map<std::string, std::string>& sources,
                                          EffectStructure structure);

}  // namespace nelm::api
