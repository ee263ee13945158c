// Columns handed over by the typed-array fast path, looked up by name from {"column": name}.
#pragma once

#include <string>
#include <vector>

namespace nelm::api {

void store_column(const std::string& name, std::vector<double> values);
void clear_stored_columns();
// nullptr if no column of that name was stored.
const std::vector<double>* find_stored_column(const std::string& name);

}  // namespace nelm::api
