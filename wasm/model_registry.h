// The models kept in the module by load_model, found by their handle (the model's verified
// checksum), so that predict by handle neither re-reads nor re-validates a model. At most 16 are
// kept; loading a 17th forgets the one used least recently.
#pragma once

#include <memory>
#include <string>

#include "prediction/model_definition.h"

namespace nelm::api {

// Keeps `model` under model.checksum (replacing an equal one) and returns it.
std::shared_ptr<const PredictionModelDefinition> keep_model(PredictionModelDefinition model);

// The model loaded under `handle`, or nullptr when none is (never loaded, or forgotten).
std::shared_ptr<const PredictionModelDefinition> find_kept_model(const std::string& handle);

}  // namespace nelm::api
