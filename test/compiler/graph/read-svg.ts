/**
 * SVG read back as XML, for the picture tests: the document must be valid
 * (fast-xml-parser's validator), character references are decoded
 * (Graphviz writes `-` as `&#45;`), and its text is gathered per group so
 * a test can ask which box or arrow says what.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface SvgGroup {
  id: string;
  className: string;
  /** The `<text>` contents inside the group, trimmed (in document order among siblings). */
  texts: string[];
}

export interface SvgDocument {
  width: string;
  height: string;
  /** Every `<text>` content in the document. */
  texts: string[];
  /** Every `<g>` with an `id`. */
  groups: SvgGroup[];
}

type XmlElement = Record<string, unknown>;

export function readSvg(svg: string): SvgDocument {
  const validation = XMLValidator.validate(svg);
  if (validation !== true) throw new Error(`expected valid XML, found: ${validation.err.msg} (line ${validation.err.line})`);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: false, htmlEntities: true }).parse(svg) as XmlElement;
  const root = parsed.svg as XmlElement;
  const groups: SvgGroup[] = [];
  const texts = collect(root, groups);
  return { width: String(root['@width']), height: String(root['@height']), texts, groups };
}

/** The texts under an element; groups with an id are recorded on the way. */
function collect(element: XmlElement, groups: SvgGroup[]): string[] {
  const texts: string[] = [];
  for (const [key, value] of Object.entries(element)) {
    if (key.startsWith('@') || key === '#text') continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (key === 'text') {
        texts.push(typeof child === 'string' ? child.trim() : textOf(child as XmlElement));
      } else if (typeof child === 'object' && child !== null) {
        const inner = collect(child as XmlElement, groups);
        const id = (child as XmlElement)['@id'];
        if (key === 'g' && typeof id === 'string') groups.push({ id, className: String((child as XmlElement)['@class'] ?? ''), texts: inner });
        texts.push(...inner);
      }
    }
  }
  return texts;
}

/** A `<text>` element's content, including `<tspan>`s (Vega writes multi-part labels that way). */
function textOf(element: XmlElement): string {
  const own = typeof element['#text'] === 'string' ? element['#text'] : '';
  const spans = element.tspan === undefined ? [] : Array.isArray(element.tspan) ? element.tspan : [element.tspan];
  return [own, ...spans.map((span) => (typeof span === 'string' ? span : textOf(span as XmlElement)))].join('').trim();
}
