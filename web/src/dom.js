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
  parent.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  return parent;
}
