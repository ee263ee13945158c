// predict (core/prediction/predict.h) without JSON, on hand-worked models: an exponential baseline
// H0(t) = t / e, so that at t = e the cumulative hazard is 1 and every curve value is exp(-HR);
// the linear predictor, its band, numbers and their range, horizons and grid, the cure policy,
// the average over an unknown input's mix (two levels, worked by hand) and marginal groups.
#include "prediction/predict.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nelm {
namespace {

const double e = std::exp(1.0);
const double root2 = std::sqrt(2.0);
const double z = 1.959963984540054;  // qnorm(0.975)

bool has_warning(const PredictionResult& result, const std::string& code) {
  for (const auto& warning : result.warnings)
    if (warning.code == code) return true;
  return false;
}

ModelInput categorical(const std::string& name, std::vector<ModelLevel> levels,
                       UnknownAction action = UnknownAction::no_adjustment) {
  ModelInput input;
  input.name = name;
  input.label = "The " + name;
  input.levels = std::move(levels);
  input.unknown_action = action;
  input.unknown_description = "what unknown does";
  return input;
}

ModelLevel level(const std::string& value, double proportion = NAN) {
  ModelLevel result;
  result.value = value;
  result.label = value;
  result.proportion = proportion;
  return result;
}

// grade: low (reference) / high, HR 2 for high, centred at 0.5, SE of log HR 0.1.
PredictionModelDefinition grade_model(UnknownAction action = UnknownAction::no_adjustment,
                                      double low_share = 0.25) {
  PredictionModelDefinition model;
  model.outcome.max_time = 10.0;
  model.outcome.time_unit = "years";
  model.baseline.curve = {CurveFamily::exponential, 1.0, 1.0, 0.0};
  model.inputs = {
      categorical("grade", {level("low", low_share), level("high", 1.0 - low_share)}, action)};
  ModelEffect effect;
  effect.input = "grade";
  effect.level = "high";
  effect.log_hazard_ratio = std::log(2.0);
  effect.std_err = 0.1;
  effect.centring = 0.5;
  model.effects = {effect};
  return model;
}

const PredictedCurve& curve(const PredictionResult& result) {
  return *result.predictions.at(0).curve;
}

TEST(Predict, AKnownLevelShiftsTheCurveByItsCentredHazardRatio) {
  const PredictionResult result =
      predict(grade_model(), {{"grade", InputValue::of_level("high")}}, 0.0, {e});
  // lp = log 2 (1 - 0.5), HR = sqrt 2; S(e) = exp(-sqrt 2 * H0(e)) = exp(-sqrt 2).
  ASSERT_TRUE(result.linear_predictor.has_value());
  EXPECT_NEAR(result.linear_predictor->value, 0.5 * std::log(2.0), 1e-15);
  EXPECT_NEAR(result.linear_predictor->variance, 0.25 * 0.01, 1e-15);
  EXPECT_NEAR(curve(result).surv[0], std::exp(-root2), 1e-15);
  // Band: log(-log S) = lp + log H0 = 0.5 log 2 + 0, SE = 0.5 * 0.1 (the coefficients only).
  EXPECT_NEAR(curve(result).lower[0], std::exp(-std::exp(0.5 * std::log(2.0) + z * 0.05)), 1e-12);
  EXPECT_NEAR(curve(result).upper[0], std::exp(-std::exp(0.5 * std::log(2.0) - z * 0.05)), 1e-12);
  EXPECT_EQ(result.predictions[0].label, "This profile");
  EXPECT_FALSE(has_warning(result, "input_unknown"));
}

TEST(Predict, UnknownWithoutAdjustmentIsTheCentredCurve) {
  const PredictionResult result = predict(grade_model(), {}, 0.0, {e});
  EXPECT_EQ(result.linear_predictor->value, 0.0);
  EXPECT_NEAR(curve(result).surv[0], std::exp(-1.0), 1e-15);
  EXPECT_TRUE(has_warning(result, "input_unknown"));
  EXPECT_TRUE(result.averaged_inputs.empty());
  EXPECT_EQ(result.predictions[0].label, "The whole development cohort");
}

TEST(Predict, UnknownAveragedOverTheMixIsTheAverageOfTheLevelsCurves) {
  // low: lp = log 2 (0 - 0.5), HR 1/sqrt 2; high: HR sqrt 2; shares 1/4 and 3/4. At t = e:
  // S = 1/4 exp(-1/sqrt 2) + 3/4 exp(-sqrt 2) = 1/4 0.49307 + 3/4 0.24312 = 0.30560.
  const PredictionResult result =
      predict(grade_model(UnknownAction::average_over_mix), {}, 0.0, {e, 2 * e});
  const double low = std::exp(-1.0 / root2), high = std::exp(-root2);
  const double mixed = 0.25 * low + 0.75 * high;
  EXPECT_NEAR(mixed, 0.30560, 1e-5);
  EXPECT_NEAR(curve(result).surv[0], mixed, 1e-15);
  EXPECT_NEAR(curve(result).surv[1], 0.25 * low * low + 0.75 * high * high, 1e-15);
  EXPECT_FALSE(result.linear_predictor.has_value());
  EXPECT_EQ(result.averaged_inputs, std::vector<std::string>{"grade"});
  EXPECT_TRUE(has_warning(result, "averaged_over_mix"));
  // Delta method on S itself: dS/dbeta = sum_k w_k (-S_k HR_k H0) dlp_k/dbeta, dlp/dbeta = x - c,
  // H0(e) = 1: 1/4 (-low / sqrt 2)(-1/2) + 3/4 (-high sqrt 2)(1/2); Var S = (dS/dbeta)^2 0.1^2,
  // carried to log(-log S) by 1 / |S log S|.
  const double gradient = 0.25 * (-low / root2) * -0.5 + 0.75 * (-high * root2) * 0.5;
  const double log_log_std_err = std::fabs(gradient) * 0.1 / std::fabs(mixed * std::log(mixed));
  const double log_log = std::log(-std::log(mixed));
  EXPECT_NEAR(curve(result).lower[0], std::exp(-std::exp(log_log + z * log_log_std_err)), 1e-12);
  EXPECT_NEAR(curve(result).upper[0], std::exp(-std::exp(log_log - z * log_log_std_err)), 1e-12);
}

TEST(Predict, ConditioningReweightsTheMixBySurvivalToThatTime) {
  const PredictionResult result =
      predict(grade_model(UnknownAction::average_over_mix), {}, e, {e, 2 * e});
  const double low = std::exp(-1.0 / root2), high = std::exp(-root2);
  EXPECT_EQ(curve(result).surv[0], 1.0);
  // S(2e | e) = (1/4 low^2 + 3/4 high^2) / (1/4 low + 3/4 high): not the average of low and high.
  EXPECT_NEAR(curve(result).surv[1],
              (0.25 * low * low + 0.75 * high * high) / (0.25 * low + 0.75 * high), 1e-14);
  EXPECT_NE(curve(result).surv[1], 0.25 * low + 0.75 * high);
}

TEST(Predict, AMixWithAllItsWeightOnOneLevelIsThatLevelsCurveAndBand) {
  // Two components, one of weight 0: the general delta method must give the closed form's band.
  const PredictionResult mixed =
      predict(grade_model(UnknownAction::average_over_mix, 0.0), {}, 0.0, {1.0, 4.0});
  const PredictionResult known =
      predict(grade_model(), {{"grade", InputValue::of_level("high")}}, 0.0, {1.0, 4.0});
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NEAR(curve(mixed).surv[i], curve(known).surv[i], 1e-14) << i;
    EXPECT_NEAR(curve(mixed).lower[i], curve(known).lower[i], 1e-12) << i;
    EXPECT_NEAR(curve(mixed).upper[i], curve(known).upper[i], 1e-12) << i;
  }
}

