// The personalised cure model fitted to the published evidence: the transcription against
// published-evidence.md, the targets' SE rules, issue 12's criteria on the fit, the structural
// comparison, and the surgeon's profiles. NELM_PERSONALISED_REPORT=<file> also writes the
// tables of docs/personalised-model.md (with the sensitivity runs) to that file.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <regex>

#include "model_test_support.h"
#include "personalised_evidence_reader.h"
#include "personalised_report.h"
#include "prediction/personalised_fit.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;

json transcription() { return read_json_file("models/cure-regression-evidence.json"); }

PersonalisedEvidence published_evidence() {
  return read_personalised_evidence(read_json_file("models/evidence.json"), transcription());
}

// The fit takes a few seconds under the sanitizers: once for all tests.
const PersonalisedFits& fits() {
  static const PersonalisedFits fitted = fit_personalised_evidence(published_evidence());
  return fitted;
}

std::vector<std::array<std::string, 3>> transcribed_items(const json& personalised) {
  std::vector<std::array<std::string, 3>> items;
  const auto add = [&](const json& item) {
    items.push_back({item["row"], item["text"], item["value"].dump()});
  };
  for (const json& item : personalised["cure_profiles"]["profiles"]) add(item);
  add(personalised["cure_profiles"]["whole_cohort"]);
  add(personalised["cure_profiles"]["n"]);
  for (const json& item : personalised["external_checks"]) add(item);
  for (const json& item : personalised["direction_checks"]) add(item);
  return items;
}

TEST(PersonalisedEvidence, EveryNumberIsOnItsRowOfThePublishedEvidence) {
  const auto path = source_path("../shared/evidence/published-evidence.md");
  if (!std::filesystem::exists(path))
    GTEST_SKIP() << "SKIPPED: " << path.string() << " is absent, so the transcription cannot be "
                 << "compared with it here";
  std::vector<std::string> lines;
  std::istringstream text(read_text_file(path));
  for (std::string line; std::getline(text, line);) lines.push_back(line);
  const auto items = transcribed_items(transcription());
  EXPECT_EQ(items.size(), 11u);
  for (const auto& [row, printed, value] : items) {
    std::vector<std::string> matches;
    for (const auto& line : lines)
      if (line.find(row) != std::string::npos) matches.push_back(line);
    ASSERT_EQ(matches.size(), 1u) << "row \"" << row << "\" must occur on exactly one line";
    EXPECT_NE(matches[0].find(printed), std::string::npos) << printed << " not on: " << matches[0];
    bool found = false;
    const std::regex number(R"(\d+(\.\d+)?)");
    for (std::sregex_iterator it(printed.begin(), printed.end(), number), end; it != end; ++it)
      found = found || std::stod(it->str()) == std::stod(value);
    EXPECT_TRUE(found) << value << " is not the number printed as \"" << printed << "\"";
  }
  // The two shares the model must assume are the ones the evidence file says are not published.
  const std::string all = read_text_file(path);
  EXPECT_NE(all.find("The share of functional tumours, and of patients with more than 50% liver"),
            std::string::npos);
}

TEST(PersonalisedEvidence, TargetsCarryTheStatedStandardErrors) {
  const PersonalisedTargets& targets = fits().targets;
  ASSERT_EQ(targets.targets.size(), 12u);
  // R: hr <- c(2.1, 1.9, 1.6, 2.6, 0.3); p <- c(.004, .022, .238, .002, .001)
  //    w <- abs(log(hr)) / qnorm(1 - p/2); sqrt(w^2 + (0.05 / hr)^2 / 3)
  const double hazard_ratio_se[] = {0.258147931960291, 0.280652079228673, 0.398716398156514,
                                    0.309403036017525, 0.378332117810617};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(targets.role[4 + i], "hazard_ratio");
    EXPECT_NEAR(targets.targets[4 + i].std_err, hazard_ratio_se[i], 1e-12) << i;
  }
  // R: P <- c(.296*.8*((1-.454)+.454*.3), .704*.454*.7*.8, .704*.454*.7*.2); pp <- c(.95,.43,.08)
  //    sqrt(2/(376*P*pp*(1-pp)) + 2/(376*.44*.56)); qlogis(pp) - qlogis(.44)
  const double share[] = {0.16154496, 0.17898496, 0.04474624};
  const double cure_se[] = {0.845447802421215, 0.377938631984746, 1.279343030050412};
  const double contrast[] = {3.1856010359833276, -0.0406890953240998, -2.2011849785523161};
  for (std::size_t j = 0; j < 3; ++j) {
    const std::size_t i = 9 + j;
    EXPECT_EQ(targets.role[i], "cure_profile");
    EXPECT_NEAR(targets.profile_share[i], share[j], 1e-12) << j;
    EXPECT_NEAR(targets.targets[i].std_err, cure_se[j], 1e-12) << j;
    EXPECT_NEAR(targets.targets[i].value, contrast[j], 1e-12) << j;
  }
  // S1: the median on the time scale, correlated with the points as product-limit estimates are.
  EXPECT_EQ(targets.targets[1].kind, TargetKind::marginal_median);
  for (std::size_t a = 0; a < 4; ++a)
    for (std::size_t b = 0; b < 4; ++b)
      EXPECT_EQ(targets.covariance(a, b), targets.covariance(b, a));
  EXPECT_GT(targets.covariance(0, 2), 0.0);  // 1 y and 5 y move together
  EXPECT_LT(targets.covariance(1, 2), 0.0);  // a higher curve at 5 y goes with a later median
  EXPECT_EQ(targets.covariance(4, 9), 0.0);  // separate sources taken as independent
}

