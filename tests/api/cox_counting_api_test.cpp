// op "cox" with (start, time] data, ids and exact ties, through calculate(): R's numbers for the
// heart transplant and cgd data (tests/reference/{heart,cgd}.json, R calls in their blocks),
// R's default robust choice with an id, and every refusal with its code and path.
#include <cmath>

#include "api_test_support.h"
#include "reference_data.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

json numbers(const ReferenceTable& table, const std::string& name) {
  json column = json::array();
  for (double value : table.column(name)) column.push_back(value);
  return column;
}

json heart_data() {
  const ReferenceTable table = load_reference_csv("heart");
  json data = {{"start", numbers(table, "start")},
               {"time", numbers(table, "stop")},
               {"event", numbers(table, "event")},
               {"id", numbers(table, "id")}};
  for (const char* name : {"age", "surgery", "transplant"})
    data["covariates"][name] = numbers(table, name);
  return data;
}

json cgd_data() {
  const ReferenceTable table = load_reference_csv("cgd");
  json data = {{"start", numbers(table, "tstart")},
               {"time", numbers(table, "tstop")},
               {"event", numbers(table, "status")},
               {"id", numbers(table, "id")},
               {"strata", table.text.at("hos_cat")}};
  for (const char* name : {"treat", "female", "age", "steroids", "propylac"}) {
    data["covariates"][name] = numbers(table, name);
  }
  return data;
}

json ok_result(const json& request) {
  const json response = call_api(request);
  EXPECT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 500);
  return response["result"];
}

void expect_per_term(const json& actual, const json& expected, double tolerance) {
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    EXPECT_REL_NEAR(actual.at(it.key()).get<double>(), to_double(it.value()), tolerance)
        << it.key();
  }
}

// R: coxph(Surv(start, stop, event) ~ age + surgery + transplant + cluster(id), heart_data)
// (block efron_cluster): {"id", "robust": true} is R's cluster(id).
TEST(CoxCountingApi, HeartTransplantWithClusterMatchesR) {
  const json expected = load_reference_json("heart").at("efron_cluster");
  const json result = ok_result({{"op", "cox"}, {"data", heart_data()}, {"robust", true}});
  EXPECT_EQ(result["surv_type"], "counting");
  EXPECT_EQ(result["n"].get<double>(), 172);
  EXPECT_EQ(result["nevent"].get<double>(), 75);
  expect_per_term(result["coef"], expected["coef"], 1e-6);
  expect_per_term(result["se"], expected["se"], 1e-6);
  expect_per_term(result["robust"]["se"], expected["robust"]["se"], 1e-6);
  EXPECT_EQ(result["robust"]["cluster_by"], "id");
  EXPECT_EQ(result["robust"]["clusters"].get<int>(), 103);
  EXPECT_REL_NEAR(result["robust"]["robust_score_test"]["statistic"].get<double>(),
                  to_double(expected["robust"]["robust_score_test"]["statistic"]), 1e-6);
  EXPECT_REL_NEAR(result["concordance"]["std"].get<double>(),
                  to_double(expected["concordance"]["std"]), 1e-6);
  EXPECT_EQ(result["concordance"]["concordant"].get<double>(),
            to_double(expected["concordance"]["concordant"]));
}

// R: coxph(..., heart_data, id = id): no subject has two events, so no robust variance; the
// path is survfit(fit, newdata = <3 intervals>, id = id) (block efron, path).
TEST(CoxCountingApi, HeartPathAndIdDefaultMatchR) {
  const json expected = load_reference_json("heart").at("efron");
  const json path = {
      {"start", {0, 30, 200}},
      {"time", {30, 200, 1800}},
      {"covariates", {{"age", {-5, -5, -5}}, {"surgery", {1, 1, 1}}, {"transplant", {0, 1, 1}}}}};
  const json result = ok_result({{"op", "cox"},
                                 {"data", heart_data()},
                                 {"profile_path", path},
                                 {"ph_test", "identity"},
                                 {"conf_type", "log"}});
  EXPECT_FALSE(result.contains("robust"));
  expect_per_term(result["coef"], expected["coef"], 1e-6);
  EXPECT_REL_NEAR(result["ph_test"]["global_chisq"].get<double>(),
                  to_double(expected["cox_zph"]["identity"]["chisq"].back()), 1e-6);
  const json& one = result["path_prediction"]["paths"][0];
  EXPECT_TRUE(one["id"].is_null());
  EXPECT_EQ(one["start"].get<double>(), 0.0);
  ASSERT_EQ(one["table"]["time"].size(), expected["path"]["time"].size());
  for (std::size_t i = 0; i < one["table"]["time"].size(); ++i) {
    EXPECT_EQ(one["table"]["time"][i].get<double>(), to_double(expected["path"]["time"][i]));
    EXPECT_REL_NEAR(one["table"]["surv"][i].get<double>(), to_double(expected["path"]["surv"][i]),
                    1e-6);
    EXPECT_REL_NEAR(one["table"]["std_err_log"][i].get<double>(),
                    to_double(expected["path"]["std_err_log"][i]), 1e-6);
  }
}