TEST(Predict, TwoAveragedInputsAreTakenAsIndependent) {
  PredictionModelDefinition model = grade_model(UnknownAction::average_over_mix);
  model.inputs.push_back(categorical("nodes", {level("negative", 0.4), level("positive", 0.6)},
                                     UnknownAction::average_over_mix));
  ModelEffect nodes;
  nodes.input = "nodes";
  nodes.level = "positive";
  nodes.log_hazard_ratio = std::log(3.0);
  nodes.centring = 0.0;
  model.effects.push_back(nodes);
  const PredictionResult result = predict(model, {}, 0.0, {e});
  // Four kinds of patient, weights 1/4 x 0.4 ...; HR = 2^(x - 1/2) 3^y.
  double expected = 0.0;
  for (const auto& [grade, grade_share] : {std::pair{0.0, 0.25}, std::pair{1.0, 0.75}}) {
    for (const auto& [positive, nodes_share] : {std::pair{0.0, 0.4}, std::pair{1.0, 0.6}}) {
      expected += grade_share * nodes_share *
                  std::exp(-std::pow(2.0, grade - 0.5) * std::pow(3.0, positive));
    }
  }
  EXPECT_NEAR(curve(result).surv[0], expected, 1e-15);
  EXPECT_EQ(result.averaged_inputs.size(), 2u);
  // A known input is not averaged.
  const PredictionResult one =
      predict(model, {{"nodes", InputValue::of_level("positive")}}, 0.0, {e});
  EXPECT_NEAR(curve(one).surv[0], 0.25 * std::exp(-3.0 / root2) + 0.75 * std::exp(-3.0 * root2),
              1e-15);
}