double inverse_logit(double x) { return 1.0 / (1.0 + std::exp(-x)); }

TEST(PersonalisedEvidence, AllUnknownReproducesTheWholeCohortCurve) {
  const PersonalisedFits& fitted = fits();
  EXPECT_TRUE(fitted.joint.fit.converged);
  const CureRegressionModel& model = fitted.joint.fit.model;
  const Population cohort = cohort_population(model.structure);
  // Issue 12: S1's 1-, 5- and 10-year points within 1 percentage point, the median within 0.1 y.
  EXPECT_NEAR(marginal_survival(model, cohort, 1).value, 0.755, 0.01);
  EXPECT_NEAR(marginal_survival(model, cohort, 5).value, 0.404, 0.01);
  EXPECT_NEAR(marginal_survival(model, cohort, 10).value, 0.321, 0.01);
  EXPECT_NEAR(marginal_median(model, cohort, 100).value, 3.1, 0.1);
  for (const PersonalisedFit* fit : {&fitted.hazard_ratios_led, &fitted.cure_profiles_led}) {
    EXPECT_NEAR(marginal_survival(fit->fit.model, cohort, 5).value, 0.404, 0.01) << fit->name;
    EXPECT_NEAR(marginal_median(fit->fit.model, cohort, 100).value, 3.1, 0.1) << fit->name;
  }
}

// Issue 12: each average HR within the published rounding (+-0.05); where it is not, the range
// shown (the joint model range, widened to span both single-source fits when they disagree)
// covers the published HR, and docs/personalised-model.md says why it misses.
TEST(PersonalisedEvidence, HazardRatiosMatchOrTheRangeShownCoversThem) {
  const PersonalisedFits& fitted = fits();
  const PersonalisedEvidence evidence = published_evidence();
  const Population cohort = cohort_population(evidence.structure);
  std::size_t within = 0;
  for (const PublishedHazardRatio& published : evidence.hazard_ratios) {
    const auto quantity = [&](const CureRegressionModel& model) {
      return average_log_hazard_ratio(model, cohort, published.factor, published.level,
                                      published.reference_level, 5);
    };
    // The fit that uses only S1 and S2 reproduces every HR it can within the rounding; poor
    // cannot (it shares moderate's effect, never better than moderate).
    const double led = std::exp(quantity(fitted.hazard_ratios_led.fit.model).value);
    if (published.label != "grade=poor" && published.label != "grade=moderate") {
      EXPECT_NEAR(led, published.hazard_ratio, 0.05) << published.label;
    }
    const double model_hr = std::exp(quantity(fitted.joint.fit.model).value);
    if (std::fabs(model_hr - published.hazard_ratio) <= 0.05) {
      ++within;
      continue;
    }
    const SourceComparison comparison = compare_sources(fitted, quantity, RangeScale::identity);
    const double log_hr = std::log(published.hazard_ratio);
    EXPECT_LE(comparison.lower, log_hr) << published.label << " HR " << model_hr;
    EXPECT_GE(comparison.upper, log_hr) << published.label << " HR " << model_hr;
  }
  EXPECT_GE(within, 3u);
}

// Issue 12: each S4 profile within 10 percentage points of its transferred target, or the miss
// is a flagged conflict (|standardised residual| > 2) that docs/personalised-model.md explains.
TEST(PersonalisedEvidence, CureProfilesMatchTheirTransferredTargetsOrAreFlagged) {
  const PersonalisedFits& fitted = fits();
  const EvidenceFit& joint = fitted.joint.fit;
  const Population cohort = cohort_population(joint.model.structure);
  const double marginal = marginal_cure_fraction(joint.model, cohort).value;
  std::size_t within = 0;
  for (std::size_t i = 0; i < fitted.joint.targets.size(); ++i) {
    const EvidenceTarget& target = fitted.targets.targets[fitted.joint.targets[i]];
    if (fitted.targets.role[fitted.joint.targets[i]] != "cure_profile") continue;
    const double transferred = inverse_logit(std::log(marginal / (1 - marginal)) + target.value);
    const double model = marginal_cure_fraction(joint.model, target.population).value;
    if (std::fabs(model - transferred) <= 0.10) {
      ++within;
    } else {
      EXPECT_GT(std::fabs(joint.standardised_residual[i]), 2.0) << target.label;
    }
  }
  EXPECT_GE(within, 2u);
}

