// @ts-check
// A tiny element builder. Text is always set with textContent: strings from model files or from
// the user are never parsed as HTML.
const svgNamespace = 'http://www.w3.org/2000/svg';

export function el(tag, attributes = {}, ...children) {
  const element = tag.startsWith('svg:')
    ? document.createElementNS(svgNamespace, tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') element.textContent = String(value);
    else if (name === 'className') element.setAttribute('class', value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  // A box that scrolls sideways (a wide table in its own box) must be reachable by keyboard, so
  // that its arrow keys scroll it (WCAG 2.1.1): every .table-scroll is a tab stop.
  if (element.classList.contains('table-scroll') && !element.hasAttribute('tabindex')) {
    element.setAttribute('tabindex', '0');
  }
  return element;
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

let idCounter = 0;
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// Element.append without the null/false children that native append would print as text.
export function append(parent, ...children) {
  parent.append(
    ...children
      .flat(Infinity)
      .filter((child) => child !== null && child !== undefined && child !== false),
  );
  return parent;
}

// In-place updates: write only what changed, so that an input change leaves the browser little
// to restyle, lay out and paint (an unchanged text or attribute is not touched).
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
  return element;
}

export function setAttribute(element, name, value) {
  if (value === null || value === undefined) element.removeAttribute(name);
  else if (element.getAttribute(name) !== String(value)) element.setAttribute(name, value);
  return element;
}

// Makes nodes (nulls skipped) the children of parent, in order, moving or removing only the
// nodes that are not already in place.
export function syncChildren(parent, ...nodes) {
  let current = parent.firstChild;
  for (const node of nodes.flat(Infinity)) {
    if (node === null || node === undefined || node === false) continue;
    if (node === current) current = current.nextSibling;
    else parent.insertBefore(node, current);
  }
  while (current) {
    const next = current.nextSibling;
    current.remove();
    current = next;
  }
  return parent;
}

// A table body kept in place: rows is [[header text, cell text, ...], ...]; rows of the same
// length keep their cells and only changed texts are written.
export function setRows(tbody, rows) {
  while (tbody.rows.length > rows.length) tbody.lastElementChild.remove();
  rows.forEach((cells, r) => {
    const row = tbody.rows[r];
    if (row && row.cells.length === cells.length) {
      cells.forEach((text, c) => setText(row.cells[c], text));
      return;
    }
    const fresh = el(
      'tr',
      {},
      cells.map((text, c) => (c === 0 ? el('th', { scope: 'row', text }) : el('td', { text }))),
    );
    if (row) row.replaceWith(fresh);
    else tbody.append(fresh);
  });
  return tbody;
}

// Nodes built from the same data are reused between two renders of a view: get(key, build)
// builds only when no node of the previous render had that key (key: a string of what the node
// shows), and done() forgets the nodes this render did not use.
export class NodeCache {
  constructor() {
    this.previous = new Map();
    this.current = new Map();
  }

  get(key, build) {
    const node = (!this.current.has(key) && this.previous.get(key)) || build();
    this.current.set(key, node);
    return node;
  }

  done() {
    this.previous = this.current;
    this.current = new Map();
  }
}
