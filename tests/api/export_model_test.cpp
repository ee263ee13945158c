// export_model through calculate(): the file is one the calculator accepts, its predictions match
// the core's Cox prediction (issue 14 point 5: within 0.5 percentage points at 1, 3 and 5 years on
// the SYNTHETIC demo cohort), it lists no event time, every pooled interval holds >= 5 events, a
// numeric covariate works end to end, and the numbers R has agree with R (lung, R 4.2.2,
// survival 3.5-3; iterative quantities at 1e-6).
#include <chrono>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "api_test_support.h"
#include "reference_data.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

// ISO date -> days since the epoch (std::chrono's civil calendar).
double days(const std::string& iso) {
  const int year = std::stoi(iso.substr(0, 4));
  const unsigned month = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
  const unsigned day = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
  const std::chrono::sys_days date{std::chrono::year{year} / month / day};
  return static_cast<double>(date.time_since_epoch().count());
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  std::string cell;
  while (std::getline(stream, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

// The demo cohort's DFS as docs/cohort.md defines it: from the surgery to the first of recurrence
// or death (an event), else to the last follow-up; years = days / 365.25.
json demo_request() {
  std::ifstream file(std::string(NELM_SOURCE_DIR) + "/public/data/demo-cohort.csv");
  std::string line;
  std::getline(file, line);
  const std::vector<std::string> header = split(line);
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  json time = json::array(), event = json::array(), covariates = json::object();
  const std::vector<std::string> names = {"primary_site", "grade", "node_status",
                                          "resection_extent"};
  for (const auto& name : names) covariates[name] = json::array();
  while (std::getline(file, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> cells = split(line);
    const double surgery = days(cells[column("date_of_surgery")]);
    double end = days(cells[column("date_of_last_follow_up")]);
    int status = 0;
    for (const char* date : {"date_of_recurrence", "date_of_death"}) {
      const std::string& text = cells[column(date)];
      if (text.empty()) continue;
      end = status ? std::min(end, days(text)) : days(text);
      status = 1;
    }
    time.push_back((end - surgery) / 365.25);
    event.push_back(status);
    for (const auto& name : names) covariates[name].push_back(cells[column(name)]);
  }
  json categorical = json::object();
  for (const auto& name : names) categorical[name] = json::object();
  return {{"op", "export_model"},
          {"data", {{"time", time}, {"event", event}, {"covariates", covariates}}},
          {"categorical", categorical},
          {"metadata", {{"synthetic", true}, {"date", "2026-01-01"}}}};
}

json documented_request() {
  std::ifstream file(std::string(NELM_SOURCE_DIR) + "/docs/examples/export_model.request.json");
  std::stringstream text;
  text << file.rdbuf();
  return json::parse(text.str());
}

json ok_result(const json& request) {
  const json response = call_api(request);
  EXPECT_TRUE(response["ok"].get<bool>()) << response.dump().substr(0, 600);
  return response["result"];
}

// Survival at `times` from the exported file (predict) and from the core's Cox fit (cox with the
// same profile): the unpooled Breslow curve.
std::vector<double> file_survival(const json& model, const json& profile, const json& times) {
  const json result =
      ok_result({{"op", "predict"}, {"model", model}, {"profile", profile}, {"times", times}});
  std::vector<double> values;
  for (const auto& value : result["predictions"][0]["curve"]["surv"]) values.push_back(value);
  return values;
}

// The core's Cox prediction (the unpooled Breslow curve) for `profile`: the cox op's curve at
// one profile, the others by proportional hazards (survfit.coxph's curves are exact powers of
// each other, exp of the difference of the linear predictors).
struct CoxCurves {
  std::vector<double> reference_surv;
  double reference_lp = 0;
  json coef;
  std::vector<double> at(const json& profile) const {
    double lp = 0;
    for (auto it = profile.begin(); it != profile.end(); ++it) {
      const std::string term = it.key() + "=" + it.value().get<std::string>();
      if (coef.contains(term)) lp += coef[term].get<double>();
    }
    std::vector<double> values;
    for (double surv : reference_surv)
      values.push_back(std::pow(surv, std::exp(lp - reference_lp)));
    return values;
  }
};

CoxCurves cox_curves(const json& export_request, const json& profile, const json& times) {
  json request = {{"op", "cox"},
                  {"data", export_request["data"]},
                  {"categorical", export_request["categorical"]},
                  {"profile", profile},
                  {"times", times}};
  const json result = ok_result(request);
  CoxCurves curves;
  for (const auto& value : result["prediction"]["curves"][0]["landmarks"]["surv"]) {
    curves.reference_surv.push_back(value);
  }
  curves.reference_lp = result["prediction"]["lp"].get<double>();
  curves.coef = result["coef"];
  return curves;
}

TEST(ExportModel, DemoPredictionsMoveAtMostHalfAPointAtOneThreeFiveYears) {
  const json request = demo_request();
  const json result = ok_result(request);
  const json& model = result["model"];
  EXPECT_TRUE(ok_result({{"op", "validate_model"}, {"model", model}})["valid"].get<bool>());
  EXPECT_EQ(model["kind"], "institution_cox");
  EXPECT_TRUE(model["synthetic"].get<bool>());
  EXPECT_EQ(model["title"].get<std::string>().rfind("SYNTHETIC demo: ", 0), 0u);
  // 18 profiles covering every level of every input (3 x 3 x 2, resection alternating; each
  // predict re-validates the 35 KB file, so not all 54), at 1, 3 and 5 years.
  const json landmarks = {1, 3, 5};
  const CoxCurves cox = cox_curves(request,
                                   {{"primary_site", "pancreas"},
                                    {"grade", "G2"},
                                    {"node_status", "positive"},
                                    {"resection_extent", "major"}},
                                   landmarks);
  double largest = 0.0;
  int profiles = 0;
  for (const char* primary : {"pancreas", "small_bowel", "other"}) {
    for (const char* grade : {"G1", "G2", "G3"}) {
      for (const char* nodes : {"negative", "unknown"}) {
        const char* resection = profiles % 2 ? "major" : "parenchymal_sparing";
        const json profile = {{"primary_site", primary},
                              {"grade", grade},
                              {"node_status", nodes},
                              {"resection_extent", resection}};
        json file_profile = profile;
        if (std::string(nodes) == "unknown") file_profile["node_status"] = "recorded_unknown";
        const auto from_file = file_survival(model, file_profile, landmarks);
        const auto from_cox = cox.at(profile);
        for (std::size_t k = 0; k < 3; ++k) {
          largest = std::max(largest, std::fabs(from_file[k] - from_cox[k]));
        }
        ++profiles;
      }
    }
  }
  EXPECT_EQ(profiles, 18);
  EXPECT_LE(largest, 0.005);  // the bound; 1, 3 and 5 are kept exactly, so ~1e-15
  EXPECT_LE(largest, 1e-12);
}

TEST(ExportModel, TheDemoFileListsNoEventTimeAndEachIntervalHoldsFiveEvents) {
  const json request = demo_request();
  const json result = ok_result(request);
  const json& baseline = result["model"]["baseline"];
  std::set<double> event_times;
  for (std::size_t i = 0; i < request["data"]["time"].size(); ++i) {
    if (request["data"]["event"][i] == 1)
      event_times.insert(request["data"]["time"][i].get<double>());
  }
  EXPECT_GT(event_times.size(), 150u);
  for (const auto& time : baseline["time"]) {
    const double t = time.get<double>();
    EXPECT_FALSE(event_times.count(t)) << t;
    // on the 1/48-year grid (months are multiples of 4/48)
    EXPECT_NEAR(t * 48.0, std::round(t * 48.0), 1e-9) << t;
  }
  const json& pooling = result["baseline"];
  EXPECT_EQ(pooling["min_events"].get<double>(), 5.0);
  double events = 0.0;
  for (const auto& count : pooling["pool_events"]) {
    EXPECT_GE(count.get<double>(), 5.0);
    events += count.get<double>();
  }
  for (const auto& end : pooling["pool_end"]) {
    EXPECT_NEAR(end.get<double>() * 12.0, std::round(end.get<double>() * 12.0), 1e-9);
  }
  // Every event up to max_time is in some interval, or counted as not shown.
  double up_to_max = 0.0;
  for (std::size_t i = 0; i < request["data"]["time"].size(); ++i) {
    if (request["data"]["event"][i] == 1 &&
        request["data"]["time"][i].get<double>() <= pooling["max_time"].get<double>()) {
      up_to_max += 1.0;
    }
  }
  EXPECT_EQ(events + pooling["events_not_shown"].get<double>(), up_to_max);
  // Between the kept times the baseline survival moves by at most about 2 percentage points on
  // this cohort (its first month holds 13 events): the figure in docs/cohort.md.
  EXPECT_LT(pooling["largest_survival_change"].get<double>(), 0.025);
  // The file carries the baseline's uncertainty: predict gives a band.
  const json predicted = ok_result({{"op", "predict"},
                                    {"model", result["model"]},
                                    {"profile", {{"grade", "G3"}}},
                                    {"times", {1, 3}}});
  const json& curve = predicted["predictions"][0]["curve"];
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_LT(curve["lower"][k].get<double>(), curve["surv"][k].get<double>());
    EXPECT_GT(curve["upper"][k].get<double>(), curve["surv"][k].get<double>());
  }
}

// The page saves the file with JSON.stringify, which writes 172.0 as 172; the checksum tells them
// apart, so the file must hold whole numbers as integers to survive being saved.
bool has_whole_float(const json& value) {
  if (value.is_number_float()) return value.get<double>() == std::floor(value.get<double>());
  if (value.is_array() || value.is_object()) {
    for (const auto& item : value) {
      if (has_whole_float(item)) return true;
    }
  }
  return false;
}

TEST(ExportModel, TheFileSurvivesABrowsersJsonStringify) {
  const json model = ok_result(documented_request())["model"];
  EXPECT_FALSE(has_whole_float(model));
  EXPECT_EQ(model["population"]["development"]["n"].dump(), "26");
}

// Regression: export_model wrote format_version 1 without a role, which load_model (the
// calculator's reader since format 2) refuses, so an exported file could not be used at all.
TEST(ExportModel, TheFileLoadsInTheCalculatorAsAnAfterSurgeryModel) {
  const json model = ok_result(documented_request())["model"];
  EXPECT_EQ(model["format_version"].get<double>(), 2.0);
  EXPECT_EQ(model["role"], "after_surgery");
  const json loaded = ok_result({{"op", "load_model"}, {"model", model}});
  EXPECT_EQ(loaded["handle"], model["checksum"]);
  EXPECT_EQ(loaded["role"], "after_surgery");
  const json predicted = ok_result({{"op", "predict"},
                                    {"model_handle", loaded["handle"]},
                                    {"profile", {{"residual_disease", "yes"}, {"age", 60}}},
                                    {"times", {1}}});
  EXPECT_GT(predicted["predictions"][0]["estimates"][0]["estimate"].get<double>(), 0.0);
}

TEST(ExportModel, UnknownSaysExactlyWhatItDoesAndTheMixTravelsBeside) {
  const json result = ok_result(demo_request());
  const json& grade = result["model"]["inputs"][1];
  ASSERT_EQ(grade["name"], "grade");
  EXPECT_EQ(grade["unknown"]["action"], "no_adjustment");
  EXPECT_NE(grade["unknown"]["description"].get<std::string>().find(
                "the curve at the cohort's average of this input"),
            std::string::npos);
  // Level counts in the file; the reference (most frequent: G2, 172 of 322) first.
  EXPECT_EQ(grade["levels"][0], json({{"value", "G2"}, {"label", "G2"}, {"n", 172}}));
  // "unknown" recorded in the data is a level of its own, not the format's unknown.
  EXPECT_EQ(result["model"]["inputs"][2]["levels"][2]["value"], "recorded_unknown");
  // Centring = the level's proportion, so "unknown" is the cohort's average, not the reference.
  for (const auto& effect : result["model"]["effects"]) {
    if (effect["input"] == "grade" && effect["level"] == "G1") {
      EXPECT_DOUBLE_EQ(effect["centring"].get<double>(), 96.0 / 322.0);
    }
  }
  const json& mix = result["mix"]["grade"];
  EXPECT_EQ(mix["unknown"]["action"], "average_over_mix");
  EXPECT_DOUBLE_EQ(mix["levels"][1]["proportion"].get<double>(), 96.0 / 322.0);
}

json lung_request() {
  const auto table = load_reference_csv("lung");
  json time = json::array(), event = json::array(), age = json::array(), sex = json::array();
  for (std::size_t i = 0; i < table.rows; ++i) {
    time.push_back(table.column("time")[i] / 365.25);
    event.push_back(table.column("status")[i]);
    age.push_back(table.column("age")[i]);
    sex.push_back(table.column("sex")[i] == 1 ? "male" : "female");
  }
  return {
      {"op", "export_model"},
      {"data", {{"time", time}, {"event", event}, {"covariates", {{"age", age}, {"sex", sex}}}}},
      {"categorical", {{"sex", json::object()}}},
      {"metadata", {{"synthetic", false}, {"title", "Lung (NCCTG) test model"}}},
      {"inputs", {{"age", {{"label", "Age"}, {"unit", "years"}}}, {"sex", {{"label", "Sex"}}}}}};
}

// R: l$years <- l$time / 365.25; l$female <- as.numeric(l$sex == 2)
//    f <- coxph(Surv(years, status) ~ age + female, data = l)
//    sf <- survfit(f, newdata = data.frame(age = mean(l$age), female = mean(l$female)))
//    ends <- c(1:12, 13, 15, 18, 20, 22, 24, 27) / 12; idx <- findInterval(ends, sf$time)
//    sf$cumhaz[idx]; sf$std.err[idx]
//    table(cut(l$years[l$status == 1], c(0, ends)))   # 10 7 10 10 10 19 13 8 6 10 6 12 5 8 9 5 6 5
//    5 summary(survfit(Surv(years, 1 - status) ~ 1, data = l))$table["median"]   # 1.60985626283368
TEST(ExportModel, LungNumericCovariateEndToEndAsR) {
  const json request = lung_request();
  const json result = ok_result(request);
  const json& model = result["model"];
  const json& age = model["inputs"][0];
  EXPECT_EQ(age["type"], "number");
  EXPECT_EQ(age["range"], json({{"minimum", 39}, {"maximum", 82}}));
  EXPECT_EQ(age["unit"], "years");
  const json& effects = model["effects"];
  EXPECT_REL_NEAR(effects[0]["log_hr"].get<double>(), 0.0170453318454113, 1e-6);
  EXPECT_REL_NEAR(effects[0]["se"].get<double>(), 0.00922327347696912, 1e-6);
  EXPECT_REL_NEAR(effects[0]["centring"].get<double>(), 62.4473684210526, 1e-12);  // mean(l$age)
  EXPECT_REL_NEAR(effects[1]["log_hr"].get<double>(), -0.513218517108384, 1e-6);
  EXPECT_REL_NEAR(effects[1]["se"].get<double>(), 0.167457962355768, 1e-6);
  EXPECT_REL_NEAR(effects[1]["centring"].get<double>(), 90.0 / 228.0, 1e-12);
  const json& covariance = model["uncertainty"]["coefficient_covariance"];
  EXPECT_EQ(covariance["names"], json({"age", "sex=female"}));
  EXPECT_REL_NEAR(covariance["matrix"][0][1].get<double>(), 8.51063393200217e-05, 1e-6);  // vcov(f)
  // 1.60985626283368 years, rounded down to the month: 19 / 12.
  EXPECT_EQ(model["population"]["development"]["median_follow_up"].get<double>(), 19.0 / 12.0);
  const json& pooling = result["baseline"];
  EXPECT_EQ(pooling["pool_events"], json({10.0, 7.0, 10.0, 10.0, 10.0, 19.0, 13.0, 8.0, 6.0, 10.0,
                                          6.0, 12.0, 5.0, 8.0, 9.0, 5.0, 6.0, 5.0, 5.0}));
  EXPECT_EQ(pooling["events_not_shown"].get<double>(), 1.0);  // sum(status == 1 & years > 27/12)
  EXPECT_EQ(pooling["max_time"].get<double>(), 27.0 / 12.0);
  EXPECT_EQ(model["outcome"]["max_time"].get<double>(), 27.0 / 12.0);
  // At each interval's end the file's H0 and SE(log H0) are survfit's (cumhaz, std.err / cumhaz).
  const double cumhaz[] = {
      0.0429711390353388, 0.0747009629672677, 0.121998498683349, 0.172116148857786,
      0.225341955175674,  0.336889108557769,  0.425982888153628, 0.488879292998029,
      0.541774424361415,  0.644372887572993,  0.716536662184015, 0.881202171175031,
      0.961783181161543,  1.11858712970234,   1.35111173852245,  1.52646438021976,
      1.81565452978899,   2.14363812519424,   2.63256625929577};
  const double std_err[] = {
      0.0136263980258726, 0.0181949359087977, 0.0236281269512979, 0.0285457464534392,
      0.0332447446709433, 0.0421900619174264, 0.049087068199569,  0.0540287776568569,
      0.0583076185096875, 0.0669337366937749, 0.0732296073971288, 0.087596119743504,
      0.09490622879293,   0.110181124104107,  0.13507192411717,   0.156522074768096,
      0.196416304930788,  0.245491725685979,  0.33196355129385};
  const json& times = model["baseline"]["time"];
  for (std::size_t k = 0; k < 19; ++k) {
    const double end = pooling["pool_end"][k].get<double>();
    const auto at = std::find(times.begin(), times.end(), json(end));
    ASSERT_NE(at, times.end()) << end;
    const auto index = static_cast<std::size_t>(at - times.begin());
    EXPECT_REL_NEAR(model["baseline"]["cumhaz"][index].get<double>(), cumhaz[k], 1e-6) << end;
    EXPECT_REL_NEAR(model["baseline"]["cloglog_std_err"][index].get<double>(),
                    std_err[k] / cumhaz[k], 1e-6)
        << end;
  }
  // A numeric profile through predict equals the Cox prediction at a kept time (1 year).
  const auto from_file = file_survival(model, {{"age", 70}, {"sex", "female"}}, {1});
  json cox = {{"op", "cox"},
              {"data", request["data"]},
              {"categorical", request["categorical"]},
              {"profile", {{"age", 70}, {"sex", "female"}}},
              {"times", {1}}};
  const json fitted = ok_result(cox);
  EXPECT_REL_NEAR(from_file[0],
                  fitted["prediction"]["curves"][0]["landmarks"]["surv"][0].get<double>(), 1e-12);
  // The coarse distribution of age beside the file: 5 bins of about 45 patients each.
  EXPECT_EQ(result["mix"]["age"]["distribution"]["values"].size(), 5u);
}

TEST(ExportModel, RefusalsSayWhatToFix) {
  json strata = lung_request();
  strata["data"]["strata"] = strata["data"]["event"];
  EXPECT_TRUE(refused_with(call_api(strata), "unsupported_option", "/data/strata"));
  json no_metadata = lung_request();
  no_metadata.erase("metadata");
  EXPECT_TRUE(refused_with(call_api(no_metadata), "missing_field", "/metadata"));
  json unsaid = lung_request();
  unsaid["metadata"].erase("synthetic");
  EXPECT_TRUE(refused_with(call_api(unsaid), "missing_field", "/metadata/synthetic"));
  json label = lung_request();
  label["inputs"]["stage"] = {{"label", "Stage"}};
  EXPECT_TRUE(refused_with(call_api(label), "invalid_value", "/inputs/stage"));
  json empty_label = lung_request();
  empty_label["inputs"]["age"]["label"] = "";
  EXPECT_TRUE(refused_with(call_api(empty_label), "invalid_type", "/inputs/age/label"));
  json grid = lung_request();
  grid["baseline"] = {{"min_events", 0}};
  EXPECT_TRUE(refused_with(call_api(grid), "invalid_value", "/baseline/min_events"));
  // A level with no events: its coefficient is infinite, the file would predict nonsense.
  json separated = lung_request();
  for (std::size_t i = 0; i < 10; ++i) {
    separated["data"]["covariates"]["sex"][i] = "other";
    separated["data"]["event"][i] = 0;
  }
  const json response = call_api(separated);
  EXPECT_TRUE(refused_with(response, "model_not_exportable", "/data/covariates/sex"));
  EXPECT_NE(response["error"]["message"].get<std::string>().find("level \"other\" of column sex"),
            std::string::npos)
      << response.dump();
}

}  // namespace
}  // namespace nelm::testing
