// The validation, profile and sensitivity tables of docs/personalised-model.md (see
// personalised_report.h).
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>

#include "personalised_evidence_reader.h"
#include "personalised_report.h"

namespace nelm::testing {
namespace {

using json = nlohmann::ordered_json;
using Known = std::vector<std::pair<std::string, std::string>>;

std::string fixed(double value, int decimals) {
  if (std::isnan(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}
std::string percent(double value) { return fixed(100 * value, 1); }
double printed_percent(const json& value) { return std::stod(value.dump() + "e-2"); }
double inverse_logit(double x) { return 1 / (1 + std::exp(-x)); }
double logit(double p) { return std::log(p / (1 - p)); }

using Quantity = std::function<QuantityWithGradient(const CureRegressionModel&)>;

// One row: published, joint model (range), residual, and the two single-source fits.
void row(std::ostream& out, const std::string& label, const std::string& source,
         const std::string& published, double published_value, const PersonalisedFits& fits,
         const Quantity& quantity, RangeScale scale, bool as_percent, bool exp_of = false) {
  const SourceComparison c = compare_sources(fits, quantity, scale);
  const auto show = [&](double v) {
    if (exp_of) v = std::exp(v);
    return as_percent ? percent(v) : fixed(v, 3);
  };
  const double estimate = exp_of ? std::exp(c.joint.estimate) : c.joint.estimate;
  const double residual = estimate - published_value;
  out << "| " << label << " | " << source << " | " << published << " | " << show(c.joint.estimate)
      << " (" << show(c.joint.lower) << "-" << show(c.joint.upper) << ") | "
      << (std::isnan(published_value) ? "-"
          : as_percent                ? fixed(100 * residual, 1) + " pp"
                                      : fixed(residual, 3))
      << " | " << show(c.hazard_ratios_led.estimate) << " | " << show(c.cure_profiles_led.estimate)
      << " | " << (c.sources_disagree ? "yes: " + show(c.lower) + "-" + show(c.upper) : "no")
      << " |\n";
}

// The time by which 95% of the uncured have recurred: (S(t) - pi) / (1 - pi) = 0.05.
double latency_95(const CureRegressionModel& model, const Population& population) {
  const double pi = marginal_cure_fraction(model, population).value;
  double low = 0.01, high = 100;
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (low + high);
    const double uncured = (marginal_survival(model, population, mid).value - pi) / (1 - pi);
    (uncured > 0.05 ? low : high) = mid;
  }
  return 0.5 * (low + high);
}

}  // namespace

void write_validation_table(std::ostream& out, const PersonalisedFits& fits, const json& evidence,
                            const json& personalised) {
  const CureRegressionStructure& structure = fits.joint.fit.model.structure;
  const Population cohort = cohort_population(structure);
  out << "| quantity | source | published | model, joint (model range) | residual | HR-led | "
         "cure-led | sources disagree: shown range |\n|---|---|---|---|---|---|---|---|\n";
  for (const json& point : evidence["dfs"]["points"]) {
    const bool median = point["quantity"] == "median";
    const std::string source = "S1 (fitted)";
    if (median) {
      row(
          out, point["label"], source, point["text"], point["value"].get<double>(), fits,
          [&](const CureRegressionModel& m) { return marginal_median(m, cohort, 100); },
          RangeScale::log, false);
    } else {
      const double t = point["time"];
      row(
          out, point["label"], source, point["text"], printed_percent(point["value"]), fits,
          [&](const CureRegressionModel& m) { return marginal_survival(m, cohort, t); },
          RangeScale::log_minus_log, true);
    }
  }
  for (const json& hr : evidence["dfs"]["nomogram"]) {
    const std::size_t f = factor_index(structure, hr["input"]);
    const std::size_t a = level_index(structure, f, hr["level"]);
    const std::size_t b = level_index(structure, f, hr["reference_level"]);
    row(
        out, "HR " + hr["input"].get<std::string>() + " " + hr["level"].get<std::string>(),
        "S2 (fitted, average HR 0-5 y)", hr["text"], hr["value"].get<double>(), fits,
        [&](const CureRegressionModel& m) {
          return average_log_hazard_ratio(m, cohort, f, a, b, 5);
        },
        RangeScale::identity, false, true);
  }
  const double marginal = marginal_cure_fraction(fits.joint.fit.model, cohort).value;
  std::size_t j = 0;
  for (std::size_t i = 0; i < fits.targets.targets.size(); ++i) {
    if (fits.targets.role[i] != "cure_profile") continue;
    const EvidenceTarget& target = fits.targets.targets[i];
    const json& profile = personalised["cure_profiles"]["profiles"][j++];
    const double transferred = inverse_logit(logit(marginal) + target.value);
    row(
        out, target.label + " cure (transferred " + percent(transferred) + "%)", "S4 (fitted)",
        profile["text"], transferred, fits,
        [&](const CureRegressionModel& m) { return marginal_cure_fraction(m, target.population); },
        RangeScale::logit, true);
  }
  const auto cure = [&](const CureRegressionModel& m) { return marginal_cure_fraction(m, cohort); };
  for (const json& check : personalised["external_checks"]) {
    const std::string label = check["label"].get<std::string>() + " (other cohort: not fitted)";
    if (check["quantity"] == "median")
      row(
          out, label, "S4 (check)", check["text"], check["value"].get<double>(), fits,
          [&](const CureRegressionModel& m) { return marginal_median(m, cohort, 100); },
          RangeScale::log, false);
    else if (check["quantity"] == "survival")
      row(
          out, label, "S4 (check)", check["text"], printed_percent(check["value"]), fits,
          [&](const CureRegressionModel& m) { return marginal_survival(m, cohort, 5); },
          RangeScale::log_minus_log, true);
    else
      row(out, label, "S4 (check)", check["text"], printed_percent(check["value"]), fits, cure,
          RangeScale::logit, true);
  }
  for (const json& check : personalised["direction_checks"]) {
    const std::size_t f = factor_index(structure, check["input"]);
    const std::size_t a = level_index(structure, f, check["level"]);
    const std::size_t b = level_index(structure, f, check["reference_level"]);
    row(
        out, check["label"].get<std::string>() + " (direction only)", check["source"],
        check["text"], std::nan(""), fits,
        [&](const CureRegressionModel& m) {
          return average_log_hazard_ratio(m, cohort, f, a, b, 5);
        },
        RangeScale::identity, false, true);
  }
  out << "\nTime by which 95% of the uncured have recurred (S4's 'time to cure 5.1 y' is not "
         "defined in the abstract): joint "
      << fixed(latency_95(fits.joint.fit.model, cohort), 2) << " y, HR-led "
      << fixed(latency_95(fits.hazard_ratios_led.fit.model, cohort), 2) << " y, cure-led "
      << fixed(latency_95(fits.cure_profiles_led.fit.model, cohort), 2) << " y.\n";
}

namespace {

struct NamedProfile {
  std::string name;
  Known known;
};

std::vector<NamedProfile> surgeon_profiles() {
  return {{"pancreatic + moderate + node-positive",
           {{"primary", "pancreatic"}, {"grade", "moderate"}, {"lymph_nodes", "positive"}}},
          {"... + parenchymal-sparing resection",
           {{"primary", "pancreatic"},
            {"grade", "moderate"},
            {"lymph_nodes", "positive"},
            {"resection", "parenchymal_sparing"}}},
          {"... + major resection",
           {{"primary", "pancreatic"},
            {"grade", "moderate"},
            {"lymph_nodes", "positive"},
            {"resection", "major"}}},
          {"pancreatic + moderate", {{"primary", "pancreatic"}, {"grade", "moderate"}}},
          {"all unknown", {}}};
}

void profile_rows(std::ostream& out, const PersonalisedFits& fits, const NamedProfile& profile) {
  const CureRegressionStructure& structure = fits.joint.fit.model.structure;
  const Population patients =
      population_of_profile(structure, profile_of(structure, profile.known));
  for (double t : {1.0, 3.0, 5.0, 10.0})
    row(
        out, profile.name + ": DFS " + fixed(t, 0) + " y", "model", "-", std::nan(""), fits,
        [&](const CureRegressionModel& m) { return marginal_survival(m, patients, t); },
        RangeScale::log_minus_log, true);
  row(
      out, profile.name + ": cure", "model", "-", std::nan(""), fits,
      [&](const CureRegressionModel& m) { return marginal_cure_fraction(m, patients); },
      RangeScale::logit, true);
  for (double t0 : {3.0, 5.0, 9.5})
    row(
        out, profile.name + ": P(cure | disease-free at " + fixed(t0, 1) + " y)", "model", "-",
        std::nan(""), fits,
        [&](const CureRegressionModel& m) {
          return cure_probability_given_disease_free(m, patients, t0);
        },
        RangeScale::logit, true);
}

struct Scenario {
  std::string name;
  ShareOverrides shares;
  bool between_profiles = false;
  double cure_split = std::nan("");  // held (prior SE 0.001) at this value when given
};

void sensitivity_row(std::ostream& out, const Scenario& scenario, const json& evidence,
                     const json& personalised) {
  PersonalisedEvidence input = read_personalised_evidence(evidence, personalised, scenario.shares);
  if (scenario.between_profiles) {
    input.cure_transfer = PersonalisedEvidence::CureTransfer::between_profiles;
    input.cure_reference_profile = 1;
  }
  if (!std::isnan(scenario.cure_split)) {
    input.cure_split_prior_mean = scenario.cure_split;
    input.cure_split_prior_std_err = 0.001;
  }
  const PersonalisedFits fits = fit_personalised_evidence(input);
  const CureRegressionModel& model = fits.joint.fit.model;
  const Population cohort = cohort_population(model.structure);
  const double marginal = marginal_cure_fraction(model, cohort).value;
  std::string held;
  for (std::size_t j = 0; j < fits.joint.fit.held_at_zero.size(); ++j)
    if (fits.joint.fit.held_at_zero[j]) held += fits.joint.fit.parameter_names[j] + " ";
  out << "| " << scenario.name << " | " << fixed(fits.joint.fit.objective, 2) << " | "
      << (held.empty() ? "none" : held) << " |";
  // The S4 profiles: model (transferred target, rule A) in percent.
  const double share_liver =
      input.structure.factors[factor_index(input.structure, "liver_involvement")].proportion[1];
  double bound = 0.0;
  std::vector<double> transferred;
  for (std::size_t j = 0; j < input.cure_profiles.size(); ++j) {
    const double target =
        inverse_logit(logit(marginal) + logit(input.cure_profiles[j].cure_fraction) -
                      logit(input.source_cure_fraction));
    transferred.push_back(target);
    const Population people =
        population_of_groups(input.structure, input.cure_profiles[j].alternatives, nullptr);
    out << " " << percent(marginal_cure_fraction(model, people).value) << " (" << percent(target)
        << ") |";
  }
  double share_best = 0.0;
  population_of_groups(input.structure, input.cure_profiles[0].alternatives, &share_best);
  bound = share_best * transferred[0] + (1 - share_liver - share_best) * transferred[1] +
          share_liver * transferred[2];
  out << " " << percent(bound) << " vs " << percent(marginal) << " |";
  for (const Known& known :
       {Known{{"primary", "pancreatic"}, {"grade", "moderate"}, {"lymph_nodes", "positive"}},
        Known{{"primary", "pancreatic"}, {"grade", "moderate"}}}) {
    const Population people =
        population_of_profile(model.structure, profile_of(model.structure, known));
    out << " " << percent(marginal_survival(model, people, 5).value) << " / "
        << percent(marginal_cure_fraction(model, people).value) << " |";
  }
  out << " " << fixed(std::exp(average_log_hazard_ratio(model, cohort, 0, 1, 0, 5).value), 2)
      << " |\n";
}

}  // namespace

void write_profiles_and_sensitivity(std::ostream& out, const PersonalisedFits& fits,
                                    const json& evidence, const json& personalised) {
  out << "\n## The surgeon's profiles\n\n| quantity | source | published | model, joint (model "
         "range) | residual | HR-led | cure-led | sources disagree: shown range |\n"
         "|---|---|---|---|---|---|---|---|\n";
  for (const NamedProfile& profile : surgeon_profiles()) profile_rows(out, fits, profile);
  out << "\n## Sensitivity (joint fit)\n\n| scenario | objective | held at 0 | S4 best: model "
         "(target) | S4 middle | S4 worst | rule-A lower bound vs marginal cure | panc+mod+N+ "
         "5-y DFS / cure | panc+mod 5-y DFS / cure | HR pancreatic |\n"
         "|---|---|---|---|---|---|---|---|---|---|\n";
  const std::vector<Scenario> scenarios = {
      {"as transcribed: functional 30%, liver >= 50% 20%", {}},
      {"liver >= 50%: 10%", {std::nan(""), 0.10}},
      {"liver >= 50%: 35%", {std::nan(""), 0.35}},
      {"liver >= 50%: 50%", {std::nan(""), 0.50}},
      {"functional: 15%", {0.15, std::nan("")}},
      {"functional: 50%", {0.50, std::nan("")}},
      {"transfer between profiles (rule B, against the middle profile)", {}, true},
      {"cure_split held at 0.5 (effects mostly on timing)", {}, false, 0.5},
      {"cure_split held at 5 (effects mostly on cure)", {}, false, 5.0}};
  for (const Scenario& scenario : scenarios) sensitivity_row(out, scenario, evidence, personalised);

  PersonalisedEvidence alone_input = read_personalised_evidence(evidence, personalised);
  alone_input.uncovered = PersonalisedEvidence::Uncovered::no_effect;
  const PersonalisedFits alone = fit_personalised_evidence(alone_input);
  out << "\n## Single-source fits alone (what a source does not cover has no effect)\n\n";
  write_validation_table(out, alone, evidence, personalised);
  out << "\n| quantity | source | published | model, joint (model range) | residual | HR-led | "
         "cure-led | sources disagree: shown range |\n|---|---|---|---|---|---|---|---|\n";
  for (const NamedProfile& profile : surgeon_profiles()) profile_rows(out, alone, profile);
  for (const PersonalisedFit* fit : {&alone.hazard_ratios_led, &alone.cure_profiles_led}) {
    out << "\n" << fit->name << " alone: objective " << fixed(fit->fit.objective, 3) << ".";
    for (const Warning& w : fit->fit.warnings) out << " `" << w.code << "` (" << w.subject << ").";
    out << "\n";
  }
}

}  // namespace nelm::testing
