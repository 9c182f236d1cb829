/**
 * Text from a `.kf` file (model, layer and tensor names) reaches the DOT
 * source only inside HTML-like labels (`label=<...>`), escaped here. Quoted
 * DOT strings are never used for such text: Graphviz reads `\"` inside them
 * as a quote even after another backslash, so no escaping of a quoted
 * string is safe for a name that ends in a backslash.
 *
 * Graphviz still expands `\N`, `\G`, `\E`... (node, graph, edge names)
 * in HTML-like labels, and reads `\\` as one backslash: so backslashes are
 * doubled first.
 */

/** Characters XML 1.0 forbids even as references; Graphviz's HTML parser (expat) would reject the label. */
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** Half of a surrogate pair with no other half: not encodable in the UTF-8 that Graphviz reads. */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for inside an HTML-like label: markup characters as entities, backslashes doubled, line breaks as spaces, unencodable characters as U+FFFD. */
export function escapeHtmlLabelText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(LONE_SURROGATES, '\uFFFD')
    .replace(FORBIDDEN_CHARACTERS, '\uFFFD')
    .replace(/[\r\n\t]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A DOT identifier for a graph element, made only of letters, digits and `_` (never from a name in the `.kf` text). */
export function dotIdentifier(...parts: (string | number)[]): string {
  const identifier = parts.join('_');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(identifier)) throw new Error(`expected a DOT identifier of letters, digits and _, found ${JSON.stringify(identifier)}`);
  return identifier;
}
