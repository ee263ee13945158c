// @ts-check
// The share link as a QR code for the printout: the modules come from the npm qrcode library
// (bundled; its create() only), drawn here as one SVG path with the standard 4-module quiet zone,
// so that a phone's camera reopens the same result from paper.
import { create } from 'qrcode';
import { el } from '../dom.js';

const quietZone = 4;

/**
 * @param {string} text the share link
 * @param {string} label what the code holds, for a screen reader
 */
export function qrCode(text, label) {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const side = modules.size + 2 * quietZone;
  let path = '';
  for (let row = 0; row < modules.size; row += 1) {
    for (let column = 0; column < modules.size; column += 1) {
      if (modules.get(row, column)) path += `M${column + quietZone} ${row + quietZone}h1v1h-1z`;
    }
  }
  return el(
    'svg:svg',
    {
      className: 'qr-code',
      viewBox: `0 0 ${side} ${side}`,
      role: 'img',
      'aria-label': label,
      'shape-rendering': 'crispEdges',
    },
    el('svg:rect', { width: side, height: side, fill: '#fff' }),
    el('svg:path', { d: path, fill: '#000' }),
  );
}
