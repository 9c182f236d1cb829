/**
 * The Keras dialect's constraints (runtime/keras/constraints.ts): Keraflow's
 * classes under Keras 3's argument names (MaxNorm's max_value), the same
 * math, saved as Keraflow's class, exported as Keras's config.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as keraflowConstraints from '../../../runtime/constraints.ts';
import { kerasConstraint } from '../../../runtime/engine/keras.ts';
import { bindArguments } from '../../../runtime/engine/spec.ts';
import { Input, Model } from '../../../runtime/index.ts';
import { constraints, layers } from '../../../runtime/keras/index.ts';
import { buildArchitecture } from '../../../runtime/saving/architecture-reader.ts';
import { describeArchitecture } from '../../../runtime/saving/architecture.ts';

const fail = (why: string): never => {
  throw new Error(why);
};

describe("the Keras dialect's constraints", () => {
  it("MaxNorm takes Keras's max_value (Keraflow's m), and caps each column's norm at it", () => {
    expect(constraints.MaxNorm.spec.args.map((arg) => arg.name)).toEqual(['maxValue', 'axis']);
    expect(bindArguments(constraints.MaxNorm.spec, [], { maxValue: 2, axis: 0 }).problems).toEqual([]);
    expect(bindArguments(constraints.MaxNorm.spec, [], { m: 2 }).problems[0].message).toBe("MaxNorm has no argument 'm'");
    const capped = new constraints.MaxNorm(1, { axis: 0 }).apply(tf.tensor2d([[3], [4]])).arraySync() as number[][];
    expect(capped[0][0]).toBeCloseTo(0.6, 5);
    expect(capped[1][0]).toBeCloseTo(0.8, 5);
    expect(kerasConstraint(new constraints.MaxNorm(2.5, { axis: 1 }), fail)).toEqual({ class_name: 'MaxNorm', config: { max_value: 2.5, axis: 1 } });
  });

  it('NonNeg, UnitNorm and MinMaxNorm are Keraflow’s own, whose arguments are Keras’s', () => {
    expect(constraints.MinMaxNorm).toBe(keraflowConstraints.MinMaxNorm);
    expect(constraints.UnitNorm).toBe(keraflowConstraints.UnitNorm);
    expect(constraints.NonNeg).toBe(keraflowConstraints.NonNeg);
    expect(constraints.registry.names().sort()).toEqual(['MaxNorm', 'MinMaxNorm', 'NonNeg', 'UnitNorm', 'max_norm', 'min_max_norm', 'non_neg', 'unit_norm']);
  });

  it("a Keras layer's MaxNorm is saved (as Keraflow's class) and loads with its setting", () => {
    const input = new Input([3]);
    const dense = new layers.Dense(2, { kernelConstraint: new constraints.MaxNorm(1.5), name: 'capped' });
    const saved = JSON.parse(JSON.stringify(describeArchitecture(new Model(input, dense.apply(input)))));
    const loaded = buildArchitecture(saved, 'model.json').layers.find((layer) => layer.name === 'capped')!;
    expect(loaded.args.kernelConstraint).toBeInstanceOf(keraflowConstraints.MaxNorm);
    expect((loaded.args.kernelConstraint as keraflowConstraints.MaxNorm).m).toBe(1.5);
  });
});