TEST(PersonalisedEvidence, NoEffectIsReversedAndPoorIsNeverBetterThanModerate) {
  const PersonalisedFits& fitted = fits();
  const PersonalisedEvidence evidence = published_evidence();
  const Population cohort = cohort_population(evidence.structure);
  for (const PersonalisedFit* fit :
       {&fitted.joint, &fitted.hazard_ratios_led, &fitted.cure_profiles_led}) {
    const CureRegressionModel& model = fit->fit.model;
    EXPECT_GE(model.parameters[3], 0.0) << fit->name;
    for (std::size_t k = 0; k < evidence.structure.effects.size(); ++k) {
      const CureEffect& effect = evidence.structure.effects[k];
      for (std::size_t level : effect.levels) {
        const double log_hr =
            average_log_hazard_ratio(model, cohort, effect.factor, level, 0, 5).value;
        EXPECT_GE(evidence.effect_direction[k] * log_hr, -1e-12) << fit->name << " " << effect.name;
      }
    }
    for (double t : {1.0, 5.0, 10.0}) {
      const auto at = [&](const char* level) {
        return marginal_survival(
                   model,
                   population_of_profile(model.structure,
                                         profile_of(model.structure, {{"grade", level}})),
                   t)
            .value;
      };
      EXPECT_LE(at("poor"), at("moderate") + 1e-15) << fit->name;
      EXPECT_LT(at("moderate"), at("well")) << fit->name;
    }
  }
  // Every parameter held at 0 is reported.
  for (std::size_t j = 0; j < fitted.joint.fit.held_at_zero.size(); ++j) {
    if (!fitted.joint.fit.held_at_zero[j]) continue;
    bool reported = false;
    for (const Warning& warning : fitted.joint.fit.warnings)
      reported = reported || (warning.code == "direction_constrained" &&
                              warning.subject == fitted.joint.fit.parameter_names[j]);
    EXPECT_TRUE(reported) << fitted.joint.fit.parameter_names[j];
  }
}

TEST(PersonalisedEvidence, SurgeonsProfilesAreOrderedAndTheirBandsSpanBothSources) {
  const PersonalisedFits& fitted = fits();
  const CureRegressionStructure& structure = fitted.joint.fit.model.structure;
  const auto population = [&](std::vector<std::pair<std::string, std::string>> known) {
    return population_of_profile(structure, profile_of(structure, known));
  };
  const Population high_risk =
      population({{"primary", "pancreatic"}, {"grade", "moderate"}, {"lymph_nodes", "positive"}});
  const Population sparing = population({{"primary", "pancreatic"},
                                         {"grade", "moderate"},
                                         {"lymph_nodes", "positive"},
                                         {"resection", "parenchymal_sparing"}});
  const Population major = population({{"primary", "pancreatic"},
                                       {"grade", "moderate"},
                                       {"lymph_nodes", "positive"},
                                       {"resection", "major"}});
  const Population two = population({{"primary", "pancreatic"}, {"grade", "moderate"}});
  const Population cohort = cohort_population(structure);
  const CureRegressionModel& model = fitted.joint.fit.model;
  for (double t : {1.0, 3.0, 5.0, 10.0}) {
    // S2's direction: parenchymal-sparing (HR 1/0.3 against major) has the lower curve.
    EXPECT_LT(marginal_survival(model, sparing, t).value, marginal_survival(model, major, t).value);
    EXPECT_LT(marginal_survival(model, high_risk, t).value, marginal_survival(model, two, t).value);
    EXPECT_LT(marginal_survival(model, two, t).value, marginal_survival(model, cohort, t).value);
    for (const Population* group : {&high_risk, &sparing, &two, &cohort}) {
      const SourceComparison band = compare_sources(
          fitted, [&](const CureRegressionModel& m) { return marginal_survival(m, *group, t); },
          RangeScale::log_minus_log);
      EXPECT_LE(band.joint.lower, band.joint.estimate);
      EXPECT_GE(band.joint.upper, band.joint.estimate);
      EXPECT_LE(band.lower, band.joint.lower);
      EXPECT_GE(band.upper, band.joint.upper);
      if (band.sources_disagree) {
        for (double estimate : {band.hazard_ratios_led.estimate, band.cure_profiles_led.estimate}) {
          EXPECT_LE(band.lower, estimate);
          EXPECT_GE(band.upper, estimate);
        }
        EXPECT_NE(band.hazard_ratios_side, 0);
      }
    }
  }
  // Staying disease-free makes cure more likely, and the cure fraction is the limit.
  double previous = 0.0;
  for (double t0 : {1.0, 3.0, 5.0, 9.5}) {
    const double cure = cure_probability_given_disease_free(model, high_risk, t0).value;
    EXPECT_GT(cure, previous);
    previous = cure;
  }
  EXPECT_GT(previous, marginal_cure_fraction(model, high_risk).value);
}

TEST(PersonalisedEvidence, WritesTheReportWhenAsked) {
  const char* path = std::getenv("NELM_PERSONALISED_REPORT");
  if (!path) GTEST_SKIP() << "set NELM_PERSONALISED_REPORT=<file> to write the docs' tables";
  std::ofstream out(path);
  write_personalised_report(out, fits(), read_json_file("models/evidence.json"), transcription());
  EXPECT_TRUE(out.good());
}

}  // namespace
}  // namespace nelm::testing
