/**
 * Hover: over a tensor, its shape and dtype and where it is defined; over a
 * layer call, its output shape, parameter count, one-line doc and
 * arguments; over an alias (`relu`, `mse`), what it means; over an argument
 * name, what it takes.
 */
import { basename } from 'node:path';
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { formatShape } from '../../runtime/engine/dimension.ts';
import type { CheckedLayer, CheckedModel, Location, SymbolInfo } from '../check/types.ts';
import type { ast } from '../index.ts';
import type { Analysis } from './analysis.ts';
import { dialectOfFile } from '../check/dialect.ts';
import { aliasNamed, constructorCatalogue, constructorDoc, type ConstructorInfo } from './catalogue.ts';
import { lspRange } from './diagnostics.ts';
import { innermostAt, nodesAt } from './positions.ts';
import { symbolAt } from './symbols.ts';
import { formatCount, formatTensorType, modelsOf, outputsOfLayer } from './tensors.ts';

export function hover(analysis: Analysis, offset: number): Hover | null {
  const path = nodesAt(analysis.tree, offset);
  // Layer names and their arguments as the file's dialect has them (`use keras`: Keras 3's).
  const catalogue = constructorCatalogue(dialectOfFile(analysis.tree));
  const innermost = path.at(-1)!;
  const parent = path.at(-2);

  const layerHit = layerAt(analysis, offset);
  const hit = analysis.result && symbolAt(analysis.result, analysis.fileName, offset);
  if (hit) {
    // A block or sequential written as a constructor: what this instance makes matters more than what the name is.
    const instance = (hit.symbol.kind === 'block' || hit.symbol.kind === 'sequential') && hit.occurrence !== hit.symbol.definition && layerHit;
    if (instance) return answer(`${layerHover(instance.model, instance.layer, catalogue)}\n\nDefined at ${describePlace(hit.symbol.definition, analysis.fileName)}.`, hit.occurrence.range);
    return answer(symbolHover(analysis, hit.symbol), hit.occurrence.range);
  }

  // An argument keyword: `activation` in `Dense(8, activation=relu)`.
  if (innermost.kind === 'Identifier' && parent?.kind === 'Argument' && parent.name === innermost) {
    const call = path.at(-3);
    const callee = call?.kind === 'Call' ? calleeName(call.callee) : undefined;
    const argument = callee ? catalogue.get(callee)?.arguments.find((item) => item.name === innermost.name) : undefined;
    if (argument) {
      const value = `\`${argument.name}\`: ${argument.type}${argument.required ? ', required' : `, default \`${argument.default}\``}\n\n${argument.doc}`;
      return answer(value, innermost.range);
    }
  }

  // An alias: `relu`, `mse`, `sgd`, `maxnorm`.
  if ((innermost.kind === 'Name' || innermost.kind === 'Identifier') && !catalogue.has(innermost.name)) {
    const aliases = aliasNamed(innermost.name);
    if (aliases.length > 0) {
      const lines = aliases.map((alias) => `${alias.kind} \`${alias.name}\`${alias.canonical !== alias.name ? ` (alias of \`${alias.canonical}\`)` : ''}: ${alias.doc}`);
      return answer(lines.join('\n\n'), innermost.range);
    }
  }

  // A layer call or chain stage: its layer and what it makes.
  if (layerHit) return answer(layerHover(layerHit.model, layerHit.layer, catalogue), layerHit.location.range);

  // Without the checker's verdict: the constructor's doc at least.
  if (innermost.kind === 'Name' && catalogue.has(innermost.name)) {
    const constructor = catalogue.get(innermost.name)!;
    return answer(`**${constructor.name}** (${constructor.kind})\n\n${constructorDoc(constructor)}`, innermost.range);
  }
  return null;
}

/** The innermost layer application or constructor call at the offset. */
function layerAt(analysis: Analysis, offset: number): { model: CheckedModel; layer: CheckedLayer; location: Location } | undefined {
  const models = modelsOf(analysis);
  const application = innermostAt(
    models.flatMap((model) => model.nodes.map((node) => ({ model, node }))),
    (item) => item.node.location,
    analysis.fileName,
    offset,
  );
  const declared = innermostAt(
    models.flatMap((model) => model.layers.map((layer) => ({ model, layer }))),
    (item) => item.layer.location,
    analysis.fileName,
    offset,
  );
  return pickInnermost(
    application && { model: application.model, layer: application.model.layers[application.node.layer]!, location: application.node.location },
    declared && { ...declared, location: declared.layer.location },
  );
}

function answer(markdown: string, range: ast.Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: lspRange(range) };
}

function calleeName(callee: ast.Expression): string | undefined {
  if (callee.kind === 'Name') return callee.name;
  if (callee.kind === 'QualifiedName') return callee.member.name;
  return undefined;
}

function pickInnermost<T extends { location: Location }>(...items: (T | undefined)[]): T | undefined {
  const present = items.filter((item): item is T => item !== undefined);
  present.sort((first, second) => length(first.location) - length(second.location));
  return present[0];
}

function length(location: Location): number {
  return location.range.end.offset - location.range.start.offset;
}

/** "line 12", or "blocks.kf, line 3" for another file. */
export function describePlace(location: Location, here: string): string {
  const line = `line ${location.range.start.line + 1}`;
  return location.fileName === here ? line : `${basename(location.fileName)}, ${line}`;
}

function modelOf(analysis: Analysis, symbol: SymbolInfo): CheckedModel | undefined {
  return analysis.result?.models.find((model) => model.name === symbol.container && model.location.fileName === symbol.definition.fileName);
}

function symbolHover(analysis: Analysis, symbol: SymbolInfo): string {
  const defined = `Defined at ${describePlace(symbol.definition, analysis.fileName)}.`;
  const model = modelOf(analysis, symbol);
  if (symbol.tensor !== undefined && model) {
    const tensor = model.tensors[symbol.tensor];
    if (tensor) return `\`\`\`\n${symbol.kind} ${symbol.name}: ${formatTensorType(tensor)}\n\`\`\`\n${defined}`;
  }
  if (symbol.kind === 'layer' && model) {
    const layer = model.layers.find((item) => item.name === symbol.name && item.parent === undefined);
    if (layer) return `${layerHover(model, layer, constructorCatalogue(dialectOfFile(analysis.tree)))}\n\n${defined}`;
  }
  if (symbol.kind === 'model' || symbol.kind === 'sequential') {
    const checked = analysis.result?.models.find((item) => item.name === symbol.name && item.location.fileName === symbol.definition.fileName);
    if (checked) return `\`\`\`\n${symbol.kind} ${symbol.name}\n\`\`\`\n${modelSummary(checked)}\n\n${defined}`;
  }
  if (symbol.kind === 'constant' && symbol.definition.fileName === analysis.fileName) {
    const declaration = analysis.tree.declarations.find((item) => item.kind === 'Let' && item.name.name === symbol.name);
    if (declaration) return `\`\`\`\n${analysis.text.slice(declaration.range.start.offset, declaration.range.end.offset).split('\n')[0]}\n\`\`\`\n${defined}`;
  }
  const container = symbol.container ? ` in ${symbol.container}` : '';
  return `\`\`\`\n${symbol.kind} ${symbol.name}\n\`\`\`\n${symbol.kind === 'dimension' ? 'A symbolic dimension' : capitalize(article(symbol.kind))}${container}. ${defined}`;
}

