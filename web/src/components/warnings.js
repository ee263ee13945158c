// Warnings shown next to what they qualify: a visible list, never a tooltip.
import { el } from '../dom.js';

export function warningList(warnings, label = 'Caveats for these numbers') {
  if (!warnings || warnings.length === 0) return null;
  return el('div', { className: 'warnings', role: 'note', 'aria-label': label },
    el('p', { className: 'warnings-title', text: label }),
    el('ul', {}, warnings.map((warning) => el('li', { 'data-code': warning.code ?? '' },
      el('strong', { text: `${warningTitle(warning.code)}: ` }),
      warning.message ?? String(warning)))));
}

const titles = {
  unknown_input: 'Input unknown', inputs_unknown: 'Inputs unknown', input_unknown: 'Input unknown',
  extrapolation: 'Extrapolation', beyond_follow_up: 'Extrapolation',
  outside_development_range: 'Outside the development range',
  confounded_comparison: 'Not a treatment effect', confounded: 'Not a treatment effect',
  approximate_baseline: 'Approximate baseline', no_curve: 'No curve',
  approximate_personalisation: 'Approximate personalisation', time_origin_assumed: 'Time origin assumed',
  extrapolation_beyond_max_time: 'Extrapolation', separate_groups: 'Separate groups',
  not_converged: 'Fit did not converge',
};

function warningTitle(code) {
  return titles[code] ?? 'Caveat';
}
