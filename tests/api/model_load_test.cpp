// load_model and predict by handle: a model is validated and checksummed once, kept in the
// module under its checksum, and predicted from by handle with the same numbers as inline; the
// model's roles and limits come back for the page; numbers travel as numbers.
#include "model_test_support.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

json load(const json& model) { return call_api({{"op", "load_model"}, {"model", model}}); }

// A copy of the DFS model with a numeric input "age" (per year HR 1.02, centred at 60).
json model_with_age() {
  json model = dfs_model();
  model["id"] = "dfs-with-age";
  model["inputs"].push_back(
      {{"name", "age"},
       {"label", "Age at surgery"},
       {"type", "number"},
       {"range", {{"minimum", 30}, {"maximum", 85}}},
       {"unit", "years"},
       {"unknown",
        {{"action", "no_adjustment"}, {"description", "no adjustment: the cohort's mean"}}}});
  model["effects"].push_back(
      {{"input", "age"}, {"log_hr", 0.02}, {"centring", 60}, {"source", "S2"}});
  return with_checksum(model);
}

TEST(ModelLoad, LoadingReturnsTheHandleAndWhatThePageNeeds) {
  const json model = recurrence_model();
  const json response = load(model);
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 400);
  const json& result = response["result"];
  EXPECT_EQ(result["handle"], model["checksum"]);
  EXPECT_EQ(result["checksum"], model["checksum"]);
  EXPECT_EQ(result["id"], "outcome-after-recurrence");
  EXPECT_EQ(result["role"], "at_recurrence");
  EXPECT_EQ(result["outcome"]["max_time"], 10.0);
  EXPECT_EQ(result["effect_structure"], "marginal_groups");
  EXPECT_EQ(result["inputs"][0]["role"], "recurrence_site");
  EXPECT_EQ(result["inputs"][1]["role"], "recurrence_treatment");
  EXPECT_EQ(result["inputs"][1]["levels"][0]["n"], model["inputs"][1]["levels"][0]["n"]);
  EXPECT_FALSE(result["inputs"][1]["comparison_warning"].is_null());
  EXPECT_EQ(load(dfs_model())["result"]["role"], "after_surgery");
  EXPECT_TRUE(load(dfs_model())["result"]["inputs"][0]["role"].is_null());
}

TEST(ModelLoad, PredictByHandleEqualsPredictInline) {
  const json model = dfs_model();
  const std::string handle = load(model)["result"]["handle"];
  const json profile = {{"primary", "pancreatic"}, {"grade", "moderate"}};
  const json by_handle = call_api(
      {{"op", "predict"}, {"model_handle", handle}, {"profile", profile}, {"condition_time", 2}});
  const json inline_model =
      call_api({{"op", "predict"}, {"model", model}, {"profile", profile}, {"condition_time", 2}});
  ASSERT_TRUE(by_handle["ok"].get<bool>()) << by_handle.dump().substr(0, 400);
  EXPECT_EQ(by_handle, inline_model);
  EXPECT_EQ(by_handle["result"]["model"]["checksum"], handle);
}

TEST(ModelLoad, AnUnknownHandleAndAmbiguousRequestsAreRefused) {
  EXPECT_TRUE(refused_with(call_api({{"op", "predict"}, {"model_handle", "sha256:00"}}),
                           "unknown_model_handle", "/model_handle"));
  EXPECT_TRUE(refused_with(call_api({{"op", "predict"}, {"model_handle", 7}}), "invalid_type",
                           "/model_handle"));
  const std::string handle = load(dfs_model())["result"]["handle"];
  EXPECT_TRUE(
      refused_with(call_api({{"op", "predict"}, {"model_handle", handle}, {"model", dfs_model()}}),
                   "invalid_value", "/model_handle"));
  // A damaged model is never kept.
  json damaged = dfs_model();
  damaged["effects"][0]["centring"] = 0.4;
  EXPECT_TRUE(refused_with(load(damaged), "checksum_mismatch", "/model/checksum"));
}

TEST(ModelLoad, TheModuleKeepsTheSixteenModelsUsedMostRecently) {
  const std::string first = load(dfs_model())["result"]["handle"];
  for (int i = 0; i < 16; ++i) {
    json other = recurrence_model();
    other["id"] = "copy-" + std::to_string(i);
    ASSERT_TRUE(load(with_checksum(other))["ok"].get<bool>());
    if (i == 7) {  // using the first model keeps it
      ASSERT_TRUE(call_api({{"op", "predict"}, {"model_handle", first}})["ok"].get<bool>());
    }
  }
  EXPECT_TRUE(call_api({{"op", "predict"}, {"model_handle", first}})["ok"].get<bool>());
  json oldest = recurrence_model();
  oldest["id"] = "copy-0";
  const std::string forgotten = with_checksum(oldest)["checksum"];
  EXPECT_TRUE(refused_with(call_api({{"op", "predict"}, {"model_handle", forgotten}}),
                           "unknown_model_handle", "/model_handle"));
}

TEST(ModelLoad, ANumberInputTakesANumberAndRefusesText) {
  const json model = model_with_age();
  const std::string handle = load(model)["result"]["handle"];
  const json response =
      call_api({{"op", "predict"}, {"model_handle", handle}, {"profile", {{"age", 70}}}});
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 400);
  EXPECT_NEAR(response["result"]["linear_predictor"]["value"].get<double>(), 0.2, 1e-15);
  EXPECT_EQ(response["result"]["profile"]["age"], 70.0);
  // The page once sent "70": text is refused where a number belongs, with the input's path.
  EXPECT_TRUE(refused_with(
      call_api({{"op", "predict"}, {"model_handle", handle}, {"profile", {{"age", "70"}}}}),
      "invalid_type", "/profile/age"));
  const json description = load(model)["result"]["inputs"].back();
  EXPECT_EQ(description["type"], "number");
  EXPECT_EQ(description["range"]["maximum"], 85.0);
  EXPECT_EQ(description["unit"], "years");
}

TEST(ModelLoad, AConditionTimeBeyondTheModelsLimitIsRefusedAtItsPath) {
  json model = dfs_model();
  model["outcome"]["max_time"] = 5;
  const std::string handle = load(with_checksum(model))["result"]["handle"];
  EXPECT_TRUE(
      refused_with(call_api({{"op", "predict"}, {"model_handle", handle}, {"condition_time", 5}}),
                   "invalid_value", "/condition_time"));
  const json response =
      call_api({{"op", "predict"}, {"model_handle", handle}, {"condition_time", 4.5}});
  ASSERT_TRUE(response["ok"].get<bool>());
  const json& curve = response["result"]["predictions"][0]["curve"];
  EXPECT_EQ(curve["time"].front(), 4.5);
  EXPECT_EQ(curve["time"].back(), 5.0);
  EXPECT_EQ(response["result"]["predictions"][0]["estimates"].size(), 1u);  // 5 years only
}

}  // namespace
}  // namespace nelm::testing