// R: coxph(Surv(tstart, tstop, status) ~ ... + strata(hos_cat), cgd_data, id = id): several
// infections per child, so R's default is the robust variance clustered by id (block efron).
TEST(CoxCountingApi, RecurrentEventsTakeRobustVarianceByDefault) {
  const json expected = load_reference_json("cgd").at("efron");
  const json result = ok_result({{"op", "cox"}, {"data", cgd_data()}});
  ASSERT_TRUE(result.contains("robust"));
  EXPECT_EQ(result["robust"]["cluster_by"], "id");
  EXPECT_EQ(result["robust"]["clusters"].get<int>(), 128);
  expect_per_term(result["coef"], expected["coef"], 1e-6);
  expect_per_term(result["robust"]["se"], expected["robust"]["se"], 1e-6);
  EXPECT_REL_NEAR(result["concordance"]["std"].get<double>(),
                  to_double(expected["concordance"]["std"]), 1e-6);
  // "robust": false asks for the model-based variance only, as R's robust = FALSE.
  json data = cgd_data();
  data.erase("strata");
  const json plain = ok_result({{"op", "cox"}, {"data", data}, {"robust", false}});
  EXPECT_FALSE(plain.contains("robust"));
  expect_per_term(plain["se"], load_reference_json("cgd").at("efron_model_based")["se"], 1e-6);
}

// R: coxph(..., cgd_data, id = id, ties = "exact"): R's agexact result is labelled "coxph", so
// its robust variance comes from Breslow's score residuals; cox.zph and survfit refuse it.
TEST(CoxCountingApi, ExactTiesOnCountingDataAsR) {
  const json expected = load_reference_json("cgd").at("exact");
  const json result = ok_result({{"op", "cox"}, {"data", cgd_data()}, {"ties", "exact"}});
  EXPECT_EQ(result["ties"], "exact");
  expect_per_term(result["coef"], expected["coef"], 1e-6);
  expect_per_term(result["robust"]["se"], expected["robust"]["se"], 1e-6);
  EXPECT_REL_NEAR(result["loglik"].get<double>(), to_double(expected["loglik"]), 1e-9);
  for (const char* member : {"ph_test", "profile"}) {
    json request = {{"op", "cox"}, {"data", cgd_data()}, {"ties", "exact"}};
    request[member] = std::string(member) == "ph_test" ? json("km") : json::object();
    EXPECT_TRUE(refused_with(call_api(request), "unsupported_option", std::string("/") + member));
  }
}

json tiny(json data) { return {{"op", "cox"}, {"data", std::move(data)}}; }

