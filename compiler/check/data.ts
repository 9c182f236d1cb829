/**
 * Data checked before training: the data a model names (`train { data = ... }`,
 * or `keraflow check --data`) is read for its shapes only (a built-in data
 * set's are known; a JSON file is parsed up to a size), and each channel is
 * compared with the input or output it feeds, as the runtime will compare
 * them when training starts. A mismatch is reported at `data = ...` (or at
 * the model's name, for data given on the command line), with the input or
 * output it disagrees with as a related location, in the words of the fix.
 */
import { dirname, resolve } from 'node:path';
import type * as ast from '../../grammar/ast.ts';
import { formatShape, type Dim } from '../../runtime/engine/dimension.ts';
import { dataShapes, isBuiltInDataset, type ChannelShape, type ChannelShapes } from '../../runtime/datasets/shapes.ts';
import type { DataMismatch } from '../diagnostics.ts';
import type { Reporter } from './report.ts';
import type { CheckedModel, Location } from './types.ts';

export interface DataOptions {
  /** Data for every model instead of its `train { data }` (`check --data`): a built-in name or a path from `baseDirectory`. */
  override?: string;
  /** Where an `override` path is relative to (default: the working directory); a `.kf` file's own data is relative to the file. */
  baseDirectory?: string;
  /** JSON files larger than this are not read for their shapes. */
  maxBytes?: number;
}

type Part = 'x' | 'y';

export function checkTrainingData(model: CheckedModel, declaration: ast.Model | ast.Sequential, reporter: Reporter, options: DataOptions): void {
  const written = dataSetting(declaration);
  const name = options.override ?? (typeof model.train.data === 'string' ? model.train.data : undefined);
  if (name === undefined || (options.override === undefined && !written)) return;
  const location: Location = options.override === undefined ? { fileName: model.location.fileName, range: written!.range } : model.nameLocation;
  const base = options.override === undefined ? dirname(model.location.fileName) : (options.baseDirectory ?? process.cwd());
  const shapes = dataShapes(isBuiltInDataset(name) ? name : resolve(base, name), { maxBytes: options.maxBytes });
  if (shapes === undefined) return;
  if ('problem' in shapes) {
    reporter.report('unreadableData', { data: name, problem: shapes.problem }, location);
    return;
  }
  if (shapes.y === undefined) {
    reporter.report('unreadableData', { data: name, problem: 'it has no "y" (the targets to train on)' }, location);
    return;
  }
  const channels = (part: Part) =>
    part === 'x' ? model.inputs.map((id) => ({ name: model.tensors[id].name ?? 'input', tensor: id })) : model.outputs.map((output) => ({ name: output.name, tensor: output.tensor }));
  // Flatten() is certain only when the inputs fit: a wrong input (a sample axis in its shape) is the cause otherwise.
  let inputsFit = true;
  for (const [part, given] of [
    ['x', shapes.x],
    ['y', shapes.y],
  ] as const) {
    const wanted = channels(part);
    for (const mismatch of compareChannels(part, given, wanted, model, name)) {
      if (part === 'x') inputsFit = false;
      const channel = mismatch.case === 'single' ? undefined : wanted.find((c) => c.name === mismatch.channel);
      const related = channel ? [{ ...model.tensors[channel.tensor].location, message: `${part === 'x' ? 'input' : 'output'} '${channel.name}' is declared here` }] : [];
      const flatten = channel && inputsFit && mismatch.case === 'shape' ? flattenBeforeDense(model, channel.tensor, mismatch.given, declaration.kind) : undefined;
      if (flatten) related.push(flatten.note);
      reporter.report('dataShape', flatten && mismatch.case === 'shape' ? { ...mismatch, quickFix: flatten.quickFix } : mismatch, location, related);
    }
  }
}

/**
 * Targets of one axis (`[10]`) for an output a `Dense` made from a tensor
 * of rank 3 or more (`[batch, 26, 26, 10]`: the Dense was meant for the
 * flattened features): a note at the Dense, and `Flatten()` before it as
 * a quick fix when the Dense is written where it is applied (a chain stage
 * or a sequential's item) and flattening certainly gives the targets' shape.
 */
