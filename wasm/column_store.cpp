// The fast-path column store: one process-wide map (the module is single-threaded).
#include "column_store.h"

#include <utility>

namespace nelm::api {
namespace {
StoredColumns& columns() {
  static StoredColumns stored;
  return stored;
}
}  // namespace

void store_column(const std::string& name, std::vector<double> values) {
  columns()[name] = std::move(values);
}

void clear_stored_columns() { columns().clear(); }

StoredColumns take_stored_columns() { return std::exchange(columns(), StoredColumns{}); }

void restore_stored_columns(StoredColumns stored) { columns() = std::move(stored); }

const std::vector<double>* find_stored_column(const std::string& name) {
  auto it = columns().find(name);
  return it == columns().end() ? nullptr : &it->second;
}

}  // namespace nelm::api
