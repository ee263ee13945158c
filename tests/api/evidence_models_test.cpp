// The shipped models against the evidence: models/evidence.json (the one transcription) matches
// ../shared/evidence/published-evidence.md, every number of public/models/ matches evidence.json,
// re-running the fits reproduces the shipped parameters, and predict returns every published
// number exactly (anchors) or within 1 percentage point (fitted curves).
#include <cmath>
#include <regex>

#include "model_test_support.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

json evidence() { return read_json_file("models/evidence.json"); }

// The nearest double to a printed percentage (40.4 -> 0.404), as the build script writes it.
double percent(const json& value) { return std::stod(value.dump() + "e-2"); }

double relative_difference(double a, double b) {
  return std::fabs(a - b) / std::max(std::fabs(b), 1e-300);
}

// Every transcribed item: {row, text, value} (a group also {n_row, n_text, n}, os10 and CI).
std::vector<std::array<std::string, 3>> transcribed_items(const json& transcription) {
  std::vector<std::array<std::string, 3>> items;
  const auto add = [&](const json& item, const char* row, const char* text, const char* value) {
    if (item.contains(value)) items.push_back({item[row], item[text], item[value].dump()});
  };
  for (const auto& point : transcription["dfs"]["points"]) add(point, "row", "text", "value");
  for (const auto& [key, item] : transcription["dfs"]["cohort"].items())
    add(item, "row", "text", "value");
  for (const auto& row : transcription["dfs"]["nomogram"]) {
    add(row, "row", "text", "value");
    add(row, "row", "p_text", "p");
  }
  for (const auto& row : transcription["dfs"]["centring"]) add(row, "row", "text", "value");
  for (const auto& row : transcription["recurrence"]["reference_os"])
    add(row, "row", "text", "value");
  for (const auto& item : transcription["comparison"]["items"]) add(item, "row", "text", "value");
  add(transcription["recurrence"]["recurred"], "row", "text", "value");
  for (const auto& group : transcription["recurrence"]["groups"]) {
    for (const char* key : {"os10", "lower", "upper"}) add(group, "row", "text", key);
    add(group, "n_row", "n_text", "n");
    add(group, "n_row", "n_text", "share");
  }
  for (const auto& test : transcription["recurrence"]["comparisons"])
    add(test, "row", "p_text", "p");
  return items;
}

TEST(EvidenceTranscription, EveryNumberIsOnItsRowOfThePublishedEvidence) {
  const auto path = source_path("../shared/evidence/published-evidence.md");
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "SKIPPED: " << path.string()
                 << " is absent, so models/evidence.json cannot be compared with it here";
  }
  std::vector<std::string> lines;
  std::istringstream text(read_text_file(path));
  for (std::string line; std::getline(text, line);) lines.push_back(line);
  const auto items = transcribed_items(evidence());
  EXPECT_GT(items.size(), 40u);
  for (const auto& [row, printed, value] : items) {
    std::vector<std::string> matches;
    for (const auto& line : lines)
      if (line.find(row) != std::string::npos) matches.push_back(line);
    ASSERT_EQ(matches.size(), 1u) << "row \"" << row << "\" must occur on exactly one line";
    EXPECT_NE(matches[0].find(printed), std::string::npos) << printed << " not on: " << matches[0];
    bool found = false;
    const std::regex number(R"(\d+(\.\d+)?)");
    for (std::sregex_iterator it(printed.begin(), printed.end(), number), end; it != end; ++it) {
      found = found || std::stod(it->str()) == std::stod(value);
    }
    EXPECT_TRUE(found) << value << " is not the number printed as \"" << printed << "\"";
  }
}

TEST(ShippedModels, EveryNumberMatchesTheEvidenceTranscription) {
  const json transcription = evidence();
  const json dfs = dfs_model();
  const json& points = transcription["dfs"]["points"];
  ASSERT_EQ(dfs["anchors"].size(), points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const json& anchor = dfs["anchors"][i];
    const bool median = points[i]["quantity"] == "median";
    EXPECT_EQ(anchor["estimate"].get<double>(),
              median ? points[i]["value"].get<double>() : percent(points[i]["value"]))
        << i;
    if (!median) {
      EXPECT_EQ(anchor["time"], points[i]["time"]);
    }
  }
  const json& nomogram = transcription["dfs"]["nomogram"];
  ASSERT_EQ(dfs["effects"].size(), nomogram.size());
  for (std::size_t i = 0; i < nomogram.size(); ++i) {
    EXPECT_EQ(dfs["effects"][i]["hr"], nomogram[i]["value"]);
    EXPECT_EQ(dfs["effects"][i]["level"], nomogram[i]["level"]);
    double centring = 0.0;
    for (const auto& row : transcription["dfs"]["centring"]) {
      if (row["input"] != nomogram[i]["input"]) continue;
      centring = row["level"] == nomogram[i]["level"] ? percent(row["value"])
                                                      : (1.0 - percent(row["value"])) / 2.0;
    }
    EXPECT_NEAR(dfs["effects"][i]["centring"].get<double>(), centring, 1e-15) << i;
  }
  const json& development = dfs["population"]["development"];
  EXPECT_EQ(development["n"], transcription["dfs"]["cohort"]["n"]["value"]);
  EXPECT_EQ(development["events"], transcription["dfs"]["cohort"]["events"]["value"]);
  EXPECT_EQ(development["median_follow_up"],
            transcription["dfs"]["cohort"]["median_follow_up"]["value"]);

  const json recurrence = recurrence_model();
  const json& groups = transcription["recurrence"]["groups"];
  ASSERT_EQ(recurrence["anchors"].size(), groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const json& anchor = recurrence["anchors"][i];
    EXPECT_EQ(anchor["applies_to"]["level"], groups[i]["level"]);
    EXPECT_EQ(anchor["estimate"].get<double>(), percent(groups[i]["os10"])) << i;
    for (const char* bound : {"lower", "upper"}) {
      if (groups[i].contains(bound))
        EXPECT_EQ(anchor[bound].get<double>(), percent(groups[i][bound]));
      else
        EXPECT_TRUE(anchor[bound].is_null());
    }
  }
  for (const auto& input : recurrence["inputs"]) {
    bool tested = false;
    for (const auto& test : transcription["recurrence"]["comparisons"]) {
      if (test["input"] != input["name"]) continue;
      EXPECT_EQ(input["comparison_p"]["text"], test["p_text"]);
      EXPECT_EQ(input["comparison_p"]["source"], test["source"]);
      tested = true;
    }
    EXPECT_TRUE(tested) << input["name"] << " has its published P value";
    for (const auto& level : input["levels"]) {
      for (const auto& group : groups) {
        if (group["level"] == level["value"]) {
          EXPECT_EQ(level["n"], group["n"]);
          EXPECT_EQ(level["proportion"].get<double>(), percent(group["share"]));
        }
      }
    }
  }
}

