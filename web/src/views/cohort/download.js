// The one way the Your cohort view hands a file to the user: a Blob behind a temporary link.
// Nothing leaves the browser; the object URL is revoked once the download has started.
import { el } from '../../dom.js';

export function downloadBlob(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function download(name, type, text) {
  downloadBlob(name, new Blob([text], { type }));
}
