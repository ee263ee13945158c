// @ts-check
// A figure of the Your cohort report drawn whole in one SVG, so that the SVG and PNG exports carry
// what the page shows: title, step curves (thinned by the core), censor marks, the 95% band of a
// single curve, the seed's published points where the cohort has data, legend, test result and
// the numbers at risk. Beside it, the figure as a table: the core's values at the report's
// times, "not estimable" past the last follow-up. Every colour and size is an SVG attribute (the
// page's CSP refuses style attributes; the export needs no stylesheet).
import { scaleLinear } from 'd3-scale';
import { area, line, curveStepAfter } from 'd3-shape';
import { el, uniqueId } from '../../dom.js';
import { estimateText } from './report-format.js';
import { stepVertices } from './step-vertices.js';

const palette = [
  '#0b5563',
  '#a04a00',
  '#5a3d8a',
  '#1f1f1f',
  '#b0002a',
  '#2e6b1f',
  '#00557f',
  '#7a5c00',
  '#6b2d5c',
  '#3d5a00',
  '#4a4a4a',
  '#8a6d00',
];
const dashes = [
  '',
  '7 3',
  '2 3',
  '10 3 2 3',
  '4 2',
  '12 4',
  '1 2',
  '8 2 2 2 2 2',
  '5 5',
  '3 1',
  '15 3',
  '6 2 1 2',
];
const font = 'system-ui, sans-serif';
const seedColour = '#8a2be2';
const margin = { left: 50, right: 14 };

const svg = (tag, attributes = {}, ...children) => el(`svg:${tag}`, attributes, ...children);
/**
 * @param {number} x @param {number} y @param {string} content
 * @param {{ size?: number, weight?: number, anchor?: string, fill?: string, className?: string }} [options]
 */
const text = (x, y, content, { size = 12, weight, anchor, fill = '#1a1a1a', className } = {}) =>
  svg('text', {
    x,
    y,
    'font-size': size,
    'font-family': font,
    'font-weight': weight,
    'text-anchor': anchor,
    fill,
    class: className,
    text: content,
  });

// Lines of at most `width` pixels of text at `size` (a word longer than a line is cut).
function wrap(content, width, size) {
  const perLine = Math.max(10, Math.floor(width / (0.56 * size)));
  const lines = [];
  for (const word of String(content).split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= perLine)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word.length > perLine ? `${word.slice(0, perLine - 1)}…` : word);
  }
  return lines;
}

function axes(x, y, plot, { yLabel, xLabel, percentTicks }) {
  const group = svg('g', { class: 'fig-axes' });
  group.append(
    svg('line', {
      x1: plot.left,
      x2: plot.right,
      y1: plot.bottom,
      y2: plot.bottom,
      stroke: '#4a4a4a',
    }),
    svg('line', { x1: plot.left, x2: plot.left, y1: plot.top, y2: plot.bottom, stroke: '#4a4a4a' }),
  );
  for (const tick of x.ticks(Math.min(10, x.domain()[1]))) {
    group.append(
      svg('line', {
        x1: x(tick),
        x2: x(tick),
        y1: plot.bottom,
        y2: plot.bottom + 5,
        stroke: '#4a4a4a',
      }),
      text(x(tick), plot.bottom + 17, String(tick), { size: 11, anchor: 'middle' }),
    );
  }
  for (const tick of percentTicks) {
    group.append(
      svg('line', {
        x1: plot.left - 5,
        x2: plot.left,
        y1: y(tick),
        y2: y(tick),
        stroke: '#4a4a4a',
      }),
      svg('line', { x1: plot.left, x2: plot.right, y1: y(tick), y2: y(tick), stroke: '#e2e5e8' }),
      text(plot.left - 8, y(tick) + 4, `${Math.round(tick * 100)}%`, { size: 11, anchor: 'end' }),
    );
  }
  group.append(
    text((plot.left + plot.right) / 2, plot.bottom + 33, xLabel, { size: 12, anchor: 'middle' }),
  );
  const label = text(0, 0, yLabel, { size: 12, anchor: 'middle' });
  label.setAttribute('transform', `translate(13,${(plot.top + plot.bottom) / 2}) rotate(-90)`);
  group.append(label);
  return group;
}

