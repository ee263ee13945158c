// @ts-check
// A survival curve with its band (named by its interval type: a model's range is never a 95% CI),
// published points as markers with CI whiskers, the time origin on the axis, a readout under the
// pointer and by keyboard, a text alternative with the key numbers and a table. SVG drawn with d3.
// The frame (axes, labels, cursor, readout, table) is built once; update() joins the new series
// and markers into it, so that an input change rewrites path data, positions and texts only.
import { scaleLinear } from 'd3-scale';
import { area, line, curveStepAfter, curveLinear } from 'd3-shape';
import { axisBottom, axisLeft } from 'd3-axis';
import { select } from 'd3-selection';
import { el, uniqueId, setText, setAttribute, syncChildren, setRows } from '../dom.js';
import { percent, intervalName, intervalText, years, tagLabel } from '../format.js';

const size = { width: 640, height: 320, top: 16, right: 20, bottom: 44, left: 56 };
const readoutHint =
  'Move the pointer over the chart, or focus it and use the arrow keys, to read values.';
/**
 * A curve to draw: predict's curve (docs/api.d.ts PredictedCurve: status "modelled") or a
 * Kaplan-Meier table of the cohort view (status "observed"), with a label. interval_type names
 * a model's band; intervalLabel names an observed curve's CI as the core made it ("95% CI,
 * log-log"; default "95% CI"). shape: the curve is an assumed shape through published points
 * (At recurrence), so its values are labelled "modelled shape", never read as data.
 * @typedef {{ label: string, time: number[], surv: (number | null)[],
 *   lower?: (number | null)[], upper?: (number | null)[], status: string, step?: boolean,
 *   interval_type?: string, intervalLabel?: string, shape?: boolean }} Series
 */
/**
 * A published point: predict's anchor (docs/api.d.ts Anchor) or the like.
 * @typedef {{ time: number | null, estimate: number, lower?: number | null,
 *   upper?: number | null, label?: string, citation?: string, source?: string,
 *   interval_type?: string, status?: string }} Marker
 */

/** @param {number | null | undefined} value @returns {value is number} */
const present = (value) => value !== null && value !== undefined;
/** @param {Series} curve */
const kind = (curve) => (curve.shape ? 'modelled shape' : tagLabel(curve.status).toLowerCase());
/** @param {Series} curve */
export const bandName = (curve) =>
  curve.intervalLabel ??
  (intervalName(curve.interval_type) || (curve.status === 'observed' ? '95% CI' : 'model range'));
/** @param {Series} curve @param {number} i */
const bandAt = (curve, i) => {
  const low = curve.lower?.[i];
  const high = curve.upper?.[i];
  return present(low) && present(high)
    ? `${bandName(curve)} ${percent(low, 1)} to ${percent(high, 1)}`
    : '';
};

