// A survival curve with its confidence band, published points as markers with CI whiskers, a
// readout under the pointer and by keyboard, and a table alternative. SVG drawn with d3.
import { scaleLinear } from 'd3-scale';
import { area, line, curveStepAfter, curveLinear } from 'd3-shape';
import { axisBottom, axisLeft } from 'd3-axis';
import { select } from 'd3-selection';
import { el, uniqueId } from '../dom.js';
import { percent, interval, years, tagLabel } from '../format.js';

const size = { width: 640, height: 320, top: 16, right: 20, bottom: 44, left: 56 };

// series: [{label, time, surv, lower?, upper?, tag, step?}]; anchors: [{time, estimate, lower,
// upper, label, source}]; xMax in years; yLabel names the outcome.
export function curveChart({ title, series, anchors = [], xMax = 10, yLabel }) {
  const titleId = uniqueId('chart-title');
  const readoutId = uniqueId('chart-readout');
  const x = scaleLinear().domain([0, xMax]).range([size.left, size.width - size.right]);
  const y = scaleLinear().domain([0, 1]).range([size.height - size.bottom, size.top]);

  const svgNode = el('svg:svg', {
    viewBox: `0 0 ${size.width} ${size.height}`, className: 'curve-chart', role: 'img',
    tabindex: 0, 'aria-labelledby': titleId, 'aria-describedby': readoutId,
  });
  const svg = select(svgNode);
  svg.append('title').text(`${title}. Use the left and right arrow keys to read values.`);
  svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${y(0)})`)
    .call(axisBottom(x).ticks(Math.min(xMax, 10)));
  svg.append('g').attr('class', 'axis').attr('transform', `translate(${x(0)},0)`)
    .call(axisLeft(y).ticks(5).tickFormat((value) => `${Math.round(value * 100)}%`));
  svg.append('text').attr('class', 'axis-label').attr('x', x(xMax / 2)).attr('y', size.height - 6)
    .attr('text-anchor', 'middle').text('Years');
  svg.append('text').attr('class', 'axis-label').attr('transform', 'rotate(-90)')
    .attr('x', -y(0.5)).attr('y', 14).attr('text-anchor', 'middle').text(yLabel);

  series.forEach((curve, index) => {
    const points = curve.time.map((time, i) => i)
      .filter((i) => curve.time[i] <= xMax && curve.surv[i] !== null);
    const shape = curve.step ? curveStepAfter : curveLinear;
    const group = svg.append('g').attr('class', `series series-${index} tag-${curve.tag}`);
    if (curve.lower && curve.upper) {
      group.append('path').attr('class', 'band').datum(points.filter(
        (i) => curve.lower[i] !== null && curve.upper[i] !== null))
        .attr('d', area().curve(shape).x((i) => x(curve.time[i]))
          .y0((i) => y(curve.lower[i])).y1((i) => y(curve.upper[i])));
    }
    group.append('path').attr('class', 'line').datum(points)
      .attr('d', line().curve(shape).x((i) => x(curve.time[i])).y((i) => y(curve.surv[i])));
  });

  const markers = svg.append('g').attr('class', 'published-markers');
  for (const anchor of anchors.filter((point) => point.time <= xMax)) {
    const marker = markers.append('g').attr('class', 'marker');
    if (anchor.lower !== null && anchor.lower !== undefined && anchor.upper !== null &&
      anchor.upper !== undefined) {
      marker.append('line').attr('class', 'whisker').attr('x1', x(anchor.time))
        .attr('x2', x(anchor.time)).attr('y1', y(anchor.lower)).attr('y2', y(anchor.upper));
      for (const end of [anchor.lower, anchor.upper]) {
        marker.append('line').attr('class', 'whisker').attr('x1', x(anchor.time) - 5)
          .attr('x2', x(anchor.time) + 5).attr('y1', y(end)).attr('y2', y(end));
      }
    }
    marker.append('rect').attr('class', 'diamond').attr('width', 9).attr('height', 9)
      .attr('transform', `translate(${x(anchor.time)},${y(anchor.estimate) - 6.4}) rotate(45)`);
  }

  const cursor = svg.append('g').attr('class', 'cursor').attr('visibility', 'hidden');
  cursor.append('line').attr('y1', y(1)).attr('y2', y(0));
  const dots = series.map(() => cursor.append('circle').attr('r', 4));

  const readout = el('p', { id: readoutId, className: 'readout', 'aria-live': 'polite',
    text: 'Move the pointer over the chart, or focus it and use the arrow keys, to read values.' });
  const main = series[0];
  let index = null;
  function show(newIndex) {
    if (!main) return;
    index = Math.max(0, Math.min(main.time.length - 1, newIndex));
    const time = main.time[index];
    if (time > xMax) return;
    cursor.attr('visibility', 'visible').attr('transform', `translate(${x(time)},0)`);
    const parts = series.map((curve, s) => {
      const defined = curve.surv[index] !== null;
      dots[s].attr('visibility', defined ? 'visible' : 'hidden').attr('cx', 0)
        .attr('cy', y(defined ? curve.surv[index] : 0));
      const ci = curve.lower ? ` (${interval(curve.lower[index], curve.upper[index], 1)})` : '';
      return `${series.length > 1 ? `${curve.label}: ` : ''}${percent(curve.surv[index], 1)}${ci}`;
    });
    readout.textContent = `At ${years(Number(time.toFixed(2)))}: ${parts.join('; ')} ` +
      `(${tagLabel(main.tag).toLowerCase()}).`;
  }
  svgNode.addEventListener('pointermove', (event) => {
    if (!main) return;
    const box = svgNode.getBoundingClientRect();
    const time = x.invert(((event.clientX - box.left) / box.width) * size.width);
    let nearest = 0;
    main.time.forEach((t, i) => {
      if (Math.abs(t - time) < Math.abs(main.time[nearest] - time)) nearest = i;
    });
    show(nearest);
  });
  svgNode.addEventListener('keydown', (event) => {
    if (!main) return;
    const step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10,
      PageDown: -10 }[event.key];
    if (step !== undefined) show((index ?? 0) + step);
    else if (event.key === 'Home') show(0);
    else if (event.key === 'End') show(main.time.findLastIndex((t) => t <= xMax));
    else return;
    event.preventDefault();
  });

  const legend = el('ul', { className: 'legend' },
    series.map((curve, s) => el('li', { className: `legend-line series-${s} tag-${curve.tag}` },
      `${curve.label} (${tagLabel(curve.tag).toLowerCase()}${curve.lower ? ', shaded: 95% band' : ''})`)),
    anchors.length ? el('li', { className: 'legend-marker' },
      'Diamond: published estimate, bar: its 95% CI') : null);

  return el('figure', { className: 'chart' },
    el('figcaption', { id: titleId, text: title }), svgNode, legend, readout,
    curveTable({ title, series, anchors, xMax }));
}

// The table alternative: whole years from the curve grid, and the published points.
function curveTable({ title, series, anchors, xMax }) {
  const main = series[0];
  const rows = [];
  if (main) {
    main.time.forEach((time, i) => {
      if (time <= xMax && Math.abs(time - Math.round(time)) < 1e-9 && main.surv[i] !== null) rows.push(i);
    });
  }
  const table = el('table', {},
    el('caption', { text: `${title}: values by year` }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Year' }),
      series.map((curve) => el('th', { scope: 'col', text: `${curve.label} (${tagLabel(curve.tag).toLowerCase()})` })))),
    el('tbody', {}, rows.map((i) => el('tr', {},
      el('th', { scope: 'row', text: String(Math.round(main.time[i])) }),
      series.map((curve) => el('td', {
        text: `${percent(curve.surv[i], 1)}${curve.lower ? ` (${interval(curve.lower[i], curve.upper[i], 1)})` : ''}`,
      }))))));
  const published = anchors.length ? el('table', {},
    el('caption', { text: 'Published points' }),
    el('thead', {}, el('tr', {}, ['Time', 'Published estimate', '95% CI', 'Source']
      .map((name) => el('th', { scope: 'col', text: name })))),
    el('tbody', {}, anchors.map((anchor) => el('tr', {},
      el('th', { scope: 'row', text: years(anchor.time) }),
      el('td', { text: percent(anchor.estimate, 1) }),
      el('td', { text: interval(anchor.lower, anchor.upper, 1) }),
      el('td', { text: anchor.source ?? '' }))))) : null;
  return el('details', { className: 'chart-table' },
    el('summary', { text: 'Show the chart as a table' }), table, published);
}
