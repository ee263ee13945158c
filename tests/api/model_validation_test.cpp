// Broken model files and profiles through validate_model / predict: every refusal has its code
// and the JSON pointer of the offending member.
#include "model_test_support.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

json validate(const json& model) { return call_api({{"op", "validate_model"}, {"model", model}}); }
json predict(const json& model, json profile) {
  return call_api({{"op", "predict"}, {"model", model}, {"profile", std::move(profile)}});
}

TEST(ModelValidation, ShippedModelsAreValidAndTheirChecksumIsRecomputed) {
  for (const json& model : {dfs_model(), recurrence_model()}) {
    const json response = validate(model);
    ASSERT_TRUE(response["ok"].get<bool>()) << response.dump();
    EXPECT_EQ(response["result"]["checksum"], model["checksum"]);
    EXPECT_EQ(response["result"]["computed_checksum"], model["checksum"]);
    EXPECT_EQ(response["result"]["id"], model["id"]);
  }
}

TEST(ModelValidation, ChecksumIsOverTheCanonicalFormWhateverTheKeyOrder) {
  json model = dfs_model();
  json reordered = json::object();
  for (auto it = model.rbegin(); it != model.rend(); ++it) reordered[it.key()] = it.value();
  EXPECT_TRUE(validate(reordered)["ok"].get<bool>());
}

TEST(ModelValidation, AChangedNumberNoLongerMatchesTheChecksum) {
  json model = dfs_model();
  model["anchors"][0]["estimate"] = 0.756;
  EXPECT_TRUE(refused_with(validate(model), "checksum_mismatch", "/model/checksum"));
  model.erase("checksum");
  EXPECT_TRUE(refused_with(validate(model), "missing_field", "/model/checksum"));
  // predict refuses a changed file too: a damaged model never produces numbers.
  model = dfs_model();
  model["effects"][0]["centring"] = 0.4;
  EXPECT_TRUE(refused_with(predict(model, json::object()), "checksum_mismatch", "/model/checksum"));
}

TEST(ModelValidation, MissingFieldsAreNamed) {
  for (const char* field : {"outcome", "baseline", "effects", "anchors", "limitations", "id"}) {
    json model = dfs_model();
    model.erase(field);
    EXPECT_TRUE(refused_with(validate(with_checksum(model)), "missing_field",
                             std::string("/model/") + field))
        << field;
  }
  json model = recurrence_model();
  model["outcome"].erase("time_origin_note");
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "missing_field",
                           "/model/outcome/time_origin_note"));
}

TEST(ModelValidation, HazardRatioMustBePositiveAndMatchItsLog) {
  json model = dfs_model();
  model["effects"][2]["hr"] = 0.0;
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "invalid_value", "/model/effects/2/hr"));
  model["effects"][2]["hr"] = -1.6;
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "invalid_value", "/model/effects/2/hr"));
  model = dfs_model();
  model["effects"][2]["log_hr"] = 0.5;
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "invalid_value", "/model/effects/2/log_hr"));
  model["effects"][2]["log_hr"] = "0.47";
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "invalid_type", "/model/effects/2/log_hr"));
}

TEST(ModelValidation, ProbabilitiesOutsideZeroOneAreRefused) {
  json model = dfs_model();
  model["anchors"][3]["estimate"] = 1.2;
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "invalid_value", "/model/anchors/3/estimate"));
  model = recurrence_model();
  model["anchors"][0]["lower"] = -0.1;
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "invalid_value", "/model/anchors/0/lower"));
  model = dfs_model();
  model["baseline"]["parameters"]["cure_fraction"] = 1.5;
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "invalid_value",
                           "/model/baseline/parameters/cure_fraction"));
  model = dfs_model();
  model["effects"][0]["centring"] = 45.4;  // a percentage where a proportion belongs
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "invalid_value", "/model/effects/0/centring"));
}

TEST(ModelValidation, UnknownFamilyFormatAndReferences) {
  json model = dfs_model();
  model["baseline"]["family"] = "gompertz";
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "invalid_value", "/model/baseline/family"));
  model = dfs_model();
  model["format_version"] = 1;  // before roles: refused, not guessed
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "unsupported_model_format",
                           "/model/format_version"));
  model = dfs_model();
  model["effects"][1]["level"] = "high";
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "invalid_value", "/model/effects/1/level"));
  model = dfs_model();
  model["anchors"][1]["source"] = "S9";
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "invalid_value", "/model/anchors/1/source"));
  model = dfs_model();
  model["uncertainty"]["baseline_covariance"]["matrix"][0][1] = 1.0;
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "invalid_value",
                           "/model/uncertainty/baseline_covariance/matrix/1/0"));
  model = dfs_model();
  model["colour"] = "blue";
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "unknown_field", "/model/colour"));
}