TEST(Predict, TheCureFractionOfAMixIsTheMixOfTheCureFractions) {
  PredictionModelDefinition model = grade_model(UnknownAction::average_over_mix);
  model.baseline.curve = {CurveFamily::weibull_cure, 0.5, 0.8, 0.3};
  const PredictionResult result = predict(model, {}, 0.0, {1.0});
  const PredictedCure& cure = *result.predictions[0].cure;
  EXPECT_NEAR(cure.fraction->estimate,
              0.25 * std::pow(0.3, 1.0 / root2) + 0.75 * std::pow(0.3, root2), 1e-15);
  EXPECT_FALSE(cure.given_condition.has_value());
  // Given survival to 2: sum w_k pi_k / sum w_k S_k(2).
  const PredictionResult later = predict(model, {}, 2.0, {});
  const double survival_2 = curve_survival(model.baseline.curve, 2.0);
  const double alive =
      0.25 * std::pow(survival_2, 1.0 / root2) + 0.75 * std::pow(survival_2, root2);
  EXPECT_NEAR(later.predictions[0].cure->given_condition->estimate,
              (0.25 * std::pow(0.3, 1.0 / root2) + 0.75 * std::pow(0.3, root2)) / alive, 1e-14);
}

TEST(Predict, NoCureProbabilityForAProfileWhenTheModelGivesItForTheCohortOnly) {
  PredictionModelDefinition model = grade_model();
  model.baseline.curve = {CurveFamily::weibull_cure, 0.5, 0.8, 0.3};
  model.cure_for_profiles = false;
  model.personalised_cure_statement = "cohort only";
  model.personalisation_note = "approximate";
  const PredictionResult cohort = predict(model, {}, 0.0, {});
  EXPECT_NEAR(cohort.predictions[0].cure->fraction->estimate, 0.3, 1e-15);
  EXPECT_FALSE(has_warning(cohort, "approximate_personalisation"));
  const PredictionResult profile =
      predict(model, {{"grade", InputValue::of_level("low")}}, 0.0, {});
  EXPECT_FALSE(profile.predictions[0].cure->fraction.has_value());
  EXPECT_EQ(profile.predictions[0].cure->statement, "cohort only");
  EXPECT_TRUE(has_warning(profile, "cure_not_personalised"));
  EXPECT_TRUE(has_warning(profile, "approximate_personalisation"));
  // An exponential baseline has no plateau: no cure at all.
  EXPECT_FALSE(predict(grade_model(), {}, 0.0, {}).predictions[0].cure.has_value());
}

TEST(Predict, ANumberInputIsUsedAsANumberAndItsRangeIsChecked) {
  PredictionModelDefinition model = grade_model();
  ModelInput age;
  age.name = "age";
  age.label = "Age";
  age.type = InputType::number;
  age.minimum = 40;
  age.maximum = 80;
  model.inputs.push_back(age);
  ModelEffect per_year;
  per_year.input = "age";
  per_year.log_hazard_ratio = 0.02;
  per_year.centring = 60;
  model.effects.push_back(per_year);
  const PredictionResult result = predict(model, {{"age", InputValue::of_number(70)}}, 0.0, {e});
  EXPECT_NEAR(result.linear_predictor->value, 0.2, 1e-15);  // 0.02 (70 - 60)
  EXPECT_NEAR(curve(result).surv[0], std::exp(-std::exp(0.2)), 1e-15);
  EXPECT_FALSE(has_warning(result, "outside_development_range"));
  EXPECT_TRUE(has_warning(predict(model, {{"age", InputValue::of_number(90)}}, 0.0, {}),
                          "outside_development_range"));
  EXPECT_THROW(predict(model, {{"age", InputValue::of_level("70")}}, 0.0, {}), CoreError);
  EXPECT_THROW(predict(model, {{"grade", InputValue::of_number(1)}}, 0.0, {}), CoreError);
  EXPECT_THROW(predict(model, {{"grade", InputValue::of_level("G2")}}, 0.0, {}), CoreError);
  EXPECT_THROW(predict(model, {{"weight", InputValue::of_number(70)}}, 0.0, {}), CoreError);
}

