// Tests of the Aalen-Johansen cumulative incidence against hand-worked fractions and R's
// multi-state survfit (infinitesimal-jackknife SE, survfit_confint limits).
#include "estimators/competing_risks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "common/core_error.h"
#include "reference_data.h"

namespace nelm {
namespace {

const double kPoint = 1e-12;  // point estimates and limits (closed form)
const double kSe = 1e-10;     // IJ standard errors

SurvivalData make_data(std::vector<double> time, std::vector<int> event,
                       std::vector<double> weight = {}) {
  SurvivalData data;
  data.time = std::move(time);
  data.event = std::move(event);
  data.weight = std::move(weight);
  return data;
}

void expect_code(const std::function<void()>& call, const std::string& code) {
  try {
    call();
    ADD_FAILURE() << "expected CoreError " << code;
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), code);
  }
}

void expect_all_near(const std::vector<double>& actual, const std::vector<double>& expected,
                     double relative) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_REL_NEAR(actual[i], expected[i], relative);
  }
}

const double kNA = std::nan("");

// Unsorted, ties of both causes at t = 2 together with a censoring, censor-only times 1 and 5.
// R: d <- data.frame(t=c(4,2,1,3,2,5,2,6,3), s=c(2,1,0,1,2,0,0,1,1))
//    f <- survfit(Surv(t, factor(s)) ~ 1, d)   # f$pstate, f$std.err, f$lower, f$upper
// By hand at t = 2 (n = 8, one event of each cause): S = 6/8, F_1 = F_2 = 1/8; the IJ rows are
// (1/8)(2/8, -1/8, -1/8) for the six who stay, (1/8)(-6/8, 7/8, -1/8) for the cause-1 event and
// (1/8)(-6/8, -1/8, 7/8) for the cause-2 event, so SE(F_1) = sqrt(6 + 49 + 1)/64 = sqrt(14)/32
// and SE(S) = sqrt(6*4 + 2*36)/64 = sqrt(96)/64. At t = 3 (n = 5, two cause-1 events):
// S = 0.45, F_1 = 1/8 + (3/4)(2/5) = 0.425.
TEST(CumulativeIncidence, HandWorkedTiedExample) {
  const SurvivalData data = make_data({4, 2, 1, 3, 2, 5, 2, 6, 3}, {2, 1, 0, 1, 2, 0, 0, 1, 1});
  const CumulativeIncidence result = cumulative_incidence(data);
  EXPECT_EQ(result.time, (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(result.n_risk, (std::vector<double>{9, 8, 5, 3, 2, 1}));
  EXPECT_EQ(result.n_censor, (std::vector<double>{1, 1, 0, 0, 1, 0}));
  ASSERT_EQ(result.causes.size(), 2u);
  EXPECT_EQ(result.causes[0].cause, 1);
  EXPECT_EQ(result.causes[0].n_event, (std::vector<double>{0, 1, 2, 0, 0, 1}));
  EXPECT_EQ(result.causes[1].n_event, (std::vector<double>{0, 1, 0, 1, 0, 0}));
  expect_all_near(result.event_free, {1, 0.75, 0.45, 0.3, 0.3, 0}, kPoint);
  expect_all_near(result.causes[0].incidence, {0, 0.125, 0.425, 0.425, 0.425, 0.725}, kPoint);
  expect_all_near(result.causes[1].incidence, {0, 0.125, 0.125, 0.275, 0.275, 0.275}, kPoint);
  EXPECT_REL_NEAR(result.causes[0].std_err[1], std::sqrt(14.0) / 32.0, 1e-14);
  EXPECT_REL_NEAR(result.event_free_std_err[1], std::sqrt(96.0) / 64.0, 1e-14);
  expect_all_near(
      result.event_free_std_err,
      {0, 0.15309310892394862, 0.18824850597016698, 0.17535677916750184, 0.17535677916750184, 0},
      kSe);
  expect_all_near(result.causes[0].std_err,
                  {0, 0.11692679333668567, 0.18720810612791317, 0.18720810612791317,
                   0.18720810612791317, 0.16709839915451014},
                  kSe);
  expect_all_near(result.causes[1].std_err,
                  {0, 0.11692679333668567, 0.11692679333668567, 0.16709839915451016,
                   0.16709839915451016, 0.16709839915451016},
                  kSe);
  // conf.type = "log" (R's default for pstate): NA where F = 0, upper capped at 1.
  expect_all_near(result.causes[0].lower,
                  {kNA, 0.019984067022007647, 0.179243514383892660, 0.179243514383892660,
                   0.179243514383892660, 0.461479704913654032},
                  kPoint);
  expect_all_near(result.causes[0].upper, {kNA, 0.78187287816803397, 1, 1, 1, 1}, kPoint);
  expect_all_near(result.causes[1].upper,
                  {kNA, 0.78187287816803397, 0.78187287816803397, 0.90479199421669609,
                   0.90479199421669609, 0.90479199421669609},
                  kPoint);
  expect_all_near(result.event_free_lower,
                  {1, 0.502701841294046936, 0.198211734027731790, 0.095405786900162035,
                   0.095405786900162035, kNA},
                  kPoint);
  expect_all_near(result.event_free_upper, {1, 1, 1, 0.94333900410235072, 0.94333900410235072, kNA},
                  kPoint);
}

// Case weights (R's weights=); n.risk, n.event and n.censor stay unweighted counts, as in R.
// R: d$w <- c(1,2,1,0.5,1,3,1,1,2); f <- survfit(Surv(t, factor(s)) ~ 1, d, weights = w)
TEST(CumulativeIncidence, CaseWeights) {
  const SurvivalData data = make_data({4, 2, 1, 3, 2, 5, 2, 6, 3}, {2, 1, 0, 1, 2, 0, 0, 1, 1},
                                      {1, 2, 1, 0.5, 1, 3, 1, 1, 2});
  const CumulativeIncidence result = cumulative_incidence(data);
  EXPECT_EQ(result.n_risk, (std::vector<double>{9, 8, 5, 3, 2, 1}));
  EXPECT_EQ(result.causes[0].n_event, (std::vector<double>{0, 1, 2, 0, 0, 1}));
  // At t = 2: weight at risk 11.5, cause 1 weight 2, cause 2 weight 1.
  EXPECT_REL_NEAR(result.event_free[1], 8.5 / 11.5, 1e-14);
  EXPECT_REL_NEAR(result.causes[0].incidence[1], 2.0 / 11.5, 1e-14);
  expect_all_near(
      result.event_free,
      {1, 0.73913043478260865, 0.49275362318840582, 0.39420289855072466, 0.39420289855072466, 0},
      kPoint);
  expect_all_near(result.causes[0].incidence,
                  {0, 0.17391304347826086, 0.42028985507246375, 0.42028985507246375,
                   0.42028985507246375, 0.81449275362318840},
                  kPoint);
  expect_all_near(result.causes[1].incidence,
                  {0, 0.086956521739130432, 0.086956521739130432, 0.185507246376811596,
                   0.185507246376811596, 0.185507246376811596},
                  kPoint);
  expect_all_near(
      result.event_free_std_err,
      {0, 0.17034223555491584, 0.21353228480937564, 0.21990804044426421, 0.21990804044426421, 0},
      kSe);
  expect_all_near(result.causes[0].std_err,
                  {0, 0.15679728811589957, 0.20949255292962835, 0.20949255292962835,
                   0.20949255292962835, 0.13065606126157153},
                  kSe);
  expect_all_near(result.causes[1].std_err,
                  {0, 0.086379279083522581, 0.086379279083522581, 0.130656061261571532,
                   0.130656061261571532, 0.130656061261571532},
                  kSe);
}

// All censored: no transitions, S = 1 and F = 0 everywhere with SE 0; log limits are [1, 1] for
// S and undefined (NaN) for F = 0; plain limits for F = 0 are [0, 0] (survfit_confint).
TEST(CumulativeIncidence, AllCensoredAndPlainLimits) {
  const SurvivalData data = make_data({2, 1, 2}, {0, 0, 0});
  CumulativeIncidenceOptions options;
  options.cause_count = 2;
  const CumulativeIncidence result = cumulative_incidence(data, options);
  EXPECT_EQ(result.time, (std::vector<double>{1, 2}));
  EXPECT_EQ(result.n_censor, (std::vector<double>{1, 2}));
  ASSERT_EQ(result.causes.size(), 2u);
  EXPECT_EQ(result.event_free, (std::vector<double>{1, 1}));
  EXPECT_EQ(result.event_free_lower, (std::vector<double>{1, 1}));
  EXPECT_EQ(result.causes[1].incidence, (std::vector<double>{0, 0}));
  EXPECT_EQ(result.causes[1].std_err, (std::vector<double>{0, 0}));
  EXPECT_TRUE(std::isnan(result.causes[1].lower[0]));
  options.transform = ConfidenceTransform::plain;
  const CumulativeIncidence plain = cumulative_incidence(data, options);
  EXPECT_EQ(plain.causes[0].lower, (std::vector<double>{0, 0}));
  EXPECT_EQ(plain.causes[0].upper, (std::vector<double>{0, 0}));
}

// n = 1 with an event of cause 2 out of 3 declared causes: F_2 jumps to 1 with IJ SE 0.
TEST(CumulativeIncidence, SingleSubjectAndDeclaredCauseWithoutEvents) {
  CumulativeIncidenceOptions options;
  options.cause_count = 3;
  const CumulativeIncidence result = cumulative_incidence(make_data({5}, {2}), options);
  ASSERT_EQ(result.causes.size(), 3u);
  EXPECT_EQ(result.event_free, (std::vector<double>{0}));
  EXPECT_EQ(result.causes[1].incidence, (std::vector<double>{1}));
  EXPECT_EQ(result.causes[2].incidence, (std::vector<double>{0}));
  EXPECT_NEAR(result.causes[1].std_err[0], 0.0, 1e-15);
  EXPECT_EQ(result.causes[1].n_event, (std::vector<double>{1}));
}

// 0.1 + 0.2 and 0.3 form one tie (survfit's timefix): one row with two events.
TEST(CumulativeIncidence, MergesFloatingPointTies) {
  const CumulativeIncidence result =
      cumulative_incidence(make_data({0.1 + 0.2, 0.3, 1.0, 2.0}, {1, 2, 1, 0}));
  ASSERT_EQ(result.time.size(), 3u);
  EXPECT_EQ(result.time[0], 0.3);
  EXPECT_REL_NEAR(result.causes[0].incidence[0], 0.25, 1e-15);
  EXPECT_REL_NEAR(result.causes[1].incidence[0], 0.25, 1e-15);
}

TEST(CumulativeIncidence, Refusals) {
  expect_code([] { cumulative_incidence(SurvivalData{}); }, "no_observations");
  SurvivalData delayed = make_data({1, 2}, {1, 0});
  delayed.entry = {0, 0.5};
  expect_code([&] { cumulative_incidence(delayed); }, "unsupported");
  CumulativeIncidenceOptions options;
  options.cause_count = 1;
  expect_code(
      [&] {
        cumulative_incidence(make_data({1, 2}, {2, 0}), options);
      },
      "invalid_event_code");
  expect_code([] { cumulative_incidence(make_data({1, 2}, {-1, 0})); }, "invalid_event_code");
  options.cause_count = 0;
  options.conf_level = 1.0;
  expect_code(
      [&] {
        cumulative_incidence(make_data({1, 2}, {1, 0}), options);
      },
      "invalid_confidence_level");
}

// Veteran with two competing causes: deaths in squamous/large cell tumours = cause 1, in
// small/adeno = cause 2. Rows 1, 5, 10, 20, 40, 60, 80, 97 of the 101 times (R's 1-based index).
// R: v$cause <- ifelse(v$status == 0, 0, ifelse(v$celltype %in% c("squamous","large"), 1, 2))
//    g <- survfit(Surv(time, factor(cause)) ~ 1, v, conf.type = "log" | "log-log" | "plain")
//    g$time, g$n.risk[,1], g$n.event, g$n.censor, g$pstate, g$std.err, g$lower, g$upper
TEST(CumulativeIncidenceReference, VeteranTwoCauses) {
  const auto table = testing::load_reference_csv("veteran");
  SurvivalData data;
  data.time = table.column("time");
  const auto& status = table.column("status");
  const auto& cell = table.text.at("celltype");
  for (std::size_t i = 0; i < table.rows; ++i) {
    const bool first = cell[i] == "squamous" || cell[i] == "large";
    data.event.push_back(status[i] == 0 ? 0 : (first ? 1 : 2));
  }
  const std::vector<std::size_t> rows = {0, 4, 9, 19, 39, 59, 79, 96};
  auto pick = [&](const std::vector<double>& all) {
    std::vector<double> out;
    for (std::size_t r : rows) out.push_back(all.at(r));
    return out;
  };
  const CumulativeIncidence log_fit = cumulative_incidence(data);
  ASSERT_EQ(log_fit.time.size(), 101u);
  EXPECT_EQ(pick(log_fit.time), (std::vector<double>{1, 7, 13, 27, 63, 118, 216, 467}));
  EXPECT_EQ(pick(log_fit.n_risk), (std::vector<double>{137, 132, 120, 99, 72, 44, 23, 5}));
  EXPECT_EQ(pick(log_fit.causes[0].n_event), (std::vector<double>{2, 0, 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(pick(log_fit.causes[1].n_event), (std::vector<double>{0, 3, 2, 1, 1, 0, 0, 0}));
  EXPECT_EQ(pick(log_fit.n_censor), (std::vector<double>{0, 0, 0, 0, 0, 0, 0, 0}));
  expect_all_near(
      pick(log_fit.event_free),
      {0.985401459854014616, 0.941605839416058354, 0.861313868613138522, 0.722554007225540085,
       0.523483005234830379, 0.345777180204228096, 0.188194273130046830, 0.036018042704315183},
      kPoint);
  expect_all_near(
      pick(log_fit.causes[0].incidence),
      {0.014598540145985401, 0.014598540145985401, 0.043795620437956199, 0.072992700729927001,
       0.131976701319766992, 0.210598007937571774, 0.302160541497476620, 0.427323239894971563},
      kPoint);
  expect_all_near(
      pick(log_fit.causes[1].incidence),
      {0, 0.043795620437956206, 0.094890510948905119, 0.204453292044532969, 0.344540293445402990,
       0.443624811858200463, 0.509645185372476939, 0.536658717400713248},
      kPoint);
  expect_all_near(
      pick(log_fit.event_free_std_err),
      {0.010247101342527312, 0.020033599986540595, 0.029528198615690185, 0.038259909869923475,
       0.042798463509411744, 0.041403055342919451, 0.034971219168040538, 0.017513987334467230},
      kSe);
  expect_all_near(
      pick(log_fit.causes[0].std_err),
      {0.010247101342527312, 0.010247101342527312, 0.017483582302674213, 0.022223937638527397,
       0.028986090840401615, 0.035435082448556546, 0.040462484826817531, 0.043788239368676984},
      kSe);
  expect_all_near(
      pick(log_fit.causes[1].std_err),
      {0, 0.017483582302674227, 0.025038117201543978, 0.034464184932000957, 0.040707328787308809,
       0.042849357138364540, 0.043611806424006076, 0.043838192940901875},
      kSe);
  // Limits follow the SE, so they are compared at the SE tolerance.
  expect_all_near(
      pick(log_fit.causes[0].lower),
      {0.0036883196969816085, 0.0036883196969816085, 0.0200273655017494424, 0.0401898002469652377,
       0.0858119093209463724, 0.1514368775611330542, 0.2324089677796635778, 0.3495691027705348231},
      kSe);
  expect_all_near(
      pick(log_fit.causes[1].upper),
      {kNA, 0.095771776341625259, 0.159156206107555376, 0.284497885709813991, 0.434319388858408650,
       0.536083805521906931, 0.602709023401719501, 0.629840423397385885},
      kSe);
  expect_all_near(
      pick(log_fit.event_free_upper),
      {1, 0.98170115484256970, 0.92117673404582168, 0.80157143293464050, 0.61446107271362616,
       0.43723855687710000, 0.27088254012899793, 0.09341614000141929},
      kSe);

  CumulativeIncidenceOptions log_log;
  log_log.transform = ConfidenceTransform::log_log;
  const CumulativeIncidence log_log_fit = cumulative_incidence(data, log_log);
  expect_all_near(
      pick(log_log_fit.causes[0].lower),
      {0.0028716252717518398, 0.0028716252717518398, 0.0180032616424144996, 0.0373415988854353120,
       0.0816944097359078442, 0.1458622436320863858, 0.2253140671464486100, 0.3406979590546808101},
      kSe);
  expect_all_near(
      pick(log_log_fit.causes[1].upper),
      {kNA, 0.087513142820176623, 0.150963794817959129, 0.275506320679759664, 0.424259494455503317,
       0.525242412427083027, 0.591224674115120585, 0.618026732577055427},
      kSe);
  expect_all_near(
      pick(log_log_fit.event_free_lower),
      {0.942893108619026643, 0.886631237387146998, 0.791236583125783599, 0.639395710277022244,
       0.436454670611962525, 0.265910020229539856, 0.125274201934867518, 0.011944681998402651},
      kSe);

  CumulativeIncidenceOptions plain;
  plain.transform = ConfidenceTransform::plain;
  const CumulativeIncidence plain_fit = cumulative_incidence(data, plain);
  expect_all_near(
      pick(plain_fit.causes[1].lower),
      {0, 0.009528428803972866, 0.045816702993186124, 0.136904730821283099, 0.264755395115447212,
       0.359641615106311707, 0.424167615480692484, 0.450737438089227560},
      kSe);
  expect_all_near(
      pick(plain_fit.causes[0].upper),
      {0.034682489723270968, 0.034682489723270968, 0.078062812071939519, 0.116550818096104819,
       0.188788395419560495, 0.280049493325949972, 0.381465554483037372, 0.513146612003997360},
      kSe);
  expect_all_near(
      pick(plain_fit.event_free_upper),
      {1, 0.980870973870360041, 0.919188074428236801, 0.797542052622338682, 0.607366452306929094,
       0.426925677526268865, 0.256736603194863078, 0.070344827105561614},
      kSe);
}

// The curves at requested times against R's summary(f, times = c(7, 2.5, 3, 6), extend = FALSE)
// for the hand-worked data, with conf.type "log", "log-log" and "plain":
//   f <- survfit(Surv(t, factor(s)) ~ 1, d, conf.type = ct); x <- summary(f, times = ...)
//   x$n.risk[, 1], x$pstate, x$std.err, x$lower, x$upper
// R's extend = FALSE drops t = 7 (after the last time, 6), where the last row is an event and
// the event-free probability is 0: every patient had an event, so the incidences are final and
// carried (R's extend = TRUE: pstate 0 0.725 0.275). Before the first time (t = 0.5): S = 1,
// F = 0, SE 0.
TEST(CumulativeIncidence, AtTimesMatchesRSummaryAndStopsAtTheLastTime) {
  const SurvivalData data = make_data({4, 2, 1, 3, 2, 5, 2, 6, 3}, {2, 1, 0, 1, 2, 0, 0, 1, 1});
  const std::vector<double> times{7, 2.5, 3, 6, 0.5};
  struct Limits {
    ConfidenceTransform transform;
    std::vector<double> free_lower, free_upper, cause1_lower, cause1_upper, cause2_lower,
        cause2_upper;
  };
  const std::vector<Limits> cases{
      {ConfidenceTransform::log,
       {0.50270184129404694, 0.19821173402773179, kNA},
       {1, 1, kNA},
       {0.019984067022007647, 0.179243514383892660, 0.461479704913654032},
       {0.78187287816803397, 1, 1},
       {0.019984067022007647, 0.019984067022007647, 0.083582746623958246},
       {0.78187287816803397, 0.78187287816803397, 0.90479199421669609}},
      {ConfidenceTransform::log_log,
       {0.31480711370551923, 0.10757811523828904, kNA},
       {0.93089831709062754, 0.75127384992619328, kNA},
       {0.0065933250173264733, 0.0956647035085791825, 0.2697525683188185530},
       {0.42270583252396876, 0.73200340481092341, 0.92410603230558686},
       {0.0065933250173264733, 0.0065933250173264733, 0.0388687123044592284},
       {0.42270583252396876, 0.42270583252396876, 0.59857900724352520}},
      {ConfidenceTransform::plain,
       {0.44994302022779326, 0.08103970815499939, 0},
       {1, 0.81896029184500052, 0},
       {0, 0.058078854375338107, 0.397493155782862095},
       {0.35417230376766184, 0.79192114562466198, 1},
       {0, 0, 0},
       {0.35417230376766184, 0.35417230376766184, 0.60250684421713796}}};
  for (const Limits& expected : cases) {
    CumulativeIncidenceOptions options;
    options.transform = expected.transform;
    const CumulativeIncidenceAtTimes at =
        cumulative_incidence_at_times(cumulative_incidence(data, options), times, options);
    ASSERT_EQ(at.time, (std::vector<double>{0.5, 2.5, 3, 6, 7}));
    EXPECT_EQ(at.n_risk, (std::vector<double>{9, 5, 5, 1, 0}));
    EXPECT_EQ(at.estimable, (std::vector<bool>{true, true, true, true, true}));
    EXPECT_EQ(at.last_time, 6.0);
    const auto r_rows = [](const std::vector<double>& values) {
      return std::vector<double>(values.begin() + 1, values.begin() + 4);
    };
    expect_all_near(at.event_free, {1, 0.75, 0.45, 0, 0}, kPoint);
    expect_all_near(at.causes[0].incidence, {0, 0.125, 0.425, 0.725, 0.725}, kPoint);
    expect_all_near(at.causes[1].incidence, {0, 0.125, 0.125, 0.275, 0.275}, kPoint);
    expect_all_near(r_rows(at.event_free_std_err), {0.15309310892394862, 0.18824850597016698, 0},
                    kSe);
    expect_all_near(r_rows(at.causes[0].std_err),
                    {0.11692679333668567, 0.18720810612791317, 0.16709839915451014}, kSe);
    expect_all_near(r_rows(at.causes[1].std_err),
                    {0.11692679333668567, 0.11692679333668567, 0.16709839915451016}, kSe);
    expect_all_near(r_rows(at.event_free_lower), expected.free_lower, kSe);
    expect_all_near(r_rows(at.event_free_upper), expected.free_upper, kSe);
    expect_all_near(r_rows(at.causes[0].lower), expected.cause1_lower, kSe);
    expect_all_near(r_rows(at.causes[0].upper), expected.cause1_upper, kSe);
    expect_all_near(r_rows(at.causes[1].lower), expected.cause2_lower, kSe);
    expect_all_near(r_rows(at.causes[1].upper), expected.cause2_upper, kSe);
    EXPECT_EQ(at.causes[0].std_err[0], 0.0);
    EXPECT_EQ(at.causes[0].std_err[4], at.causes[0].std_err[3]);
  }
}

// A curve made without its per-time limits (options.limits false, the report's by-group curves)
// gives the same curves at times, limits included, to the bit: the limits are the same function
// of the estimate and SE, applied to the rows read.
TEST(CumulativeIncidence, AtTimesWithoutPerTimeLimitsIsTheSame) {
  const SurvivalData data = make_data({4, 2, 1, 3, 2, 5, 2, 6, 3}, {2, 1, 0, 1, 2, 0, 0, 1, 1});
  const std::vector<double> times{7, 2.5, 3, 6, 0.5, 1, 2};
  const auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (std::isnan(a[i])) {
        EXPECT_TRUE(std::isnan(b[i])) << i;
      } else {
        EXPECT_EQ(std::signbit(a[i]), std::signbit(b[i])) << i;
        EXPECT_EQ(a[i], b[i]) << i;
      }
    }
  };
  for (const ConfidenceTransform transform :
       {ConfidenceTransform::log, ConfidenceTransform::log_log, ConfidenceTransform::plain}) {
    CumulativeIncidenceOptions with, without;
    with.transform = without.transform = transform;
    without.limits = false;
    const CumulativeIncidence full = cumulative_incidence(data, with);
    const CumulativeIncidence bare = cumulative_incidence(data, without);
    EXPECT_TRUE(bare.event_free_lower.empty() && bare.causes[0].upper.empty());
    EXPECT_EQ(bare.causes[1].incidence, full.causes[1].incidence);
    EXPECT_EQ(bare.causes[1].std_err, full.causes[1].std_err);
    const CumulativeIncidenceAtTimes a = cumulative_incidence_at_times(full, times, with);
    const CumulativeIncidenceAtTimes b = cumulative_incidence_at_times(bare, times, without);
    ASSERT_EQ(a.causes.size(), 2u);
    ASSERT_EQ(b.causes.size(), 2u);
    same(a.event_free_lower, b.event_free_lower);
    same(a.event_free_upper, b.event_free_upper);
    for (std::size_t c = 0; c < 2; ++c) {
      same(a.causes[c].incidence, b.causes[c].incidence);
      same(a.causes[c].lower, b.causes[c].lower);
      same(a.causes[c].upper, b.causes[c].upper);
    }
    // Not a check that cannot fail: the limits are there, and differ from the estimate.
    EXPECT_LT(b.causes[0].lower[3], b.causes[0].incidence[3]);
  }
}

// The last row a censoring (S = 0.375 left): no estimate after it. R:
//   summary(survfit(Surv(c(1, 2, 3, 4), factor(c(1, 0, 2, 0))) ~ 1), times = c(1, 3, 4, 5),
//           extend = FALSE)$time is 1 3 4, pstate at 4: 0.375 0.25 0.375.
TEST(CumulativeIncidence, NoEstimatePastACensoredLastTime) {
  const CumulativeIncidenceOptions options;
  const CumulativeIncidenceAtTimes at = cumulative_incidence_at_times(
      cumulative_incidence(make_data({1, 2, 3, 4}, {1, 0, 2, 0}), options), {1, 3, 4, 5}, options);
  EXPECT_EQ(at.estimable, (std::vector<bool>{true, true, true, false}));
  EXPECT_EQ(at.n_risk, (std::vector<double>{4, 2, 1, 0}));
  expect_all_near(at.event_free, {0.75, 0.375, 0.375, kNA}, kPoint);
  expect_all_near(at.causes[0].incidence, {0.25, 0.25, 0.25, kNA}, kPoint);
  expect_all_near(at.causes[1].incidence, {0, 0.375, 0.375, kNA}, kPoint);
  for (const auto* column : {&at.event_free_std_err, &at.event_free_lower, &at.causes[0].std_err,
                             &at.causes[0].lower, &at.causes[1].upper}) {
    EXPECT_TRUE(std::isnan((*column)[3]));
  }
}

}  // namespace
}  // namespace nelm
