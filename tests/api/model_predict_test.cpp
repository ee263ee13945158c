// predict on the shipped models: every published number comes back exactly (anchors, the mapped
// 10-year OS and its CI) or within 1 percentage point (the fitted DFS curve); conditioning, cure,
// personalisation and the warnings the evidence demands.
#include <cmath>

#include "model_test_support.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

double percent(const json& value) { return std::stod(value.dump() + "e-2"); }

json predict(const json& model, json extra = json::object()) {
  json request = {{"op", "predict"}, {"model", model}};
  for (auto it = extra.begin(); it != extra.end(); ++it) request[it.key()] = it.value();
  const json response = call_api(request);
  EXPECT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 400);
  return response;
}

bool has_warning(const json& response, const std::string& code) {
  for (const auto& warning : response["warnings"])
    if (warning["code"] == code) return true;
  return false;
}

TEST(ModelPredict, DfsReturnsEveryPublishedPoint) {
  const json points = read_json_file("models/evidence.json")["dfs"]["points"];
  const json response = predict(dfs_model(), {{"times", {1, 3.1, 5, 10}}});
  const json& prediction = response["result"]["predictions"][0];
  for (std::size_t i = 0; i < points.size(); ++i) {
    const json& anchor = prediction["anchors"][i];
    const bool median = points[i]["quantity"] == "median";
    // Anchors: exactly as published, tagged and cited.
    EXPECT_EQ(anchor["status"], "published");
    EXPECT_EQ(anchor["source"], "S1");
    EXPECT_FALSE(anchor["citation"].get<std::string>().empty());
    EXPECT_EQ(anchor["estimate"].get<double>(),
              median ? points[i]["value"].get<double>() : percent(points[i]["value"]));
    // The fitted curve: within 1 percentage point (the median as S(3.1) = 1/2).
    const double published = median ? 0.5 : percent(points[i]["value"]);
    EXPECT_NEAR(prediction["curve"]["surv"][i].get<double>(), published, 0.01) << i;
    EXPECT_LT(prediction["curve"]["lower"][i].get<double>(), published) << i;
    EXPECT_GT(prediction["curve"]["upper"][i].get<double>(), published) << i;
  }
  EXPECT_EQ(prediction["curve"]["status"], "modelled");
  EXPECT_NEAR(prediction["median"]["estimate"].get<double>(), 3.1, 0.1);
  for (const auto& estimate : prediction["estimates"]) EXPECT_EQ(estimate["status"], "modelled");
  EXPECT_EQ(prediction["estimates"].size(), 4u);
  EXPECT_TRUE(has_warning(response, "input_unknown"));
  EXPECT_FALSE(has_warning(response, "approximate_personalisation"));
}

TEST(ModelPredict, DfsConditionalAndCure) {
  const json model = dfs_model();
  const double pi = model["baseline"]["parameters"]["cure_fraction"].get<double>();
  const json whole = predict(model, {{"times", {3, 5}}});
  const double s3 = whole["result"]["predictions"][0]["curve"]["surv"][0].get<double>();
  const double s5 = whole["result"]["predictions"][0]["curve"]["surv"][1].get<double>();
  const json response = predict(model, {{"condition_time", 3}});
  const json& prediction = response["result"]["predictions"][0];
  EXPECT_EQ(response["result"]["condition_time"], 3);
  EXPECT_NEAR(prediction["cure"]["fraction"]["estimate"].get<double>(), pi, 1e-14);
  EXPECT_NEAR(prediction["cure"]["given_condition"]["estimate"].get<double>(), pi / s3, 1e-12);
  EXPECT_LT(prediction["cure"]["given_condition"]["lower"].get<double>(), pi / s3);
  // Estimates after t0 only (5 and 10 years), DFS(5 | 3) = S(5) / S(3).
  ASSERT_EQ(prediction["estimates"].size(), 2u);
  EXPECT_EQ(prediction["estimates"][0]["time"], 5.0);
  EXPECT_NEAR(prediction["estimates"][0]["estimate"].get<double>(), s5 / s3, 1e-12);
  EXPECT_EQ(prediction["curve"]["time"][0], 3.0);
  EXPECT_EQ(prediction["curve"]["surv"][0], 1.0);
}