TEST(Predict, TheModelsMaxTimeSetsTheGridTheHorizonsAndTheLimit) {
  PredictionModelDefinition model = grade_model();
  model.outcome.max_time = 5.0;
  const PredictionResult result = predict(model, {}, 0.0, {});
  const PredictedCurve& grid = curve(result);
  ASSERT_EQ(grid.time.size(), 201u);
  EXPECT_EQ(grid.time.front(), 0.0);
  EXPECT_EQ(grid.time[1], 0.025);
  EXPECT_EQ(grid.time.back(), 5.0);
  std::vector<double> horizons;
  for (const auto& estimate : result.predictions[0].estimates) horizons.push_back(estimate.time);
  EXPECT_EQ(horizons, (std::vector<double>{1, 3, 5}));
  EXPECT_FALSE(has_warning(result, "extrapolation_beyond_max_time"));
  // From t0 = 4.5: the grid starts at t0 (S = 1), the only horizon is 5.
  const PredictionResult late = predict(model, {}, 4.5, {});
  EXPECT_EQ(curve(late).time.front(), 4.5);
  EXPECT_EQ(curve(late).surv.front(), 1.0);
  EXPECT_EQ(late.predictions[0].estimates.size(), 1u);
  // Beyond max_time: no estimate, and a warning.
  const PredictionResult beyond = predict(model, {}, 0.0, {4, 6});
  EXPECT_TRUE(std::isnan(curve(beyond).surv[1]));
  EXPECT_TRUE(has_warning(beyond, "extrapolation_beyond_max_time"));
  try {
    predict(model, {}, 5.0, {});
    ADD_FAILURE() << "a condition time at max_time must be refused";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "invalid_value");
    EXPECT_EQ(error.subject(), "condition_time");
  }
}

TEST(Predict, TheMedianIsWhereTheCurveCrossesAHalf) {
  // S(t) = exp(-t / e) = 1/2 at t = e log 2.
  EXPECT_NEAR(predict(grade_model(), {}, 0.0, {}).predictions[0].median->estimate,
              e * std::log(2.0), 1e-9);
  const PredictionResult mixed = predict(grade_model(UnknownAction::average_over_mix), {}, 0.0, {});
  const double median = mixed.predictions[0].median->estimate;
  EXPECT_NEAR(0.25 * std::exp(-median / (e * root2)) + 0.75 * std::exp(-median * root2 / e), 0.5,
              1e-9);
}

// Two published groups per input, one of them without a curve; the band maps the published CI.
PredictionModelDefinition groups_model() {
  PredictionModelDefinition model;
  model.effect_structure = EffectStructure::marginal_groups;
  model.outcome.max_time = 10.0;
  model.outcome.time_origin_stated = false;
  model.outcome.time_origin_note = "assumed";
  model.baseline.curve = {CurveFamily::exponential, 1.0, 1.0, 0.0};
  ModelLevel none = level("none");
  none.statement = "no survivors observed";
  none.n = 19;
  model.inputs = {categorical("site", {level("liver"), none}, UnknownAction::all_levels),
                  categorical("treatment", {level("surgery")}, UnknownAction::all_levels)};
  model.inputs[1].comparison_warning = "confounded by indication";
  ModelEffect liver;
  liver.input = "site";
  liver.level = "liver";
  liver.log_hazard_ratio = std::log(0.5);
  liver.lower = std::log(0.25);
  liver.upper = std::log(1.0);
  ModelEffect surgery = liver;
  surgery.input = "treatment";
  surgery.level = "surgery";
  surgery.lower = NAN;
  surgery.upper = NAN;
  model.effects = {liver, surgery};
  return model;
}