// One series: its band (single curves only), its step line, its censor marks.
function seriesGroup(series, k, x, y, { band, clipId }) {
  const colour = palette[k % palette.length];
  const { time, value, lower, upper, n_censor: censored } = series.plot;
  const group = svg('g', { class: `fig-series fig-series-${k}`, 'clip-path': `url(#${clipId})` });
  // Plots come as arrays (null: undefined) or, from the worker, as Float64Arrays (NaN).
  const finite = Number.isFinite;
  const indices = [];
  for (let i = 0; i < time.length; i += 1) if (finite(value[i])) indices.push(i);
  const vertices = stepVertices(indices, band && lower && upper ? [value, lower, upper] : [value]);
  if (band && lower && upper) {
    const defined = (i) => finite(lower[i]) && finite(upper[i]);
    const shape = area()
      .curve(curveStepAfter)
      .defined(defined)
      .x((i) => x(time[i]))
      .y0((i) => y(lower[i]))
      .y1((i) => y(upper[i]));
    group.append(
      svg('path', {
        class: 'fig-band',
        d: shape(vertices),
        fill: colour,
        'fill-opacity': 0.14,
        stroke: 'none',
      }),
    );
  }
  const path = line()
    .curve(curveStepAfter)
    .x((i) => x(time[i]))
    .y((i) => y(value[i]))(vertices);
  group.append(
    svg('path', {
      class: 'fig-line',
      d: path,
      fill: 'none',
      stroke: colour,
      'stroke-width': 2.2,
      'stroke-dasharray': dashes[k % dashes.length] || undefined,
    }),
  );
  const marks = indices
    .filter((i) => censored?.[i] > 0)
    .map((i) => `M${x(time[i]).toFixed(1)},${(y(value[i]) - 4).toFixed(1)}v8`);
  if (marks.length)
    group.append(
      svg('path', {
        class: 'fig-censor',
        d: marks.join(''),
        stroke: colour,
        'stroke-width': 1.3,
        fill: 'none',
      }),
    );
  return group;
}

function legend(items, left, top, width) {
  const group = svg('g', { class: 'fig-legend' });
  let x = left;
  let y = top;
  for (const item of items) {
    const lines = wrap(item.label, width - 40, 12);
    const itemWidth = 34 + 6.8 * Math.max(...lines.map((l) => l.length));
    if (x > left && x + itemWidth > left + width) {
      x = left;
      y += 18;
    }
    if (item.diamond)
      group.append(
        svg('rect', {
          x: x + 9,
          y: y - 9,
          width: 8,
          height: 8,
          fill: seedColour,
          transform: `rotate(45 ${x + 13} ${y - 5})`,
        }),
      );
    else
      group.append(
        svg('line', {
          x1: x,
          x2: x + 26,
          y1: y - 4,
          y2: y - 4,
          stroke: item.colour,
          'stroke-width': 2.5,
          'stroke-dasharray': item.dash || undefined,
        }),
      );
    lines.forEach((l, i) => group.append(text(x + 32, y + 18 * i, l, { size: 12 })));
    y += 18 * (lines.length - 1);
    x = lines.length > 1 ? left + width : x + itemWidth + 10;
  }
  return { group, bottom: y + 6 };
}

// The numbers at risk: for each series a line with its name and a line of counts under the ticks.
function riskTable(riskTable, x, plot, top) {
  const group = svg('g', { class: 'fig-risk-table' });
  group.append(text(4, top, 'Number at risk', { size: 12, weight: 700 }));
  let y = top;
  const spacing = riskTable.times.length > 1 ? x(riskTable.times[1]) - x(riskTable.times[0]) : 100;
  const every = spacing < 26 ? Math.ceil(26 / spacing) : 1;
  riskTable.rows.forEach((row, k) => {
    if (riskTable.rows.length > 1) {
      y += 16;
      group.append(
        text(4, y, wrap(row.label, plot.right, 11)[0], {
          size: 11,
          fill: palette[k % palette.length],
          weight: 600,
        }),
      );
    }
    y += 15;
    row.counts.forEach((count, i) => {
      if (i % every === 0)
        group.append(
          text(
            x(riskTable.times[i]),
            y,
            count === null || count === undefined ? '' : String(count),
            { size: 11, anchor: 'middle' },
          ),
        );
    });
  });
  return { group, bottom: y + 8 };
}

function anchorMarks(anchors, x, y) {
  return svg(
    'g',
    { class: 'fig-published' },
    anchors.map((anchor) =>
      svg('rect', {
        x: x(anchor.time) - 4,
        y: y(anchor.estimate) - 4,
        width: 8,
        height: 8,
        fill: seedColour,
        stroke: '#fff',
        transform: `rotate(45 ${x(anchor.time)} ${y(anchor.estimate)})`,
      }),
    ),
  );
}

