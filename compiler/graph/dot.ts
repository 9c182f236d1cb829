/**
 * A checked model as Graphviz DOT source: each input, layer and output a
 * box (class, name, parameter count), each tensor an arrow labelled by its
 * shape, block and nested-sequential instances as clusters (or one box each
 * with `collapse`), and what the checker found wrong in red with its codes.
 */
import type { CheckedModel } from '../check/types.ts';
import { escapeHtmlLabelText } from './escape.ts';
import { modelPicture, type Picture, type PictureArrow, type PictureBox, type PictureCluster, type PictureOptions } from './picture.ts';

export type DotOptions = PictureOptions;

const ERROR_COLOR = '#c62828';
/**
 * Graphviz has text widths for DejaVu Sans built in, and resvg finds it on
 * most Linux systems, so boxes fit their text in SVG and PNG alike
 * (render.ts adds fallbacks to the SVG for browsers without it).
 */
export const GRAPH_FONT = 'DejaVu Sans';

type Attributes = Record<string, string>;

const BOX_STYLE: Record<PictureBox['kind'], Attributes> = {
  input: { shape: 'box', style: '"rounded,filled"', fillcolor: '"#e3f2e5"', color: '"#2e7d32"' },
  output: { shape: 'box', style: '"rounded,filled"', fillcolor: '"#fdf0dc"', color: '"#b26a00"' },
  layer: { shape: 'box', style: '"rounded,filled"', fillcolor: '"#e8eef8"', color: '"#35598f"' },
  instance: { shape: 'box3d', style: 'filled', fillcolor: '"#ece6f5"', color: '"#5e4691"' },
  unknown: { shape: 'box', style: 'dashed', color: '"#888888"', fontcolor: '"#666666"' },
};
const ERROR_BOX_STYLE: Attributes = { color: `"${ERROR_COLOR}"`, fillcolor: '"#fdecea"', penwidth: '2' };

export function modelToDot(model: CheckedModel, options: DotOptions = {}): string {
  return pictureToDot(modelPicture(model, options));
}

export function pictureToDot(picture: Picture): string {
  const lines = [
    'digraph model {',
    `  graph [rankdir=TB, fontname="${GRAPH_FONT}", fontsize=13, labelloc=t, nodesep=0.35, ranksep=0.45, label=<<B>${escapeHtmlLabelText(picture.name)}</B>>];`,
    `  node [fontname="${GRAPH_FONT}", fontsize=11, margin="0.15,0.06"];`,
    `  edge [fontname="${GRAPH_FONT}", fontsize=9, color="#555555", arrowsize=0.7];`,
  ];
  const boxesIn = new Map<number | undefined, PictureBox[]>();
  for (const box of picture.boxes) boxesIn.set(box.cluster, [...(boxesIn.get(box.cluster) ?? []), box]);
  const clustersIn = new Map<number | undefined, PictureCluster[]>();
  for (const cluster of picture.clusters) clustersIn.set(cluster.parent, [...(clustersIn.get(cluster.parent) ?? []), cluster]);

  const writeContents = (cluster: number | undefined, indent: string) => {
    for (const box of boxesIn.get(cluster) ?? []) lines.push(`${indent}${boxStatement(box)}`);
    for (const inner of clustersIn.get(cluster) ?? []) {
      lines.push(`${indent}subgraph ${inner.id} {`);
      lines.push(`${indent}  id="${inner.id}"; style="rounded,dashed"; color="#7e6aa8"; fontsize=11; labeljust=l;`);
      lines.push(`${indent}  label=<${headingLabel(inner.title, inner.name, inner.paramCount)}>;`);
      writeContents(inner.layer, `${indent}  `);
      lines.push(`${indent}}`);
    }
  };
  writeContents(undefined, '  ');
  for (const arrow of picture.arrows) lines.push(`  ${arrowStatement(arrow)}`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function boxStatement(box: PictureBox): string {
  const lines =
    box.kind === 'input' || box.kind === 'output' || box.kind === 'unknown'
      ? [`<B>${escapeHtmlLabelText(box.title)}</B>`, escapeHtmlLabelText(box.name)]
      : [`<B>${escapeHtmlLabelText(box.title)}</B>`, escapeHtmlLabelText(box.name), `<FONT POINT-SIZE="9">${formatParamCount(box.paramCount)}</FONT>`];
  let attributes: Attributes = { id: `"${box.id}"`, ...BOX_STYLE[box.kind] };
  if (box.errors.length > 0) {
    lines.push(`<FONT COLOR="${ERROR_COLOR}">${box.errors.map(escapeHtmlLabelText).join(' ')}</FONT>`);
    attributes = { ...attributes, ...ERROR_BOX_STYLE };
  }
  return `${box.id} [${formatAttributes(attributes)}, label=<${lines.join('<BR/>')}>];`;
}

function arrowStatement(arrow: PictureArrow): string {
  const lines = [escapeHtmlLabelText(arrow.shape)];
  if (arrow.tailUse !== undefined && arrow.headUse !== undefined) lines.push(`use ${arrow.tailUse} → use ${arrow.headUse}`);
  else if (arrow.tailUse !== undefined || arrow.headUse !== undefined) lines.push(`use ${arrow.tailUse ?? arrow.headUse}`);
  let attributes: Attributes = { id: `"${arrow.id}"` };
  if (arrow.errors.length > 0) {
    lines.push(`<FONT COLOR="${ERROR_COLOR}">${arrow.errors.map(escapeHtmlLabelText).join(' ')}</FONT>`);
    attributes = { ...attributes, color: `"${ERROR_COLOR}"`, fontcolor: `"${ERROR_COLOR}"`, penwidth: '2' };
  } else if (!arrow.known) {
    attributes = { ...attributes, style: 'dashed', color: '"#888888"', fontcolor: '"#666666"' };
  }
  return `${arrow.tail} -> ${arrow.head} [${formatAttributes(attributes)}, label=<${lines.join('<BR/>')}>];`;
}

/** Values are written already quoted where DOT needs it; none holds text from the `.kf` file. */
function formatAttributes(attributes: Attributes): string {
  return Object.entries(attributes)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

function headingLabel(title: string, name: string, paramCount: number | undefined): string {
  return `<B>${escapeHtmlLabelText(title)}</B> ${escapeHtmlLabelText(name)} <FONT POINT-SIZE="9">(${formatParamCount(paramCount)})</FONT>`;
}

/** `1,234 params`; `? params` when a size is symbolic or the layer failed. */
export function formatParamCount(count: number | undefined): string {
  if (count === undefined) return '? params';
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'param' : 'params'}`;
}
