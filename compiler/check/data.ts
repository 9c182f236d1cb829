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
  const channels = (part: Part) => part === 'x'
    ? model.inputs.map((id) => ({ name: model.tensors[id].name ?? 'input', tensor: id }))
    : model.outputs.map((output) => ({ name: output.name, tensor: output.tensor }));
  for (const [part, given] of [['x', shapes.x], ['y', shapes.y]] as const) {
    const wanted = channels(part);
    for (const mismatch of compareChannels(part, given, wanted, model, name)) {
      const channel = mismatch.case === 'single' ? undefined : wanted.find((c) => c.name === mismatch.channel);
      const related = channel ? [{ ...model.tensors[channel.tensor].location, message: `${part === 'x' ? 'input' : 'output'} '${channel.name}' is declared here` }] : [];
      reporter.report('dataShape', mismatch, location, related);
    }
  }
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
    const mismatch = compareShapes(part, given, wanted[0].name, model.tensors[wanted[0].tensor].shape, data);
    return mismatch ? [mismatch] : [];
  }
  return wanted.flatMap((channel): DataMismatch[] => {
    const found = given[channel.name];
    if (!found) return [{ case: 'missing', data, part, channel: channel.name, given: Object.keys(given) }];
    const mismatch = compareShapes(part, found, channel.name, model.tensors[channel.tensor].shape, data);
    return mismatch ? [mismatch] : [];
  });
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