export class CurveChart {
  // xMax: where the time axis ends (a model's max_time); yLabel names the outcome; xLabel the
  // time origin ("Years since the liver surgery").
  /** @param {{ xMax?: number, yLabel: string, xLabel?: string }} options */
  constructor({ xMax = 10, yLabel, xLabel = 'Years since the liver surgery' }) {
    this.xMax = xMax;
    /** @type {Series[]} */
    this.series = [];
    /** @type {number | null} */
    this.index = null;
    const x = scaleLinear()
      .domain([0, xMax])
      .range([size.left, size.width - size.right]);
    const y = scaleLinear()
      .domain([0, 1])
      .range([size.height - size.bottom, size.top]);
    this.x = x;
    this.y = y;
    const titleId = uniqueId('chart-title');
    const readoutId = uniqueId('chart-readout');

    this.svg = el('svg:svg', {
      viewBox: `0 0 ${size.width} ${size.height}`,
      className: 'curve-chart',
      role: 'img',
      tabindex: 0,
      'aria-labelledby': titleId,
      'aria-describedby': readoutId,
    });
    const svg = select(this.svg);
    this.title = svg.append('title').node();
    svg
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${y(0)})`)
      .call(axisBottom(x).ticks(Math.min(xMax, 10)));
    svg
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(${x(0)},0)`)
      .call(
        axisLeft(y)
          .ticks(5)
          .tickFormat((value) => `${Math.round(value * 100)}%`),
      );
    svg
      .append('text')
      .attr('class', 'axis-label')
      .attr('x', x(xMax / 2))
      .attr('y', size.height - 6)
      .attr('text-anchor', 'middle')
      .text(xLabel);
    svg
      .append('text')
      .attr('class', 'axis-label')
      .attr('transform', 'rotate(-90)')
      .attr('x', -y(0.5))
      .attr('y', 14)
      .attr('text-anchor', 'middle')
      .text(yLabel);
    this.lines = svg.append('g').attr('class', 'series-layer').node();
    this.markers = svg.append('g').attr('class', 'published-markers').node();
    this.cursor = svg.append('g').attr('class', 'cursor').attr('visibility', 'hidden').node();
    select(this.cursor).append('line').attr('y1', y(1)).attr('y2', y(0));

    this.caption = el('figcaption', { id: titleId });
    this.legend = el('ul', { className: 'legend' });
    this.readout = el('p', {
      id: readoutId,
      className: 'readout',
      'aria-live': 'polite',
      text: readoutHint,
    });
    const summaryId = uniqueId('chart-summary');
    this.summary = el('p', { id: summaryId, className: 'chart-summary' });
    setAttribute(this.svg, 'aria-describedby', `${summaryId} ${readoutId}`);
    this.table = new CurveTable(xLabel);
    this.node = el(
      'figure',
      { className: 'chart' },
      this.caption,
      this.svg,
      this.legend,
      this.summary,
      this.readout,
      this.table.node,
    );
    this.svg.addEventListener('pointermove', (event) => this.pointerMove(event));
    this.svg.addEventListener('keydown', (event) => this.keyDown(event));
  }

  // title names the chart; summary is its text alternative with the key numbers; markerLabel
  // names the published points ("whole cohort (published)" on a personalised curve). Returns
  // the chart.
  /**
   * @param {{ title: string, series: Series[], anchors?: Marker[], summary?: string,
   *   markerLabel?: string }} data
   */
  update({ title, series, anchors = [], summary = '', markerLabel = 'published estimate' }) {
    const { x, y, xMax } = this;
    this.series = series;
    setText(this.caption, title);
    setText(this.summary, summary);
    setText(this.title, `${title}. Use the left and right arrow keys to read values.`);

    select(this.lines)
      .selectAll('g.series')
      .data(series)
      .join((enter) =>
        enter
          .append('g')
          .call((group) => group.append('path').attr('class', 'band'))
          .call((group) => group.append('path').attr('class', 'line')),
      )
      .each(
        /** @this {any} */ function drawSeries(curve, index) {
          const points = curve.time
            .map((time, i) => i)
            .filter((i) => curve.time[i] <= xMax && curve.surv[i] !== null);
          const shape = curve.step ? curveStepAfter : curveLinear;
          const band =
            curve.lower && curve.upper
              ? area()
                  .curve(shape)
                  .x((i) => x(curve.time[i]))
                  .y0((i) => y(curve.lower[i]))
                  .y1((i) => y(curve.upper[i]))(
                  points.filter((i) => curve.lower[i] !== null && curve.upper[i] !== null),
                )
              : null;
          setAttribute(
            this,
            'class',
            `series series-${index} tag-${curve.status}${curve.shape ? ' shape' : ''}`,
          );
          setAttribute(this.firstChild, 'd', band);
          setAttribute(
            this.lastChild,
            'd',
            line()
              .curve(shape)
              .x((i) => x(curve.time[i]))
              .y((i) => y(curve.surv[i]))(points),
          );
        },
      );

    select(this.markers)
      .selectAll('g.marker')
      .data(anchors.filter((point) => point.time !== null && point.time <= xMax))
      .join((enter) =>
        enter
          .append('g')
          .attr('class', 'marker')
          .call((marker) =>
            marker.append('rect').attr('class', 'diamond').attr('width', 9).attr('height', 9),
          ),
      )
      .each(
        /** @this {any} */ function drawMarker(anchor) {
          const at = x(anchor.time);
          const ends =
            present(anchor.lower) && present(anchor.upper) ? [anchor.lower, anchor.upper] : [];
          // The whisker: a bar from the lower to the upper limit, and a cap at each end.
          const whiskers = ends.length
            ? [
                [at, at, y(ends[0]), y(ends[1])],
                ...ends.map((end) => [at - 5, at + 5, y(end), y(end)]),
              ]
            : [];
          select(this)
            .selectAll('line.whisker')
            .data(whiskers)
            .join((enter) => enter.insert('line', 'rect').attr('class', 'whisker'))
            .each(
              /** @this {any} */ function drawWhisker([x1, x2, y1, y2]) {
                setAttribute(this, 'x1', x1);
                setAttribute(this, 'x2', x2);
                setAttribute(this, 'y1', y1);
                setAttribute(this, 'y2', y2);
              },
            );
          setAttribute(
            this.lastChild,
            'transform',
            `translate(${at},${y(anchor.estimate) - 6.4}) rotate(45)`,
          );
        },
      );

    const legend = series.map((curve, s) => ({
      className: `legend-line series-${s} tag-${curve.status}${curve.shape ? ' shape' : ''}`,
      text: `${curve.label} (${kind(curve)}${curve.lower ? `; shaded: ${bandName(curve)}` : ''})`,
    }));
    const drawn = anchors.filter((point) => point.time !== null && point.time <= xMax);
    if (drawn.length) {
      const withCi = drawn.some((point) => present(point.lower) && present(point.upper));
      legend.push({
        className: 'legend-marker',
        text: `Diamond: ${markerLabel}${withCi ? '; bar: its published 95% CI' : '; no CI published'}`,
      });
    }
    select(this.legend)
      .selectAll('li')
      .data(legend)
      .join('li')
      .each(
        /** @this {any} */ function drawItem(item) {
          setAttribute(this, 'class', item.className);
          setText(this, item.text);
        },
      );

    this.dots = select(this.cursor)
      .selectAll('circle')
      .data(series)
      .join((enter) => enter.append('circle').attr('r', 4))
      .nodes();
    if (!series[0]) {
      this.index = null;
      setAttribute(this.cursor, 'visibility', 'hidden');
      setText(this.readout, readoutHint);
    } else if (this.index !== null) {
      this.show(this.index); // the readout follows the new values at the same place
    }
    this.table.update({ title, series, anchors, xMax });
    return this;
  }

  show(newIndex) {
    const { series, x, y } = this;
    const main = series[0];
    if (!main) return;
    const index = Math.max(0, Math.min(main.time.length - 1, newIndex));
    this.index = index;
    const time = main.time[index];
    if (time > this.xMax) return;
    setAttribute(this.cursor, 'visibility', 'visible');
    setAttribute(this.cursor, 'transform', `translate(${x(time)},0)`);
    const parts = series.map((curve, s) => {
      const defined = curve.surv[index] !== null;
      setAttribute(this.dots[s], 'visibility', defined ? 'visible' : 'hidden');
      setAttribute(this.dots[s], 'cx', 0);
      setAttribute(this.dots[s], 'cy', y(defined ? curve.surv[index] : 0));
      const band = bandAt(curve, index);
      return `${series.length > 1 ? `${curve.label}: ` : ''}${percent(curve.surv[index], 1)}${band ? ` (${band})` : ''}`;
    });
    setText(
      this.readout,
      `At ${years(Number(time.toFixed(2)))}: ${parts.join('; ')} (${kind(main)}).`,
    );
  }

  pointerMove(event) {
    const main = this.series[0];
    if (!main) return;
    const box = this.svg.getBoundingClientRect();
    const time = this.x.invert(((event.clientX - box.left) / box.width) * size.width);
    let nearest = 0;
    main.time.forEach((t, i) => {
      if (Math.abs(t - time) < Math.abs(main.time[nearest] - time)) nearest = i;
    });
    this.show(nearest);
  }

  keyDown(event) {
    const main = this.series[0];
    if (!main) return;
    const step = {
      ArrowRight: 1,
      ArrowUp: 1,
      ArrowLeft: -1,
      ArrowDown: -1,
      PageUp: 10,
      PageDown: -10,
    }[event.key];
    if (step !== undefined) this.show((this.index ?? 0) + step);
    else if (event.key === 'Home') this.show(0);
    else if (event.key === 'End') this.show(main.time.findLastIndex((t) => t <= this.xMax));
    else return;
    event.preventDefault();
  }
}

