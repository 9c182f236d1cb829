/** What test/keras/build_models.py reports of each model it builds in Keras, and how close Keraflow's predictions come: shared by the import tests. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { Model } from '../../runtime/node.ts';

export interface Built {
  name: string;
  archive: string;
  config: string;
  params: number;
  output_shapes: number[][];
  inputs: unknown[];
  outputs: unknown[];
}

/** The largest difference between a model's predictions and Keras's. */
export function largestDifference(model: Model, built: Built): number {
  return tf.tidy(() => {
    const inputs = built.inputs.map((x, i) => tf.tensor(x as number[], undefined, model.inputs[i].args.dtype as 'float32' | 'int32'));
    const predicted = [model.predict(inputs.length === 1 ? inputs[0] : inputs)].flat() as tf.Tensor[];
    expect(predicted).toHaveLength(built.outputs.length);
    return Math.max(
      ...predicted.map((tensor, i) => {
        const expected = (built.outputs[i] as number[]).flat(9) as number[];
        const actual = tensor.dataSync();
        expect(actual.length).toBe(expected.length);
        return Math.max(...expected.map((value, k) => Math.abs(value - actual[k])));
      }),
    );
  });
}