function drawing(spec, width) {
  const titleLines = wrap(spec.title, width - 16, 14);
  const plot = { left: margin.left, right: width - margin.right, top: 22 * titleLines.length + 12 };
  plot.bottom = plot.top + Math.round(Math.min(300, Math.max(180, width * 0.42)));
  const x = scaleLinear().domain([0, spec.axisEnd]).range([plot.left, plot.right]);
  const yMax = spec.yMax ?? 1;
  const y = scaleLinear().domain([0, yMax]).range([plot.bottom, plot.top]);
  const clipId = uniqueId('figure-clip');
  const root = svg('svg', {
    class: 'survival-figure',
    role: 'img',
    'aria-label': spec.title,
    'data-figure': spec.key,
  });
  root.append(
    svg(
      'defs',
      {},
      svg(
        'clipPath',
        { id: clipId },
        svg('rect', {
          x: plot.left,
          y: plot.top - 2,
          width: plot.right - plot.left,
          height: plot.bottom - plot.top + 4,
        }),
      ),
    ),
  );
  titleLines.forEach((l, i) =>
    root.append(text(8, 20 + 22 * i, l, { size: 14, weight: 700, className: 'fig-title' })),
  );
  const percentTicks = [0, 0.25, 0.5, 0.75, 1]
    .map((tick) => tick * yMax)
    .filter((tick) => tick <= yMax + 1e-9);
  root.append(
    axes(x, y, plot, {
      yLabel: spec.yLabel,
      xLabel: 'Years since the liver surgery',
      percentTicks,
    }),
  );
  spec.series.forEach((series, k) =>
    root.append(seriesGroup(series, k, x, y, { band: spec.series.length === 1, clipId })),
  );
  if (spec.anchors?.length) root.append(anchorMarks(spec.anchors, x, y));
  const items = spec.series.map((series, k) => ({
    label: series.legend,
    colour: palette[k % palette.length],
    dash: dashes[k % dashes.length],
  }));
  if (spec.anchors?.length) items.push({ label: spec.anchorLegend, diamond: true });
  const key = legend(items, 8, plot.bottom + 58, width - 16);
  root.append(key.group);
  let bottom = key.bottom;
  for (const note of spec.notes ?? []) {
    for (const l of wrap(note, width - 16, 12)) {
      bottom += 16;
      root.append(text(8, bottom, l, { size: 12, className: 'fig-note' }));
    }
  }
  const risk = spec.riskTable ? riskTable(spec.riskTable, x, plot, bottom + 22) : { bottom };
  if (spec.riskTable) root.append(risk.group);
  const height = Math.ceil(risk.bottom + 6);
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('width', width);
  root.setAttribute('height', height);
  return root;
}

// The figure as a table: the core's numbers at every time of the report, per series.
function figureTable(spec) {
  const head = [
    'Years',
    ...spec.series.flatMap((series) => [
      `${series.label}: ${spec.valueName} (95% CI)`,
      `${series.label}: at risk`,
    ]),
  ];
  const rows = spec.tableTimes.map((time) => [
    String(time),
    ...spec.series.flatMap((series, k) => {
      const row = series.atTimes.find((entry) => entry.time === time);
      return [
        {
          text: estimateText(row),
          key: `${spec.key}-table-${k}-${time}`,
          value: row?.estimable ? row.value : null,
        },
        { text: row?.n_risk === undefined || row?.n_risk === null ? '' : String(row.n_risk) },
      ];
    }),
  ]);
  return el(
    'details',
    { className: 'chart-table figure-table' },
    el('summary', { text: 'Show the figure as a table' }),
    el(
      'div',
      { className: 'table-scroll' },
      el(
        'table',
        { 'data-figure-table': spec.key },
        el('caption', {
          text: `${spec.title}: values at the report's times (from the survival core, every row of the data)`,
        }),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            head.map((name) => el('th', { scope: 'col', text: name })),
          ),
        ),
        el(
          'tbody',
          {},
          rows.map(([time, ...cells]) =>
            el(
              'tr',
              {},
              el('th', { scope: 'row', text: time }),
              cells.map((c) =>
                el('td', {
                  text: c.text,
                  'data-key': c.key,
                  'data-value': c.key ? String(c.value) : undefined,
                }),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

// spec: { key, title, yLabel, valueName, axisEnd, yMax?, series: [{ label, legend, plot: { time,
// value, lower?, upper?, n_censor }, atTimes: [{ time, value, lower, upper, estimable, reason,
// n_risk }] }], anchors?, anchorLegend?, notes?, riskTable?: { times, rows: [{ label, counts }] },
// tableTimes }; width: the figure's width in pixels. Returns the <figure>.
export function survivalFigure(spec, width) {
  const figureWidth = Math.round(Math.max(340, Math.min(760, width || 640)));
  return el(
    'figure',
    { className: 'chart cohort-figure', 'data-figure-key': spec.key },
    drawing(spec, figureWidth),
    figureTable(spec),
  );
}