TEST(CoxCountingApi, RefusesBadRequestsWithTheirPath) {
  json data = heart_data();
  data["start"][17] = data["time"][17];
  EXPECT_TRUE(refused_with(call_api(tiny(data)), "start_after_stop", "/data/start/17"));
  data = heart_data();
  data.erase("id");
  json request = tiny(data);
  request["robust"] = true;
  EXPECT_TRUE(refused_with(call_api(request), "missing_field", "/data/id"));
  data = heart_data();
  data["weight"] = json::array();
  for (std::size_t i = 0; i < 172; ++i) data["weight"].push_back(i == 5 ? 0.0 : 1.0);
  EXPECT_TRUE(refused_with(call_api(tiny(data)), "invalid_weight", "/data/weight/5"));
  data["weight"][5] = 2.0;
  request = tiny(data);
  request["ties"] = "exact";
  EXPECT_TRUE(refused_with(call_api(request), "unsupported_option", "/data/weight/5"));

  const json right = {{"time", {1, 1, 2, 3, 4}},
                      {"event", {1, 1, 1, 0, 1}},
                      {"covariates", {{"x", {1, 0, 0, 1, 1}}}}};
  request = tiny(right);
  request["ties"] = "exact";
  request["robust"] = true;
  EXPECT_TRUE(refused_with(call_api(request), "unsupported_option", "/robust"));
  json with_ids = right;
  with_ids["id"] = {"a", "a", "b", "c", "c"};  // a and c have two events: R's robust default
  request = tiny(with_ids);
  request["ties"] = "exact";
  EXPECT_TRUE(refused_with(call_api(request), "unsupported_option", "/data/id"));
  request = tiny(right);
  request["profile_path"] = {{"start", {0}}, {"time", {5}}, {"covariates", {{"x", {1}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "unsupported_option", "/profile_path"));
}

TEST(CoxCountingApi, RefusesBadPaths) {
  auto path_request = [](json path) {
    return json{{"op", "cox"}, {"data", heart_data()}, {"profile_path", std::move(path)}};
  };
  const json covariates = {{"age", {0, 0}}, {"surgery", {0, 0}}, {"transplant", {0, 1}}};
  EXPECT_TRUE(refused_with(
      call_api(path_request({{"start", {0, 40}}, {"time", {30, 90}}, {"covariates", covariates}})),
      "invalid_value", "/profile_path/start/1"));
  EXPECT_TRUE(refused_with(
      call_api(path_request({{"start", {0, 30}}, {"time", {30, 20}}, {"covariates", covariates}})),
      "start_after_stop", "/profile_path/start/1"));
  json missing = covariates;
  missing.erase("surgery");
  EXPECT_TRUE(refused_with(
      call_api(path_request({{"start", {0, 30}}, {"time", {30, 90}}, {"covariates", missing}})),
      "missing_field", "/profile_path/covariates/surgery"));
  EXPECT_TRUE(refused_with(
      call_api(path_request(
          {{"start", {0, 30}}, {"time", {30, 90}}, {"covariates", covariates}, {"stop", {1}}})),
      "unknown_field", "/profile_path/stop"));
  // Two ids give two curves, each from its own start.
  const json two = path_request(
      {{"start", {0, 30, 10}},
       {"time", {30, 90, 50}},
       {"covariates", {{"age", {0, 0, 1}}, {"surgery", {0, 0, 1}}, {"transplant", {0, 1, 0}}}},
       {"id", {"p", "p", "q"}}});
  const json result = ok_result(two);
  ASSERT_EQ(result["path_prediction"]["paths"].size(), 2u);
  EXPECT_EQ(result["path_prediction"]["paths"][1]["id"], "q");
  EXPECT_EQ(result["path_prediction"]["paths"][1]["start"].get<double>(), 10.0);
  // A stratified model needs each interval's stratum, and a stratum of the data.
  json strata_request = {
      {"op", "cox"},
      {"data", cgd_data()},
      {"profile_path",
       {{"start", {0}},
        {"time", {100}},
        {"covariates",
         {{"treat", {1}}, {"female", {0}}, {"age", {12}}, {"steroids", {0}}, {"propylac", {0}}}}}}};
  EXPECT_TRUE(refused_with(call_api(strata_request), "missing_field", "/profile_path/strata"));
  strata_request["profile_path"]["strata"] = {"Mars"};
  EXPECT_TRUE(refused_with(call_api(strata_request), "invalid_value", "/profile_path/strata/0"));
}

// The exact recursion's work is bounded before fitting (docs/errors.md): 20,000 rows dying at
// one time need 20,000 x 20,000 x 3 units.
TEST(CoxCountingApi, RefusesExactTiesBeyondTheWorkBound) {
  json time = json::array(), event = json::array(), x = json::array();
  for (int i = 0; i < 20000; ++i) {
    time.push_back(1.0);
    event.push_back(1);
    x.push_back(i % 2);
  }
  const json request = {{"op", "cox"},
                        {"ties", "exact"},
                        {"data", {{"time", time}, {"event", event}, {"covariates", {{"x", x}}}}}};
  EXPECT_TRUE(refused_with(call_api(request), "too_large", "/ties"));
}

}  // namespace
}  // namespace nelm::testing