TEST(ModelValidation, AStepBaselineForAnInstitutionCoxModelIsAccepted) {
  json model = dfs_model();
  model["kind"] = "institution_cox";
  model["synthetic"] = true;
  model["baseline"] = {
      {"type", "step"}, {"time", {0.5, 1, 2, 4}}, {"cumhaz", {0.1, 0.2, 0.4, 0.7}}};
  model["outcome"]["max_time"] = 4;  // the baseline's last time
  model["uncertainty"].erase("baseline_covariance");
  model["uncertainty"]["coefficient_covariance"] = {
      {"names",
       {"primary=pancreatic", "grade=moderate", "grade=poor", "lymph_nodes=positive",
        "resection=major"}},
      {"matrix",
       {{0.04, 0, 0, 0, 0},
        {0, 0.05, 0.01, 0, 0},
        {0, 0.01, 0.09, 0, 0},
        {0, 0, 0, 0.06, 0},
        {0, 0, 0, 0, 0.1}}}};
  model.erase("personalisation");
  const json response = predict(with_checksum(model), {{"primary", "pancreatic"}});
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 400);
  const json& estimate = response["result"]["predictions"][0]["estimates"][0];  // 1 year
  const double lp = std::log(2.1) * (1 - 0.454);
  EXPECT_NEAR(estimate["estimate"].get<double>(), std::exp(-0.2 * std::exp(lp)), 1e-12);
  EXPECT_LT(estimate["lower"].get<double>(), estimate["estimate"].get<double>());
  // The step baseline has no plateau, so no cure probability.
  EXPECT_TRUE(response["result"]["predictions"][0]["cure"].is_null());
  model["baseline"]["cumhaz"][2] = 0.15;
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "invalid_value", "/model/baseline/cumhaz/2"));
}

// Issue 14, item 13: a re-sealed file (its checksum recomputed after the change) with max_time far
// past its baseline would predict flat survival where there are no data; the checksum detects a
// change, not its intent, so the reader refuses max_time beyond the baseline's support.
TEST(ModelValidation, AMaxTimeBeyondTheBaselinesSupportIsRefusedEvenWhenResealed) {
  json model = dfs_model();
  model["kind"] = "institution_cox";
  model["synthetic"] = true;
  model["baseline"] = {
      {"type", "step"}, {"time", {0.5, 1, 2, 13.5}}, {"cumhaz", {0.1, 0.2, 0.4, 0.7}}};
  model["uncertainty"].erase("baseline_covariance");
  model.erase("personalisation");
  model["outcome"]["max_time"] = 13.5;  // up to the last time: accepted
  ASSERT_TRUE(validate(with_checksum(model))["ok"].get<bool>());
  for (const double max_time : {13.6, 1e308}) {
    model["outcome"]["max_time"] = max_time;
    const json response = validate(with_checksum(model));
    EXPECT_TRUE(refused_with(response, "max_time_beyond_support", "/model/outcome/max_time"));
    EXPECT_NE(response["error"]["message"].get<std::string>().find("at most 13.5"),
              std::string::npos)
        << response.dump();
  }
  EXPECT_TRUE(refused_with(call_api({{"op", "load_model"}, {"model", with_checksum(model)}}),
                           "max_time_beyond_support", "/model/outcome/max_time"));
  // A parametric curve has no data of its own: its latest published point (the 10-year anchor of
  // S1) bounds max_time, and one without anchors cannot be bounded at all.
  model = dfs_model();
  model["outcome"]["max_time"] = 10.5;
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "max_time_beyond_support",
                           "/model/outcome/max_time"));
  model["outcome"]["max_time"] = 10;
  model["anchors"] = json::array();
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "max_time_beyond_support",
                           "/model/outcome/max_time"));
}

TEST(ModelValidation, RolesAreFieldsOfTheModelWithTheirPath) {
  json model = dfs_model();
  model.erase("role");
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "missing_field", "/model/role"));
  model["role"] = "after-surgery";
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "invalid_value", "/model/role"));
  model = recurrence_model();
  model["inputs"][1]["role"] = "recurrence_site";  // two site inputs
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "invalid_value", "/model/inputs/1/role"));
  model["inputs"][1]["role"] = "treatment";
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "invalid_value", "/model/inputs/1/role"));
  model["inputs"][1]["role"] = nullptr;  // null: no role
  EXPECT_TRUE(validate(with_checksum(model))["ok"].get<bool>());
  model["inputs"][1]["roles"] = "recurrence_treatment";  // a typo is refused, never ignored
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "unknown_field", "/model/inputs/1/roles"));
}