TEST(Predict, MarginalGroupsAreShownSeparatelyWithTheirPublishedBand) {
  const PredictionResult result = predict(groups_model(), {}, 0.0, {e});
  ASSERT_EQ(result.predictions.size(), 3u);
  const Prediction& liver = result.predictions[0];
  EXPECT_EQ(liver.group->input, "site");
  EXPECT_EQ(liver.label, "The site: liver");
  EXPECT_NEAR(liver.curve->surv[0], std::exp(-0.5), 1e-15);
  // The lower limit from the upper log-HR bound (HR 1), the upper from the lower (HR 1/4).
  EXPECT_NEAR(liver.curve->lower[0], std::exp(-1.0), 1e-15);
  EXPECT_NEAR(liver.curve->upper[0], std::exp(-0.25), 1e-15);
  const Prediction& none = result.predictions[1];
  EXPECT_FALSE(none.curve.has_value());
  EXPECT_EQ(none.statement, "no survivors observed");
  EXPECT_EQ(none.group->n, 19);
  EXPECT_TRUE(std::isnan(result.predictions[2].curve->lower[0]));  // no published CI: no band
  EXPECT_FALSE(result.linear_predictor.has_value());
  EXPECT_TRUE(has_warning(result, "confounded_comparison"));
  EXPECT_TRUE(has_warning(result, "time_origin_assumed"));
  EXPECT_FALSE(has_warning(result, "separate_groups"));
  const PredictionResult both = predict(
      groups_model(),
      {{"site", InputValue::of_level("liver")}, {"treatment", InputValue::of_level("surgery")}},
      0.0, {});
  EXPECT_EQ(both.predictions.size(), 2u);
  EXPECT_TRUE(has_warning(both, "separate_groups"));
}

// Issue 12 point 4: a modelled band is a model_range (none without bounds), never a 95% CI;
// a published anchor's interval is published_95_ci only where the source printed one.
TEST(Predict, EveryIntervalSaysWhatKindItIs) {
  const PredictionResult profile =
      predict(grade_model(), {{"grade", InputValue::of_level("high")}}, 0.0, {0.0, e});
  const Prediction& one = profile.predictions[0];
  EXPECT_EQ(one.curve->interval_type, IntervalType::model_range);
  ASSERT_FALSE(one.estimates.empty());
  for (const auto& estimate : one.estimates) {
    EXPECT_EQ(estimate.interval_type, IntervalType::model_range);
  }
  EXPECT_EQ(one.median->interval_type, IntervalType::none);
  const PredictionResult groups = predict(groups_model(), {}, 0.0, {e});
  // The group with a published CI mapped through the shape is still a model's range; the one
  // without any CI has no interval.
  EXPECT_EQ(groups.predictions[0].curve->interval_type, IntervalType::model_range);
  EXPECT_EQ(groups.predictions[0].estimates[0].interval_type, IntervalType::model_range);
  EXPECT_EQ(groups.predictions[2].curve->interval_type, IntervalType::none);
  EXPECT_EQ(groups.predictions[2].estimates[0].interval_type, IntervalType::none);
  ModelAnchor anchor{"10-year OS", "survival", 10.0, 0.4, 0.3, 0.5, "S1", "", "", ""};
  EXPECT_EQ(published_interval(anchor), IntervalType::published_95_ci);
  anchor.lower = NAN;
  EXPECT_EQ(published_interval(anchor), IntervalType::none);
  EXPECT_EQ(modelled_interval({0.5, 0.1, 0.4, 0.6}), IntervalType::model_range);
  EXPECT_EQ(modelled_interval({1.0, NAN, NAN, NAN}), IntervalType::none);
}

TEST(Predict, AStepBaselineKeepsItsLastValueAndHasNoCure) {
  PredictionModelDefinition model = grade_model();
  model.baseline.parametric = false;
  model.baseline.step.time = {1.0, 2.0};
  model.baseline.step.cumulative_hazard = {0.1, 0.3};
  const PredictionResult result = predict(model, {}, 0.0, {0.5, 1.5, 2.5});
  EXPECT_EQ(curve(result).surv[0], 1.0);
  EXPECT_NEAR(curve(result).surv[1], std::exp(-0.1), 1e-15);
  EXPECT_NEAR(curve(result).surv[2], std::exp(-0.3), 1e-15);
  EXPECT_FALSE(result.predictions[0].cure.has_value());
}

}  // namespace
}  // namespace nelm