TEST(ModelPredict, DfsPersonalisationIsCentredAndApproximate) {
  const json model = dfs_model();
  const json response =
      predict(model, {{"profile", {{"primary", "pancreatic"}, {"grade", "unknown"}}}});
  const double expected_lp = std::log(2.1) * (1.0 - 0.454);
  EXPECT_NEAR(response["result"]["linear_predictor"]["value"].get<double>(), expected_lp, 1e-12);
  EXPECT_TRUE(has_warning(response, "approximate_personalisation"));
  EXPECT_TRUE(has_warning(response, "cure_not_personalised"));
  const json& prediction = response["result"]["predictions"][0];
  EXPECT_TRUE(prediction["cure"]["fraction"].is_null());
  const json whole = predict(model);
  const double s10 = whole["result"]["predictions"][0]["estimates"][3]["estimate"].get<double>();
  EXPECT_NEAR(prediction["estimates"][3]["estimate"].get<double>(),
              std::pow(s10, std::exp(expected_lp)), 1e-12);
  // Unknown for every input is the whole cohort: lp = 0.
  const json unknown = predict(model, {{"profile",
                                        {{"primary", "unknown"},
                                         {"grade", "unknown"},
                                         {"lymph_nodes", "unknown"},
                                         {"resection", "unknown"}}}});
  EXPECT_EQ(unknown["result"]["linear_predictor"]["value"].get<double>(), 0.0);
  EXPECT_EQ(unknown["result"]["predictions"][0]["estimates"],
            whole["result"]["predictions"][0]["estimates"]);
}

TEST(ModelPredict, NothingBeyondTenYears) {
  const json response = predict(dfs_model(), {{"times", {9, 12}}});
  EXPECT_TRUE(has_warning(response, "extrapolation_beyond_max_time"));
  EXPECT_TRUE(response["result"]["predictions"][0]["curve"]["surv"][1].is_null());
  EXPECT_FALSE(response["result"]["predictions"][0]["curve"]["surv"][0].is_null());
}

TEST(ModelPredict, RecurrenceGroupsGiveThePublishedTenYearOsExactly) {
  const json groups = read_json_file("models/evidence.json")["recurrence"]["groups"];
  const json response = predict(recurrence_model(), {{"times", {0, 10}}});
  const json& predictions = response["result"]["predictions"];
  ASSERT_EQ(predictions.size(), groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const json& prediction = predictions[i];
    const json& anchor = prediction["anchors"][0];
    EXPECT_EQ(prediction["group"]["level"], groups[i]["level"]);
    EXPECT_EQ(anchor["status"], "published");
    EXPECT_EQ(anchor["estimate"].get<double>(), percent(groups[i]["os10"]));
    if (groups[i]["os10"] == 0) {
      EXPECT_TRUE(prediction["curve"].is_null());
      EXPECT_TRUE(prediction["anchors"][0]["lower"].is_null());
      EXPECT_NE(prediction["statement"].get<std::string>().find("No 10-year survivors"),
                std::string::npos);
      continue;
    }
    EXPECT_EQ(anchor["lower"].get<double>(), percent(groups[i]["lower"]));
    EXPECT_EQ(anchor["upper"].get<double>(), percent(groups[i]["upper"]));
    const json& curve = prediction["curve"];
    EXPECT_EQ(curve["surv"][0], 1.0);
    EXPECT_NEAR(curve["surv"][1].get<double>(), percent(groups[i]["os10"]), 1e-12);
    EXPECT_NEAR(curve["lower"][1].get<double>(), percent(groups[i]["lower"]), 1e-12);
    EXPECT_NEAR(curve["upper"][1].get<double>(), percent(groups[i]["upper"]), 1e-12);
  }
  EXPECT_TRUE(has_warning(response, "confounded_comparison"));
  EXPECT_TRUE(has_warning(response, "time_origin_assumed"));
}

