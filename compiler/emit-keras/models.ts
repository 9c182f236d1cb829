/**
 * One model as a Python function `build_<name>()` that makes the Keras 3
 * functional model and compiles it. It walks the checker's graph (every
 * layer application, blocks and layer-like sequentials already expanded into
 * the catalogue layers they make, shared layers made once), so the Python
 * has exactly the layers, wiring and shapes the checker found:
 *
 *     image = keras.Input(shape=(784,), name="image")  # residual.kf:14
 *     dense_1 = layers.Dense(units=128, ...)  # residual.kf:16
 *     h = dense_1(image)  # residual.kf:16
 *     ...
 *     model = keras.Model(inputs=image, outputs=digit, name="ResidualMlp")  # residual.kf:13
 *     model.compile(optimizer=..., loss=..., metrics=...)  # residual.kf:20
 *
 * An input with a mask value becomes Keras's Masking after it, or, for
 * integer tokens masked at 0 going into an Embedding, that Embedding's
 * `mask_zero`, as the `.keras` export does.
 */
import { basename } from 'node:path';
import type * as ast from '../../grammar/ast.ts';
import { KeraflowError } from '../../runtime/errors.ts';
import { toSnakeCase } from '../../runtime/engine/naming.ts';
import type { Shape } from '../../runtime/engine/dimension.ts';
import type { CheckedModel, CheckedNode, Location } from '../check/types.ts';
import { kerasLayerCall } from './layers.ts';
import { assignment, Identifiers, inline, pythonLiteral, pythonString, pythonTuple, snakeCase, statement } from './python.ts';
import { compileArguments, type TrainingProblem } from './training.ts';

/** Something a model uses that Keras 3 cannot express, and where. */
export interface KerasProblem {
  subject: string;
  reason: string;
  location: Location;
}

export interface EmittedModel {
  /** `build_<name>`. */
  build: string;
  /** `<NAME>_TRAIN`. */
  train: string;
  lines: string[];
}

const INDENT = '    ';

/** `file.kf:LINE` for a statement's comment. */
export function tag(location: Location): string {
  return `${basename(location.fileName)}:${location.range.start.line + 1}`.replace(/[\r\n\u2028\u2029]/g, ' ');
}