json landmark_points(const json& items, double median_scale) {
  json points = json::array();
  for (const auto& item : items) {
    if (item["quantity"] == "median") {
      points.push_back({{"time", item["value"].get<double>() * median_scale}, {"survival", 0.5}});
    } else {
      points.push_back({{"time", item["time"]}, {"survival", percent(item["value"])}});
    }
  }
  return points;
}

TEST(ShippedModels, RerunningTheFitsReproducesTheShippedParameters) {
  const json transcription = evidence();
  const json dfs = dfs_model();
  const json& cohort = transcription["dfs"]["cohort"];
  const json refit =
      call_api({{"op", "landmark_uncertainty"},
                {"family", dfs["baseline"]["family"]},
                {"points", landmark_points(transcription["dfs"]["points"], 1.0)},
                {"cohort",
                 {{"n", cohort["n"]["value"]},
                  {"events", cohort["events"]["value"]},
                  {"censoring_free_until", cohort["censoring_free_until"]["value"]}}}});
  ASSERT_TRUE(refit["ok"].get<bool>()) << refit.dump();
  EXPECT_EQ(dfs["baseline"]["family"], "weibull_cure");
  for (const char* name : {"location", "scale", "cure_fraction"}) {
    EXPECT_LT(relative_difference(refit["result"][name], dfs["baseline"]["parameters"][name]),
              1e-9);
  }
  for (std::size_t j = 0; j < 3; ++j)
    for (std::size_t k = 0; k < 3; ++k)
      EXPECT_LT(relative_difference(refit["result"]["covariance"]["matrix"][j][k],
                                    dfs["uncertainty"]["baseline_covariance"]["matrix"][j][k]),
                1e-7);
  // The chosen family has the smallest largest residual, every residual within 1 point; plain
  // Weibull and log-normal miss by more than 2 points.
  double chosen_max = 0.0;
  for (const auto& residual : refit["result"]["points"]["residual"]) {
    chosen_max = std::max(chosen_max, std::fabs(residual.get<double>()));
  }
  EXPECT_LT(chosen_max, 0.01);
  for (const auto& other : dfs["baseline"]["fit"]["compared"]) {
    if (other["family"] == "weibull_cure") {
      EXPECT_NEAR(other["max_abs_residual"].get<double>(), chosen_max, 1e-12);
    } else {
      EXPECT_GT(other["max_abs_residual"].get<double>(), 0.02) << other["family"];
    }
  }

  const json recurrence = recurrence_model();
  const json reference = call_api(
      {{"op", "fit_landmarks"},
       {"family", recurrence["baseline"]["family"]},
       {"points", landmark_points(transcription["recurrence"]["reference_os"], 1.0 / 12.0)}});
  ASSERT_TRUE(reference["ok"].get<bool>());
  for (const char* name : {"location", "scale"}) {
    EXPECT_LT(
        relative_difference(reference["result"][name], recurrence["baseline"]["parameters"][name]),
        1e-9);
  }
  for (const auto& effect : recurrence["effects"]) {
    for (const auto& group : transcription["recurrence"]["groups"]) {
      if (group["level"] != effect["level"]) continue;
      const json shift = call_api({{"op", "log_hr_through_points"},
                                   {"baseline",
                                    {{"type", "parametric"},
                                     {"family", reference["result"]["family"]},
                                     {"parameters",
                                      {{"location", reference["result"]["location"]},
                                       {"scale", reference["result"]["scale"]}}}}},
                                   {"time", 10},
                                   {"targets", {percent(group["os10"])}}});
      EXPECT_LT(relative_difference(shift["result"]["log_hr"][0], effect["log_hr"]), 1e-9);
    }
  }
}

}  // namespace
}  // namespace nelm::testing
