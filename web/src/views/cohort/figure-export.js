// @ts-check
// A chart of the Your cohort view as a standalone SVG or PNG file, made in the page.
import { el } from '../../dom.js';
import { download, downloadBlob } from './download.js';

// The page's stylesheet does not travel with the file, so the computed presentation of every
// element is written onto its copy as SVG attributes (not a style attribute: the page's CSP
// refuses inline styles).
const styleProperties = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'opacity',
  'font-weight',
  'font-size',
  'font-family',
  'text-anchor',
  'visibility',
];

function standaloneSvg(figure) {
  const original = figure.querySelector('svg');
  const copy = original.cloneNode(true);
  const sources = [original, ...original.querySelectorAll('*')];
  const targets = [copy, ...copy.querySelectorAll('*')];
  sources.forEach((source, i) => {
    const computed = getComputedStyle(source);
    for (const name of styleProperties)
      targets[i].setAttribute(name, computed.getPropertyValue(name));
  });
  copy.querySelector('.cursor')?.remove();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const [, , width, height] = copy.getAttribute('viewBox').split(' ').map(Number);
  copy.setAttribute('width', width);
  copy.setAttribute('height', height);
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [key, value] of Object.entries({ width, height, fill: '#ffffff' }))
    background.setAttribute(key, value);
  copy.insertBefore(background, copy.firstChild);
  return { text: new XMLSerializer().serializeToString(copy), width, height };
}

// PNG: the SVG drawn on a canvas at twice its size (a data: image, no network).
function downloadPng(figure, name) {
  const { text, width, height } = standaloneSvg(figure);
  const image = new Image();
  image.onload = () => {
    const canvas = el('canvas', { width: 2 * width, height: 2 * height });
    const context = canvas.getContext('2d');
    context.scale(2, 2);
    context.drawImage(image, 0, 0, width, height);
    canvas.toBlob((blob) => downloadBlob(name.replace(/\.svg$/, '.png'), blob), 'image/png');
  };
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
}

export function figureExportButtons(figure, name) {
  const svg = el('button', {
    type: 'button',
    className: 'export-svg',
    text: 'Download the figure as SVG',
    onclick: () => download(name, 'image/svg+xml', standaloneSvg(figure).text),
  });
  const png = el('button', {
    type: 'button',
    className: 'export-png',
    text: 'Download the figure as PNG',
    onclick: () => downloadPng(figure, name),
  });
  return el('p', { className: 'export-figure' }, svg, ' ', png);
}