// A chart drawn once, for views that do not update it (the cohort report).
/**
 * @param {{ xMax?: number, yLabel: string, xLabel?: string, title: string, series: Series[],
 *   anchors?: Marker[], summary?: string }} options
 */
export function curveChart({ xMax, yLabel, xLabel, ...data }) {
  return new CurveChart({ xMax, yLabel, xLabel }).update(data).node;
}

// The table alternative: whole years from the curve grid, and the published points.
class CurveTable {
  /** @param {string} xLabel */
  constructor(xLabel) {
    this.xLabel = xLabel;
    this.caption = el('caption');
    this.head = el('tr');
    this.body = el('tbody');
    this.publishedBody = el('tbody');
    this.values = el('table', {}, this.caption, el('thead', {}, this.head), this.body);
    this.published = el(
      'table',
      {},
      el('caption', { text: 'Published points' }),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          [xLabel, 'Published point', 'Estimate', 'Interval', 'Source'].map((name) =>
            el('th', { scope: 'col', text: name }),
          ),
        ),
      ),
      this.publishedBody,
    );
    this.summary = el('summary', { text: 'Show the chart as a table' });
    this.node = el('details', { className: 'chart-table' });
    this.scroll = el('div', { className: 'table-scroll' });
  }

  update({ title, series, anchors, xMax }) {
    const main = series[0];
    setText(this.caption, `${title}: values by year`);
    const names = [this.xLabel, ...series.map((curve) => `${curve.label} (${kind(curve)})`)];
    if (names.join('\n') !== this.headNames) {
      this.headNames = names.join('\n');
      this.head.replaceChildren(...names.map((name) => el('th', { scope: 'col', text: name })));
    }
    const rows = [];
    main?.time.forEach((time, i) => {
      if (time <= xMax && Math.abs(time - Math.round(time)) < 1e-9 && main.surv[i] !== null)
        rows.push(i);
    });
    setRows(
      this.body,
      rows.map((i) => [
        String(Math.round(main.time[i])),
        ...series.map((curve) => {
          const band = bandAt(curve, i);
          return `${percent(curve.surv[i], 1)}${band ? ` (${band})` : ''}`;
        }),
      ]),
    );
    setRows(
      this.publishedBody,
      anchors.map((anchor) => [
        years(anchor.time ?? 0),
        anchor.label,
        percent(anchor.estimate, 1),
        intervalText({ ...anchor, status: 'published' }, 1),
        anchor.source ? `${anchor.source}: ${anchor.citation ?? ''}` : (anchor.citation ?? ''),
      ]),
    );
    syncChildren(this.scroll, this.values, anchors.length ? this.published : null);
    syncChildren(this.node, this.summary, this.scroll);
  }
}
