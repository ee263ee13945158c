// See model_description_json.h. Absent optional members are null, never "".
#include "model_description_json.h"

#include "json_output.h"
#include "model_vocabulary.h"

namespace nelm::api {
namespace {

json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json level_json(const ModelLevel& level) {
  return {{"value", level.value},
          {"label", level.label},
          {"n", number_or_null(level.n)},
          {"proportion", number_or_null(level.proportion)},
          {"source", text_or_null(level.source)},
          {"statement", text_or_null(level.statement)}};
}

json input_json(const ModelInput& input) {
  json levels = json::array();
  for (const auto& level : input.levels) levels.push_back(level_json(level));
  const bool number = input.type == InputType::number;
  return {{"name", input.name},
          {"label", input.label},
          {"type", name_of(input_types, input.type)},
          {"role",
           input.role == InputRole::none ? json(nullptr) : json(name_of(input_roles, input.role))},
          {"unit", text_or_null(input.unit)},
          {"levels", std::move(levels)},
          {"range",
           number ? json{{"minimum", input.minimum}, {"maximum", input.maximum}} : json(nullptr)},
          {"unknown",
           {{"action", name_of(unknown_actions, input.unknown_action)},
            {"description", input.unknown_description}}},
          {"comparison_warning", text_or_null(input.comparison_warning)},
          {"comparison_p",
           input.comparison_p.empty()
               ? json(nullptr)
               : json{{"text", input.comparison_p}, {"source", input.comparison_p_source}}}};
}

}  // namespace

json model_identity_json(const PredictionModelDefinition& model) {
  return {{"id", model.id},
          {"version", model.version},
          {"title", model.title},
          {"kind", model.kind},
          {"role", name_of(model_roles, model.role)},
          {"synthetic", model.synthetic},
          {"checksum", model.checksum}};
}

json outcome_json(const ModelOutcome& outcome) {
  return {{"endpoint", outcome.endpoint},
          {"definition", outcome.definition},
          {"time_origin", outcome.time_origin},
          {"time_origin_stated", outcome.time_origin_stated},
          {"time_origin_note", text_or_null(outcome.time_origin_note)},
          {"time_unit", outcome.time_unit},
          {"max_time", outcome.max_time}};
}

json model_description_json(const PredictionModelDefinition& model) {
  json description = {{"handle", model.checksum}};
  const json identity = model_identity_json(model);
  for (const auto& [key, value] : identity.items()) description[key] = value;
  json inputs = json::array();
  for (const auto& input : model.inputs) inputs.push_back(input_json(input));
  description["outcome"] = outcome_json(model.outcome);
  description["effect_structure"] = name_of(effect_structures, model.effect_structure);
  description["inputs"] = std::move(inputs);
  return description;
}

}  // namespace nelm::api
