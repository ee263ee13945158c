// Columns handed over by the typed-array fast path, looked up by name from {"column": name}.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace nelm::api {

using StoredColumns = std::map<std::string, std::vector<double>>;

void store_column(const std::string& name, std::vector<double> values);
void clear_stored_columns();
// Hands the stored columns over and leaves the store empty; restore puts them back (warm_up.h).
StoredColumns take_stored_columns();
void restore_stored_columns(StoredColumns columns);
// nullptr if no column of that name was stored.
const std::vector<double>* find_stored_column(const std::string& name);

}  // namespace nelm::api