/** "1,234 parameters · outputs: y [batch, 10] float32". */
export function modelSummary(model: CheckedModel): string {
  const count = model.paramCount === undefined ? 'parameter count unknown' : `${formatCount(model.paramCount)} parameters`;
  const outputs = model.outputs.map((output) => {
    const tensor = model.tensors[output.tensor];
    return `${output.name} ${tensor ? formatTensorType(tensor) : 'unknown shape'}`;
  });
  return `${count} · ${outputs.length === 1 ? 'output' : 'outputs'}: ${outputs.join(', ') || 'none'}`;
}

function layerHover(model: CheckedModel, layer: CheckedLayer, catalogue: ReadonlyMap<string, ConstructorInfo>): string {
  // A layer with several outputs (LSTM with return_state) shows them all, per application.
  const several = layer.uses.map((node) => model.nodes[node]?.outputs).filter((ids) => ids !== undefined);
  const outputs = several.length > 0 ? several.map((ids) => ids.map((id) => formatTensorType(model.tensors[id]!)).join(', ')) : outputsOfLayer(model, layer).map(formatTensorType);
  const shapes = [...new Set(outputs)];
  const arrow = shapes.length ? ` → \`${shapes.join('`, `')}\`` : '';
  const count = layer.paramCount === undefined ? 'parameter count unknown' : `${formatCount(layer.paramCount)} parameters`;
  const params = layer.params.map((param) => `${param.name} ${formatShape(param.shape, { batch: false })}`).join(', ');
  const shared = layer.uses.length > 1 ? ` · shared by ${layer.uses.length} applications` : '';
  const constructor = catalogue.get(layer.className);
  const header = `**${layer.className}** \`${layer.name}\`${arrow}\n\n${count}${params ? ` (${params})` : ''}${shared}`;
  return constructor ? `${header}\n\n${constructorDoc(constructor)}` : `${header}\n\n${layer.doc}`;
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