function flattenBeforeDense(model: CheckedModel, tensorId: number, given: string, kind: 'Model' | 'Sequential') {
  const tensor = model.tensors[tensorId];
  const node = tensor.producer === undefined ? undefined : model.nodes[tensor.producer];
  const dense = node && model.layers[node.layer];
  if (!node || !dense || dense.className !== 'Dense' || node.inputs.length !== 1 || !tensor.shape) return undefined;
  const source = model.tensors[node.inputs[0]].shape;
  const units = tensor.shape.at(-1);
  if (!source || source.length < 3 || !source.slice(1).every((size) => typeof size === 'number') || given !== `[${units}]`) return undefined;
  const written = dense.location;
  const sameCall = written.fileName === node.location.fileName && written.range.start.offset === node.location.range.start.offset && written.range.end.offset === node.location.range.end.offset;
  if (!sameCall) return undefined;
  const note = { ...written, message: `${dense.name} (Dense) makes the ${formatShape(tensor.shape)} tensor here, from a ${formatShape(source)} one` };
  const at = { line: written.range.start.line, character: written.range.start.character };
  // A chain stage: `h -> Dense(10)` -> `h -> Flatten() -> Dense(10)`; a sequential's item: Flatten() on a line of its own.
  const newText = kind === 'Model' ? 'Flatten() -> ' : `Flatten()\n${' '.repeat(at.character)}`;
  return { note, quickFix: { title: `Add Flatten() before ${dense.name}`, range: { start: at, end: at }, newText } };
}

/** The `data = ...` setting of a model's `train { }`. */
function dataSetting(declaration: ast.Model | ast.Sequential): ast.Expression | undefined {
  const statements: readonly ast.Statement[] = declaration.kind === 'Model' ? declaration.body : declaration.training;
  for (const statement of statements) {
    if (statement.kind !== 'Train') continue;
    const setting = statement.settings.find((s) => s.name.name === 'data');
    if (setting) return setting.value;
  }
  return undefined;
}

function compareChannels(part: Part, given: ChannelShapes, wanted: { name: string; tensor: number }[], model: CheckedModel, data: string): DataMismatch[] {
  if (isChannel(given)) {
    if (wanted.length !== 1) return [{ case: 'single', data, part, channels: wanted.map((c) => c.name) }];
    const mismatch = compareShapes(part, given, wanted[0].name, expectedShape(part, wanted[0], model), data);
    return mismatch ? [mismatch] : [];
  }
  return wanted.flatMap((channel): DataMismatch[] => {
    const found = given[channel.name];
    if (!found) return [{ case: 'missing', data, part, channel: channel.name, given: Object.keys(given) }];
    const mismatch = compareShapes(part, found, channel.name, expectedShape(part, channel, model), data);
    return mismatch ? [mismatch] : [];
  });
}

/** An input's shape; an output's, or the targets its loss takes instead (one class index for sparse_categorical_crossentropy). */
function expectedShape(part: Part, channel: { name: string; tensor: number }, model: CheckedModel): readonly Dim[] | undefined {
  return (part === 'y' ? model.targetShapes?.[channel.name] : undefined) ?? model.tensors[channel.tensor].shape;
}

function isChannel(shapes: ChannelShapes): shapes is ChannelShape {
  return Array.isArray((shapes as ChannelShape).shape);
}

/** As the runtime takes data: the same rank and sizes (a symbolic size takes any), one value per sample for a `[batch, 1]` channel. */
function compareShapes(part: Part, given: ChannelShape, channel: string, tensorShape: readonly Dim[] | undefined, data: string): DataMismatch | undefined {
  if (!tensorShape) return undefined;
  const expected = tensorShape.slice(1);
  const sample = expected.length === 1 && given.shape.length === 0 ? [1] : given.shape;
  const matches = (shape: readonly number[], dims: readonly Dim[]) => shape.length === dims.length && dims.every((dim, i) => typeof dim !== 'number' || dim === shape[i]);
  if (matches(sample, expected)) return undefined;
  const mismatch: DataMismatch = { case: 'shape', data, part, channel, given: `[${given.shape.join(', ')}]`, expected: formatShape(expected as Dim[], { batch: false }) };
  const last = expected.at(-1);
  const count = (dims: readonly Dim[]) => dims.reduce<number>((n, d) => n * (typeof d === 'number' ? d : Number.NaN), 1);
  if (part === 'y' && given.integers && sample.length === 1 && sample[0] === 1 && expected.length === 1 && typeof last === 'number' && last > 1) {
    return { ...mismatch, fix: 'oneHot' };
  }
  if (last === 1 && matches(given.shape, expected.slice(0, -1))) return { ...mismatch, fix: 'addChannelAxis' };
  if (part === 'x' && matches(given.shape, expected.slice(1))) return { ...mismatch, fix: 'sampleAxisInInput', declared: formatShape(expected.slice(1) as Dim[], { batch: false }) };
  if (count(expected) === count(given.shape)) return { ...mismatch, fix: 'reshape' };
  return mismatch;
}
