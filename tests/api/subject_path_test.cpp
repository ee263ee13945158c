// A core refusal is reported at the path of what it is about: a covariate, a request field, a data
// column or a model input, and /data only when it is about the data as a whole.
#include "subject_path.h"

#include <gtest/gtest.h>

#include "api_test_support.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

const json landmark_points = {{{"time", 1}, {"survival", 0.8}},
                              {{"time", 3}, {"survival", 0.5}},
                              {{"time", 5}, {"survival", 0.3}}};

TEST(SubjectPath, LandmarkFitWithTooFewPointsPointsAtThePoints) {
  const json request = {
      {"op", "fit_landmarks"},
      {"family", "weibull_cure"},
      {"points", {{{"time", 1}, {"survival", 0.8}}, {{"time", 3}, {"survival", 0.5}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "too_few_points", "/points"));
}

TEST(SubjectPath, LandmarkUncertaintyWithAnEmptyCohortPointsAtTheCohort) {
  const json request = {{"op", "landmark_uncertainty"},
                        {"family", "weibull"},
                        {"points", landmark_points},
                        {"cohort", {{"n", 0}, {"events", 0}}}};
  EXPECT_TRUE(refused_with(call_api(request), "invalid_cohort", "/cohort"));
}

// A baseline at time 0 has S = 1: no proportional-hazards shift passes through a target there.
TEST(SubjectPath, ShiftAtTimeZeroPointsAtTheTime) {
  const json request = {{"op", "log_hr_through_points"},
                        {"baseline",
                         {{"type", "parametric"},
                          {"family", "weibull"},
                          {"parameters", {{"location", 1.0}, {"scale", 0.8}}}}},
                        {"time", 0},
                        {"targets", {0.5}}};
  EXPECT_TRUE(refused_with(call_api(request), "invalid_landmark", "/time"));
}

// Everybody has had the event by day 4, so nothing can be conditioned on day 5.
TEST(SubjectPath, ConditioningPastTheLastSurvivorPointsAtConditional) {
  const json request = {{"op", "kaplan_meier"},
                        {"data", {{"time", {1, 2, 3, 4}}, {"event", {1, 1, 1, 1}}}},
                        {"conditional", {{"time", 5}, {"horizons", {1}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "no_survivors_at_condition_time", "/conditional"));
}

// No events is about the data as a whole.
TEST(SubjectPath, RefusalAboutAllTheDataPointsAtData) {
  const json request = {{"op", "cox"},
                        {"data",
                         {{"time", {1, 2, 3, 4}},
                          {"event", {0, 0, 0, 0}},
                          {"covariates", {{"age", {60, 61, 62, 63}}}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "no_events", "/data"));
}

TEST(SubjectPath, CovariateStillPointsAtItsColumn) {
  const json request = {{"op", "cox"},
                        {"data",
                         {{"time", {1, 2, 3, 4}},
                          {"event", {1, 1, 0, 1}},
                          {"covariates", {{"age", {60, 60, 60, 60}}}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "constant_covariate", "/data/covariates/age"));
}

// The resolver itself, for subjects no op produces yet: a model input (in the profile, or only in
// the model's inputs), a name with a "/" (escaped), and no subject.
TEST(SubjectPath, ModelInputPointsAtTheProfileValueThenAtTheInput) {
  const json predict = {{"op", "predict"},
                        {"model", {{"inputs", {{{"name", "age"}}, {{"name", "site"}}}}}},
                        {"profile", {{"age", 61}}}};
  EXPECT_EQ(api::path_of_subject(predict, "age"), "/profile/age");
  EXPECT_EQ(api::path_of_subject(predict, "site"), "/model/inputs/1");
  EXPECT_EQ(api::path_of_subject(predict, "unheard_of"), "");
  EXPECT_EQ(api::path_of_subject(predict, ""), "");
}

TEST(SubjectPath, CovariatesComeBeforeFieldsAndNamesAreEscaped) {
  const json cox = {
      {"op", "cox"},
      {"data", {{"time", {1}}, {"event", {1}}, {"covariates", {{"times", {1}}, {"a/b", {2}}}}}},
      {"times", {1}}};
  EXPECT_EQ(api::path_of_subject(cox, "times"), "/data/covariates/times");
  EXPECT_EQ(api::path_of_subject(cox, "a/b"), "/data/covariates/a~1b");
  EXPECT_EQ(api::path_of_subject(cox, "event"), "/data/event");
  EXPECT_EQ(api::path_of_subject(cox, "op"), "/data");  // never the op name
  EXPECT_EQ(api::path_of_subject(cox, ""), "/data");
}

}  // namespace
}  // namespace nelm::testing
