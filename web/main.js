// Minimal page until the calculator views exist: load the WASM core, run one real Kaplan-Meier
// computation and show it. All statistics come from the module; nothing is computed here.
'use strict';

// R survival's `aml` data (Miller 1981), public; time in weeks, status 1 = relapse. Copied from
// tests/reference/aml.csv; R gives median 27 weeks (95% log-log CI 13 to 34), tests/reference/aml.json.
const AML = {
  time: [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45],
  event: [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1],
};

function percent(value) {
  return value === null ? 'not estimable' : `${(100 * value).toFixed(1)}%`;
}

function show(text, isError) {
  const element = document.getElementById('engine-result');
  element.textContent = text;
  element.classList.toggle('error', Boolean(isError));
}

createNelmModule().then((module) => {
  const response = JSON.parse(module.calculate(JSON.stringify({
    op: 'kaplan_meier', data: AML, conf_type: 'log-log', times: [12, 24],
  })));
  if (!response.ok) {
    show(`The engine refused the request: ${response.error.message}`, true);
    return;
  }
  const curve = response.result.curves[0];
  const median = curve.median;
  const at = curve.at_times;
  show(`Median time to relapse ${median.estimate} weeks (95% CI ${median.lower} to ` +
       `${median.upper ?? 'not reached'}); survival at 12 weeks ${percent(at.surv[0])} ` +
       `(95% CI ${percent(at.lower[0])} to ${percent(at.upper[0])}), at 24 weeks ` +
       `${percent(at.surv[1])}. ${curve.n} patients, ${curve.events} relapses.`);
  document.getElementById('engine-version').textContent =
    `Survival core ${JSON.parse(module.version()).version}`;
}).catch((error) => show(`The survival engine could not be loaded: ${error}`, true));