// Every object of a response that carries a "status" (estimates, curves, medians, cure
// probabilities, anchors, the linear predictor) must say what kind of interval it has: the JSON
// pointers of those that lack one, call a modelled value a 95% CI, or call a published number
// without a printed CI one.
void mislabelled_intervals(const json& value, const std::string& at,
                           std::vector<std::string>& found) {
  if (value.is_object()) {
    if (value.contains("status")) {
      const std::string type = value.value("interval_type", "");
      const bool has_bounds =
          value.contains("lower") && !value["lower"].is_null() && !value["upper"].is_null();
      const bool published = value["status"] == "published";
      const bool right = published ? type == (has_bounds ? "published_95_ci" : "none")
                                   : type == "model_range" || type == "none";
      if (!right) found.push_back(at + " (" + type + ")");
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      mislabelled_intervals(it.value(), at + "/" + it.key(), found);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      mislabelled_intervals(value[i], at + "/" + std::to_string(i), found);
    }
  }
}

TEST(ModelPredict, NoModelledIntervalIsCalledA95PercentCi) {
  const json conditioned = predict(dfs_model(), {{"condition_time", 2}});
  const json cured = predict(dfs_model());
  const json groups = predict(recurrence_model());
  for (const json* response : {&conditioned, &cured, &groups}) {
    std::vector<std::string> found;
    mislabelled_intervals((*response)["result"], "/result", found);
    EXPECT_TRUE(found.empty()) << (found.empty() ? "" : found.front());
  }
  const json& prediction = cured["result"]["predictions"][0];
  EXPECT_EQ(prediction["estimates"][0]["interval_type"], "model_range");
  EXPECT_EQ(prediction["curve"]["interval_type"], "model_range");
  EXPECT_EQ(prediction["cure"]["fraction"]["interval_type"], "model_range");
  EXPECT_EQ(prediction["median"]["interval_type"], "none");
  EXPECT_EQ(prediction["anchors"][0]["interval_type"], "none");  // S1 printed no CIs
  const json& intrahepatic = groups["result"]["predictions"][0]["anchors"][0];
  EXPECT_EQ(intrahepatic["interval_type"], "published_95_ci");
}

TEST(ModelPredict, EveryTreatmentComparisonCarriesTheConfoundingWarning) {
  for (const char* treatment : {"repeat_surgery", "chemotherapy", "unknown"}) {
    const json response = predict(recurrence_model(), {{"profile", {{"treatment", treatment}}}});
    EXPECT_TRUE(has_warning(response, "confounded_comparison")) << treatment;
  }
  const json both = predict(recurrence_model(),
                            {{"profile", {{"site", "both"}, {"treatment", "repeat_surgery"}}}});
  EXPECT_EQ(both["result"]["predictions"].size(), 2u);
  EXPECT_TRUE(has_warning(both, "separate_groups"));
}

// The extent of resection is a choice, not a lever (issue 12, item 6): every estimate it changes
// carries the model's caveat on the input; a profile without it does not.
TEST(ModelPredict, TheExtentOfResectionCarriesTheConfoundingWarningWhenGiven) {
  for (const char* resection : {"parenchymal_sparing", "major"}) {
    const json response = predict(dfs_model(), {{"profile", {{"resection", resection}}}});
    bool found = false;
    for (const auto& warning : response["warnings"]) {
      if (warning["code"] != "confounded_comparison") continue;
      found = true;
      EXPECT_EQ(warning["subject"], "resection");
      EXPECT_NE(warning["message"].get<std::string>().find("confounded by indication"),
                std::string::npos);
    }
    EXPECT_TRUE(found) << resection;
  }
  EXPECT_FALSE(has_warning(predict(dfs_model(), {{"profile", {{"grade", "moderate"}}}}),
                           "confounded_comparison"));
  EXPECT_FALSE(has_warning(predict(dfs_model()), "confounded_comparison"));
}

}  // namespace
}  // namespace nelm::testing