TEST(ModelValidation, APublishedComparisonTestIsTextWithAListedSource) {
  json model = recurrence_model();
  EXPECT_EQ(model["inputs"][0]["comparison_p"]["text"], "P<0.001");
  const json loaded = call_api({{"op", "load_model"}, {"model", model}});
  EXPECT_EQ(loaded["result"]["inputs"][1]["comparison_p"]["text"], "P=0.001");
  EXPECT_EQ(loaded["result"]["inputs"][1]["comparison_p"]["source"], "S1");
  model["inputs"][0]["comparison_p"]["source"] = "S9";
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "invalid_value",
                           "/model/inputs/0/comparison_p/source"));
  model["inputs"][0]["comparison_p"] = {{"source", "S1"}};
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "missing_field",
                           "/model/inputs/0/comparison_p/text"));
  model["inputs"][0]["comparison_p"] = {{"text", "P<0.001"}, {"source", "S1"}, {"p", 0.001}};
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "unknown_field",
                           "/model/inputs/0/comparison_p/p"));
  model["inputs"][0].erase("comparison_p");  // optional
  EXPECT_TRUE(validate(with_checksum(model))["ok"].get<bool>());
}

// The DFS model with grade averaged over a mix (well 29.6%, moderate and poor 35.2% each).
json averaged_grade_model() {
  json model = dfs_model();
  model["inputs"][1]["unknown"]["action"] = "average_over_mix";
  const double shares[] = {0.296, 0.352, 0.352};
  for (std::size_t k = 0; k < 3; ++k) {
    model["inputs"][1]["levels"][k]["proportion"] = shares[k];
    model["inputs"][1]["levels"][k]["source"] = "S3";
  }
  return model;
}

TEST(ModelValidation, AveragingOverAMixNeedsEveryLevelsProportionAndSource) {
  json model = averaged_grade_model();
  ASSERT_TRUE(validate(with_checksum(model))["ok"].get<bool>());
  model["inputs"][1]["levels"][2].erase("proportion");
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "missing_field",
                           "/model/inputs/1/levels/2/proportion"));
  model = averaged_grade_model();
  model["inputs"][1]["levels"][0].erase("source");
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "missing_field",
                           "/model/inputs/1/levels/0/source"));
  model["inputs"][1]["levels"][0]["source"] = "S7";
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "invalid_value",
                           "/model/inputs/1/levels/0/source"));
  model = averaged_grade_model();
  model["inputs"][1]["levels"][0]["proportion"] = 0.5;  // sums to 1.204
  EXPECT_TRUE(
      refused_with(validate(with_checksum(model)), "invalid_value", "/model/inputs/1/levels"));
  model["inputs"][1]["levels"][0]["proportion"] = 1.5;
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "invalid_value",
                           "/model/inputs/1/levels/0/proportion"));
  model = recurrence_model();  // marginal groups are never combined
  model["inputs"][0]["unknown"]["action"] = "average_over_mix";
  EXPECT_TRUE(refused_with(validate(with_checksum(model)), "invalid_value",
                           "/model/inputs/0/unknown/action"));
}

TEST(ModelValidation, PredictAveragesAnUnknownInputOverItsMix) {
  const json response = predict(with_checksum(averaged_grade_model()), {{"primary", "pancreatic"}});
  ASSERT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 400);
  const json& result = response["result"];
  EXPECT_TRUE(result["linear_predictor"].is_null());
  EXPECT_EQ(result["averaged_inputs"], json::array({"grade"}));
  bool warned = false;
  for (const auto& warning : response["warnings"])
    warned = warned || warning["code"] == "averaged_over_mix";
  EXPECT_TRUE(warned);
  // The 5-year DFS is the mix of the three grades' curves, each predicted on its own.
  const json well = predict(dfs_model(), {{"primary", "pancreatic"}, {"grade", "well"}});
  const json moderate = predict(dfs_model(), {{"primary", "pancreatic"}, {"grade", "moderate"}});
  const json poor = predict(dfs_model(), {{"primary", "pancreatic"}, {"grade", "poor"}});
  const auto five = [](const json& r) {
    return r["result"]["predictions"][0]["estimates"][2]["estimate"].get<double>();
  };
  EXPECT_NEAR(five(response), 0.296 * five(well) + 0.352 * five(moderate) + 0.352 * five(poor),
              1e-14);
}

TEST(ModelValidation, ProfilesAreCheckedAgainstTheInputs) {
  EXPECT_TRUE(
      refused_with(predict(dfs_model(), {{"grade", "G2"}}), "invalid_value", "/profile/grade"));
  EXPECT_TRUE(refused_with(predict(dfs_model(), {{"age", 60}}), "unknown_field", "/profile/age"));
  EXPECT_TRUE(refused_with(predict(dfs_model(), {{"grade", 2}}), "invalid_type", "/profile/grade"));
  EXPECT_TRUE(
      refused_with(call_api({{"op", "predict"}, {"model", dfs_model()}, {"condition_time", 10}}),
                   "invalid_value", "/condition_time"));
  EXPECT_TRUE(refused_with(call_api({{"op", "predict"}}), "missing_field", "/model_handle"));
}

}  // namespace
}  // namespace nelm::testing
