/**
 * The checker agrees with the runtime on every example: each model is built
 * from its committed TypeScript (examples/*.ts, what `keraflow compile`
 * writes) and run on random data, symbolic dimensions bound to random
 * sizes; each output's shape and dtype equal what the checker inferred.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { evaluateDim, symbolsOf } from '../../runtime/engine/dimension.ts';
import type { Model } from '../../runtime/index.ts';

const examples = join(import.meta.dirname, '../../examples');
const names = readdirSync(examples)
  .filter((name) => name.endsWith('.kf') && name !== 'errors.kf')
  .sort();

describe('the checker agrees with the runtime on the examples', () => {
  for (const name of names) {
    it(`${name}: every output's shape and dtype`, async () => {
      const result = compile(join(examples, name));
      const exports = result.modules.find((module) => module.fileName === join(examples, name))!.exports.models;
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const module = (await import(join(examples, name.replace(/\.kf$/, '.ts')))) as Record<string, unknown>;
      for (const checked of result.models) {
        const build = module[exports.find((exported) => exported.name === checked.name)!.build] as () => Model;
        const model = build();
        // Every symbolic size bound to a size of its own (fixed, so that a failure repeats), the batch to 3.
        const symbols = [...new Set(checked.tensors.flatMap((t) => (t.shape ?? []).flatMap((d) => symbolsOf(d))))];
        const bindings = Object.fromEntries(symbols.map((symbol, index) => [symbol, 5 + ((index * 3 + name.length) % 7)]));
        const concrete = (shape: readonly unknown[]) => shape.map((dim, i) => (i === 0 && dim === null ? 3 : evaluateDim(dim as never, bindings)));
        const inputs = checked.inputs.map((id) => {
          const tensor = checked.tensors[id];
          const shape = concrete(tensor.shape!) as number[];
          return tensor.dtype === 'int32' ? tf.randomUniform(shape, 0, 3, 'int32') : tf.randomUniform(shape);
        });
        const predicted = model.predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor | tf.Tensor[];
        const outputs = Array.isArray(predicted) ? predicted : [predicted];
        expect(outputs.map((t) => [t.shape, t.dtype])).toEqual(checked.outputs.map((o) => [concrete(checked.tensors[o.tensor].shape!), checked.tensors[o.tensor].dtype]));
        tf.dispose([...inputs, ...outputs]);
      }
    });
  }
});
