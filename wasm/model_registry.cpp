// See model_registry.h. The module is single-threaded (one calculate() at a time).
#include "model_registry.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace nelm::api {
namespace {

constexpr std::size_t maximum_kept_models = 16;

// Most recently used last.
std::vector<std::shared_ptr<const PredictionModelDefinition>>& kept_models() {
  static std::vector<std::shared_ptr<const PredictionModelDefinition>> models;
  return models;
}

}  // namespace

std::shared_ptr<const PredictionModelDefinition> keep_model(PredictionModelDefinition model) {
  auto& models = kept_models();
  const std::string handle = model.checksum;
  models.erase(std::remove_if(models.begin(), models.end(),
                              [&](const auto& kept) { return kept->checksum == handle; }),
               models.end());
  if (models.size() >= maximum_kept_models) models.erase(models.begin());
  models.push_back(std::make_shared<const PredictionModelDefinition>(std::move(model)));
  return models.back();
}

std::shared_ptr<const PredictionModelDefinition> find_kept_model(const std::string& handle) {
  auto& models = kept_models();
  const auto found = std::find_if(models.begin(), models.end(),
                                  [&](const auto& kept) { return kept->checksum == handle; });
  if (found == models.end()) return nullptr;
  std::rotate(found, found + 1, models.end());  // now the most recently used
  return models.back();
}

}  // namespace nelm::api