export function emitModel(model: CheckedModel, declaration: ast.Model | ast.Sequential, problems: KerasProblem[]): EmittedModel {
  const build = `build_${snakeCase(model.name)}`;
  const names = new Identifiers();
  const lines: string[] = [`def ${build}():`, `${INDENT}"""Builds and compiles ${declaration.kind === 'Model' ? 'model' : 'sequential'} ${model.name} (${docstringText(tag(model.location))})."""`];
  const tensorCode = new Map<number, string>();
  // Named tensors keep their .kf names: taken first, so layers and intermediate results give way.
  for (const tensor of model.tensors) if (tensor.name !== undefined && (tensor.input || tensor.producer !== undefined)) tensorCode.set(tensor.id, names.take(tensor.name));

  const maskZero = new Set<number>();
  for (const id of model.inputs) {
    const tensor = model.tensors[id];
    const input = tensor.input;
    const shape = tensor.shape ?? [];
    const args = [{ name: 'shape', code: pythonTuple(shape.slice(1).map(size)) }];
    if (typeof shape[0] === 'number') args.push({ name: 'batch_size', code: String(shape[0]) });
    if (tensor.dtype && tensor.dtype !== 'float32') args.push({ name: 'dtype', code: pythonString(tensor.dtype) });
    args.push({ name: 'name', code: pythonString(tensor.name ?? 'input') });
    lines.push(...statement(INDENT, tensorCode.get(id)!, 'keras.Input', args, tag(tensor.location)));
    if (input?.maskValue === null || input?.maskValue === undefined) continue;
    if (shape.length === 2) {
      // Keras's Masking masks a step whose whole vector is the mask value: single tokens need the Embedding's mask_zero.
      if (input.maskValue === 0) maskZero.add(id);
      else
        problems.push({
          subject: `input ${tensor.name}`,
          reason: `mask_value ${input.maskValue} on a sequence of single values: Keras masks those only at 0 (Embedding's mask_zero)`,
          location: tensor.location,
        });
      continue;
    }
    const masked = names.take(`${tensor.name}_masked`);
    const masking = inline({
      callee: 'layers.Masking',
      args: [
        { name: 'mask_value', code: pythonLiteral(input.maskValue) },
        { name: 'name', code: pythonString(`${tensor.name}_masking`) },
      ],
    });
    lines.push(assignment(INDENT, masked, `${masking}(${tensorCode.get(id)})`, tag(tensor.location)));
    tensorCode.set(id, masked);
  }

  const layerCode = new Map<number, string>();
  const kerasNames = new Set(model.inputs.map((id) => model.tensors[id].name ?? 'input'));
  for (const node of model.nodes) {
    const checked = model.layers[node.layer];
    const layer = checked.runtime;
    if (!layer) continue;
    const inputs = node.inputs.map((id) => tensorCode.get(id) ?? 'None');
    if (!layerCode.has(checked.id)) {
      const shapes = node.inputs.map((id) => model.tensors[id].shape ?? []) as Shape[];
      const masked = node.inputs.filter((id) => maskZero.has(id));
      try {
        // Keras needs unique layer names: a block's `layer` applied twice is named once per instance (`squash`, `squash_2`).
        let kerasName = checked.name;
        for (let n = 2; kerasNames.has(kerasName); n++) kerasName = `${checked.name}_${n}`;
        kerasNames.add(kerasName);
        const { callee, args } = kerasLayerCall(layer, shapes, { name: kerasName, ...(masked.length > 0 ? { mask_zero: true } : {}) });
        if (masked.length > 0 && callee !== 'layers.Embedding') {
          const input = model.tensors[masked[0]];
          const reason = `its mask_value masks integer tokens that go into ${checked.name} (${checked.className}); Keras masks tokens only in an Embedding (mask_zero)`;
          problems.push({ subject: `input ${input.name}`, reason, location: input.location });
        }
        const code = names.take(checked.name);
        layerCode.set(checked.id, code);
        lines.push(...statement(INDENT, code, callee, args, tag(checked.location)));
      } catch (error) {
        if (!(error instanceof KeraflowError)) throw error;
        problems.push({
          subject: `layer ${checked.name} (${checked.className})`,
          reason: error.argument ? `${toSnakeCase(error.argument)} ${error.given ?? ''}`.trim() : 'it has no Keras 3 counterpart',
          location: checked.location,
        });
        layerCode.set(checked.id, 'None');
      }
    }
    const output = model.tensors[node.output];
    // Several outputs (LSTM with return_state) are unpacked: `encoded, h, c = lstm_1(x)`.
    const targets = (node.outputs ?? [node.output]).map((id, k) => {
      const code = tensorCode.get(id) ?? names.take(`${checked.name}_out${k === 0 ? '' : `_${k}`}`);
      tensorCode.set(id, code);
      return code;
    });
    const callArguments = [...positionalArguments(checked.className, layer.takesList(), inputs), ...keywordArguments(node, tensorCode)];
    const where = tag(output.name !== undefined && output.producer === node.id ? output.location : node.location);
    lines.push(assignment(INDENT, targets.join(', '), `${layerCode.get(checked.id)}(${callArguments.join(', ')})`, where));
  }

  const several = (codes: string[]) => (codes.length === 1 ? codes[0] : `[${codes.join(', ')}]`);
  const modelArgs = [
    { name: 'inputs', code: several(model.inputs.map((id) => tensorCode.get(id)!)) },
    { name: 'outputs', code: several(model.outputs.map((output) => tensorCode.get(output.tensor) ?? 'None')) },
    { name: 'name', code: pythonString(model.name) },
  ];
  lines.push(...statement(INDENT, 'model', 'keras.Model', modelArgs, tag(model.nameLocation)));
  const statements: readonly ast.Statement[] = declaration.kind === 'Model' ? declaration.body : declaration.training;
  const trainingProblems: TrainingProblem[] = [];
  const compiled = compileArguments(statements, model, trainingProblems);
  for (const problem of trainingProblems) problems.push({ subject: problem.subject, reason: problem.reason, location: { fileName: model.location.fileName, range: problem.node.range } });
  if (compiled) {
    const first = statements.find((s) => s.kind === 'Loss' || s.kind === 'Metrics' || s.kind === 'Optimizer')!;
    lines.push(...statement(INDENT, undefined, 'model.compile', compiled, tag({ fileName: model.location.fileName, range: first.range })));
  }
  lines.push(`${INDENT}return model`);
  return { build, train: `${snakeCase(model.name).toUpperCase()}_TRAIN`, lines };
}

/** Keras 3's MultiHeadAttention takes query, value and key as arguments; every other list-taking layer one list. */
function positionalArguments(className: string, takesList: boolean, inputs: string[]): string[] {
  if (className === 'MultiHeadAttention') return inputs;
  return [takesList ? `[${inputs.join(', ')}]` : inputs[0]];
}

/** Tensors by keyword (`initial_state=[h, c]`) and call options (`return_attention_scores=True`): Keras 3 names them as Keraflow does. */
function keywordArguments(node: CheckedNode, tensorCode: ReadonlyMap<number, string>): string[] {
  const code = (id: number) => tensorCode.get(id) ?? 'None';
  const tensors = Object.entries(node.keywords ?? {}).map(([name, value]) => `${name}=${Array.isArray(value) ? `[${value.map(code).join(', ')}]` : code(value)}`);
  const options = Object.entries(node.options ?? {}).map(([name, value]) => `${name}=${pythonLiteral(value)}`);
  return [...tensors, ...options];
}

/** Text inside a docstring: backslashes and quotes escaped. */
export function docstringText(text: string): string {
  return text.replace(/[\\"]/g, (c) => `\\${c}`);
}

/** A size as Keras takes it: a symbolic one is None (any size). */
function size(dimension: Shape[number]): string {
  return typeof dimension === 'number' ? String(dimension) : 'None';
}
