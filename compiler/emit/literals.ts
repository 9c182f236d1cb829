/**
 * Safe TypeScript text for values from `.kf` source: strings and property
 * names go through JSON escaping (quotes, backslashes, newlines, `${`, `*\/`
 * and any Unicode stay inside the literal), numbers are written from their
 * value, and comment text cannot end its comment or its line.
 */

/** A string literal: JSON escaping is valid TypeScript and leaves nothing to interpret (`${` is inert in "..."). */
export function stringLiteral(value: string): string {
  // U+2028/2029 are legal in string literals, but many tools still take them for line ends.
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A number literal from the value (never the source text: `012` or `1_0` could mean something else in TS). */
export function numberLiteral(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * An object-literal key. `__proto__` (plain or quoted) would set the
 * object's prototype instead of a property, so it is written computed.
 */
export function propertyName(key: string): string {
  if (key === '__proto__') return `[${stringLiteral(key)}]`;
  return PLAIN_KEY.test(key) ? key : stringLiteral(key);
}

/** Text for a `//` or `/** *\/` comment: one line, no comment terminator. */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\*\//g, '*\\/');
}
