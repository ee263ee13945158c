// The docs' tables for the personalised cure model, computed from the fits (see the header).
#include "personalised_report.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "personalised_evidence_reader.h"

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
double inverse_logit(double x) { return 1 / (1 + std::exp(-x)); }
double logit(double p) { return std::log(p / (1 - p)); }

Population group(const CureRegressionStructure& structure, const Known& known) {
  return population_of_profile(structure, profile_of(structure, known));
}

void targets_table(std::ostream& out, const PersonalisedFits& fits) {
  const CureRegressionModel& model = fits.joint.fit.model;
  const double marginal = marginal_cure_fraction(model, cohort_population(model.structure)).value;
  out << "| target | role | source | fit scale value | SE | transferred target | derivation |\n"
      << "|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < fits.targets.targets.size(); ++i) {
    const EvidenceTarget& t = fits.targets.targets[i];
    const bool cure = fits.targets.role[i] == "cure_profile";
    out << "| " << t.label << " | " << fits.targets.role[i] << " | " << t.source << " | "
        << fixed(t.value, 4) << " | " << fixed(t.std_err, 4) << " | "
        << (cure ? percent(inverse_logit(logit(marginal) + t.value)) +
                       "% (at the joint fit's "
                       "marginal " +
                       percent(marginal) + "%)"
                 : "-")
        << " | " << fits.targets.derivation[i] << " |\n";
  }
}

void parameter_table(std::ostream& out, const PersonalisedFit& fit) {
  const EvidenceFit& f = fit.fit;
  out << "\n**" << fit.name << "**: objective " << fixed(f.objective, 3) << ", "
      << fixed(f.degrees_of_freedom, 0) << " df, " << (f.converged ? "converged" : "NOT converged")
      << ", largest scaled gradient " << fixed(f.largest_scaled_gradient, 8) << ".";
  for (const Warning& w : f.warnings) out << " Warning `" << w.code << "` (" << w.subject << ").";
  out << "\n\n| parameter | value | SE | status |\n|---|---|---|---|\n";
  for (std::size_t j = 0; j < f.parameter_names.size(); ++j) {
    std::string status = f.fixed[j] ? "fixed" : "fitted";
    if (!f.held_at_zero.empty() && f.held_at_zero[j]) status = "held at 0 (direction)";
    if (!std::isnan(f.data_share[j])) status += ", prior, data share " + fixed(f.data_share[j], 2);
    out << "| " << f.parameter_names[j] << " | " << fixed(f.model.parameters[j], 4) << " | "
        << fixed(std::sqrt(f.covariance(j, j)), 4) << " | " << status << " |\n";
  }
  const EffectCoefficients c = effect_coefficients(f.model);
  out << "\n| effect | latency log HR | cure log-odds | cure odds ratio |\n|---|---|---|---|\n";
  for (std::size_t k = 0; k < c.cure_log_odds.size(); ++k)
    out << "| " << f.model.structure.effects[k].name << " | "
        << fixed(c.latency_log_hazard_ratio[k], 3) << " | " << fixed(c.cure_log_odds[k], 3) << " | "
        << fixed(std::exp(c.cure_log_odds[k]), 3) << " |\n";
}

// Event-weighted mean of log(h_a / h_b) over (0, horizon], the pair's average event density as
// the weight, averaged over the other inputs (an alternative definition, for comparison only).
double event_weighted_log_hazard_ratio(const CureRegressionModel& model, std::size_t factor,
                                       std::size_t level, std::size_t reference, double horizon) {
  double total = 0.0, weight = 0.0;
  for (const WeightedProfile& patient : cohort_population(model.structure)) {
    WeightedProfile a = patient, b = patient;
    a.levels[factor] = level;
    b.levels[factor] = reference;
    const Population pa = {{a.levels, 1.0}}, pb = {{b.levels, 1.0}};
    const double step = horizon / 400;
    for (double t = step / 2; t < horizon; t += step) {
      const auto hazard_density = [&](const Population& p, double& density) {
        const double up = marginal_survival(model, p, t + 1e-5).value;
        const double down = marginal_survival(model, p, t - 1e-5).value;
        density = (down - up) / 2e-5;
        return density / marginal_survival(model, p, t).value;
      };
      double fa = 0, fb = 0;
      const double ha = hazard_density(pa, fa), hb = hazard_density(pb, fb);
      const double w = patient.weight * 0.5 * (fa + fb) * step;
      total += w * std::log(ha / hb);
      weight += w;
    }
  }
  return total / weight;
}

void hazard_ratio_definitions(std::ostream& out, const PersonalisedFits& fits,
                              const json& evidence) {
  const CureRegressionModel& model = fits.joint.fit.model;
  const Population cohort = cohort_population(model.structure);
  out << "| contrast | published HR | (a) used: mean log[H_a(5)/H_b(5)] | (b) marginal H ratio at "
         "5 y"
         " | (a) at 3 y | (d) event-weighted mean log h_a/h_b over 0-5 y "
         "|\n|---|---|---|---|---|---|\n";
  for (const json& row : evidence["dfs"]["nomogram"]) {
    const std::size_t f = factor_index(model.structure, row["input"]);
    const std::size_t a = level_index(model.structure, f, row["level"]);
    const std::size_t b = level_index(model.structure, f, row["reference_level"]);
    Known known_a = {{row["input"], row["level"]}},
          known_b = {{row["input"], row["reference_level"]}};
    out << "| " << row["input"].get<std::string>() << " " << row["level"].get<std::string>()
        << " vs " << row["reference_level"].get<std::string>() << " | "
        << row["text"].get<std::string>() << " | "
        << fixed(std::exp(average_log_hazard_ratio(model, cohort, f, a, b, 5).value), 3) << " | "
        << fixed(std::exp(marginal_log_hazard_ratio(model, group(model.structure, known_a),
                                                    group(model.structure, known_b), 5)
                              .value),
                 3)
        << " | " << fixed(std::exp(average_log_hazard_ratio(model, cohort, f, a, b, 3).value), 3)
        << " | " << fixed(std::exp(event_weighted_log_hazard_ratio(model, f, a, b, 5)), 3)
        << " |\n";
  }
}

}  // namespace

void write_personalised_report(std::ostream& out, const PersonalisedFits& fits,
                               const json& evidence, const json& personalised) {
  out << "## Targets\n\n";
  targets_table(out, fits);
  out << "\nPH-equivalent cure split at the cohort curve's cure fraction "
      << fixed(fits.targets.cohort_curve.cure_fraction, 4) << ": "
      << fixed(fits.proportional_hazards_split, 4) << "\n\n## Fitted parameters\n";
  for (const PersonalisedFit* fit : {&fits.joint, &fits.hazard_ratios_led, &fits.cure_profiles_led})
    parameter_table(out, *fit);
  out << "\n## Validation\n\n";
  write_validation_table(out, fits, evidence, personalised);
  out << "\n## Hazard-ratio definitions (joint fit)\n\n";
  hazard_ratio_definitions(out, fits, evidence);
  write_profiles_and_sensitivity(out, fits, evidence, personalised);
}

}  // namespace nelm::testing
