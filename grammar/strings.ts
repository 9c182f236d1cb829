/** String literals: decoding the usual escapes, and finding the ones that are not. */

const simpleEscapes: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

export interface DecodedString {
  value: string;
  /** Invalid escapes: index into the literal (including its quote) and the sequence as written. */
  invalidEscapes: { index: number; sequence: string }[];
}

/** Decodes a literal as written, quotes included; a missing closing quote is tolerated. */
export function decodeString(literal: string): DecodedString {
  const quote = literal[0];
  const closed = literal.length >= 2 && literal.endsWith(quote!) && !endsWithEscapedQuote(literal);
  const body = literal.slice(1, closed ? -1 : undefined);
  if (!body.includes('\\')) return { value: body, invalidEscapes: [] };
  let value = '';
  const invalidEscapes: DecodedString['invalidEscapes'] = [];
  for (let index = 0; index < body.length; index++) {
    const character = body[index]!;
    if (character !== '\\') {
      value += character;
      continue;
    }
    const next = body[index + 1];
    if (next === undefined) {
      invalidEscapes.push({ index: index + 1, sequence: '\\' });
      break;
    }
    if (next in simpleEscapes) {
      value += simpleEscapes[next];
      index++;
      continue;
    }
    const hex = readHexEscape(body, index);
    if (hex !== undefined) {
      value += String.fromCodePoint(hex.codePoint);
      index += hex.length - 1;
      continue;
    }
    const sequence = body.slice(index, index + 2);
    invalidEscapes.push({ index: index + 1, sequence });
    value += next;
    index++;
  }
  return { value, invalidEscapes };
}

/** `\xHH`, `\uHHHH` or `\u{H...}` at `index`; the length covers the backslash. */
function readHexEscape(body: string, index: number): { codePoint: number; length: number } | undefined {
  const rest = body.slice(index, index + 12);
  const match = /^\\x([0-9a-fA-F]{2})|^\\u([0-9a-fA-F]{4})|^\\u\{([0-9a-fA-F]{1,6})\}/.exec(rest);
  if (match === null) return undefined;
  const codePoint = parseInt(match[1] ?? match[2] ?? match[3]!, 16);
  if (codePoint > 0x10ffff) return undefined;
  return { codePoint, length: match[0].length };
}

/** `"abc\"` is unterminated: its last quote is escaped. */
function endsWithEscapedQuote(literal: string): boolean {
  let backslashes = 0;
  for (let index = literal.length - 2; index >= 1 && literal[index] === '\\'; index--) backslashes++;
  return backslashes % 2 === 1;
}
