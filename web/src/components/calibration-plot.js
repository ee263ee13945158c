// Predicted (x) against observed (y) disease-free survival by risk group at 1, 3 and 5 years, with
// the Kaplan-Meier CIs of the observed values. SVG drawn with d3; every colour, stroke and font
// comes from the stylesheet (classes under .calibration-plot), so the plot follows the page.
import { scaleLinear } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { select } from 'd3-selection';
import { el } from '../dom.js';
import { percent } from '../format.js';

const size = { width: 360, height: 360, margin: 48 };
const shapes = { 1: 'circle', 3: 'square', 5: 'diamond' };
const percentTicks = (value) => `${Math.round(value * 100)}%`;

function frame(svg, x, y) {
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${y(0)})`)
    .call(axisBottom(x).ticks(5).tickFormat(percentTicks));
  svg
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(${x(0)},0)`)
    .call(axisLeft(y).ticks(5).tickFormat(percentTicks));
  svg
    .append('line')
    .attr('class', 'identity')
    .attr('x1', x(0))
    .attr('y1', y(0))
    .attr('x2', x(1))
    .attr('y2', y(1));
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', x(0.5))
    .attr('y', size.height - 8)
    .attr('text-anchor', 'middle')
    .text('Predicted by the model');
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', 'rotate(-90)')
    .attr('x', -y(0.5))
    .attr('y', 12)
    .attr('text-anchor', 'middle')
    .text('Observed (Kaplan-Meier)');
}

function mark(svg, shape, cx, cy) {
  if (shape === 'circle')
    return svg.append('circle').attr('class', 'mark').attr('r', 4.5).attr('cx', cx).attr('cy', cy);
  return svg
    .append('rect')
    .attr('class', 'mark')
    .attr('width', 8)
    .attr('height', 8)
    .attr('x', -4)
    .attr('y', -4)
    .attr('transform', `translate(${cx},${cy})${shape === 'diamond' ? ' rotate(45)' : ''}`);
}

// calibration: { groups: [{label, predicted: [p1, p3, p5], observed: [{surv, lower, upper}]}] };
// years: the times of predicted/observed, in order.
export function calibrationPlot(calibration, years) {
  const x = scaleLinear()
    .domain([0, 1])
    .range([size.margin, size.width - 16]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([size.height - size.margin, 16]);
  const node = el('svg:svg', {
    viewBox: `0 0 ${size.width} ${size.height}`,
    width: size.width,
    height: size.height,
    className: 'calibration-plot',
    role: 'img',
    'aria-label':
      'Predicted versus observed disease-free survival by risk group at 1, 3 and 5 years',
  });
  const svg = select(node);
  frame(svg, x, y);
  calibration.groups.forEach((group) =>
    years.forEach((year, k) => {
      const predicted = group.predicted[k];
      const observed = group.observed[k];
      if (predicted === null || observed.surv === null) return;
      if (observed.lower !== null && observed.upper !== null) {
        svg
          .append('line')
          .attr('class', 'interval')
          .attr('x1', x(predicted))
          .attr('x2', x(predicted))
          .attr('y1', y(observed.lower))
          .attr('y2', y(observed.upper));
      }
      mark(svg, shapes[year], x(predicted), y(observed.surv))
        .append('title')
        .text(
          `${group.label}, ${year} y: predicted ${percent(predicted, 1)}, observed ${percent(observed.surv, 1)}`,
        );
    }),
  );
  return el(
    'figure',
    { className: 'chart' },
    el('figcaption', {
      text: 'Calibration: each mark is a risk group at 1 (circle), 3 (square) or 5 (diamond) years; bars are the 95% CIs of the observed DFS; dashed: perfect calibration.',
    }),
    node,
  );
}
