// @ts-check
// The CSV style the user chose in the data-preparation panel (international or European), read by
// every CSV download of the view so that the report's tables follow the same choice.
let current = 'international';

export const csvStyle = () => current;
export function setCsvStyle(style) {
  current = style;
}
