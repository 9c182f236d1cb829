/**
 * The checker agrees with the runtime: for random valid models (fast-check),
 * every tensor shape the checker infers, with its symbolic dimensions bound
 * to random sizes, equals the shape of the tensor the runtime computes when
 * the same model is built with the runtime's classes and run on data of
 * those sizes. The generator writes each model twice, as `.kf` text and as
 * runtime calls, from one plan; in both dialects (a `use keras` file, and
 * the same model of keraflow/keras's layers).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateDim, type Dim } from '../../runtime/engine/dimension.ts';
import type { Kensor } from '../../runtime/engine/kensor.ts';
import {
  Activation,
  BatchNormalization,
  Concatenate,
  Convolution1D,
  Convolution2D,
  Dense,
  Dropout,
  ElementWiseSum,
  Embedding,
  Flatten,
  GlobalPooling1D,
  GlobalPooling2D,
  GRU,
  Input,
  LayerNormalization,
  LSTM,
  Model,
  Pooling1D,
  Pooling2D,
  Reshape,
  SimpleRNN,
  TimeDistributed,
  UpSampling1D,
  UpSampling2D,
  ZeroPadding1D,
  ZeroPadding2D,
  GaussianNoise,
  GaussianDropout,
  Masking,
  PReLU,
  SpatialDropout1D,
  SpatialDropout2D,
} from '../../runtime/index.ts';
import { Cropping1D, Cropping2D, Dot } from '../../runtime/index.ts';
import type { Layer } from '../../runtime/engine/layer.ts';
import { summarize } from '../../compiler/check/summary.ts';
import { layers as keras } from '../../runtime/keras/index.ts';
import { checkText, summaryRows } from './helpers.ts';

/** A size as the generator tracks it: concrete, or a symbolic size known to be at least `min`. */
type Size = { value: number } | { min: number };

/** One step of the chain: its `.kf` text and the same step with runtime classes. */
interface Step {
  text: string;
  apply: (input: Kensor) => Kensor;
  sizes: Size[];
}

const activations = ['relu', 'tanh', 'sigmoid', 'linear', 'softmax'];

/** The choices one step draws from: which op, and small numbers for its arguments. */
const choice = fc.record({ op: fc.nat(), a: fc.integer({ min: 1, max: 5 }), b: fc.nat(), flag: fc.boolean() });
type Choice = { op: number; a: number; b: number; flag: boolean };

const single = (make: () => Layer<any>) => (input: Kensor) => make().apply(input);
const concrete = (size: Size): size is { value: number } => 'value' in size;
const smallest = (size: Size) => (concrete(size) ? size.value : size.min);
const last = (sizes: Size[]) => sizes[sizes.length - 1];

/** The steps that fit the current sizes, built from one choice. */
function candidates(sizes: Size[], c: Choice): Step[] {
  const steps: Step[] = [];
  const activation = activations[c.b % activations.length];
  const rank = sizes.length;
  const lastConcrete = concrete(last(sizes));
  steps.push({ text: `Activation(${activation})`, apply: single(() => new Activation(activation)), sizes });
  steps.push({ text: `Dropout(${c.a / 10})`, apply: single(() => new Dropout(c.a / 10)), sizes });
  if (lastConcrete) {
    steps.push({ text: `Dense(${c.a + 1}, activation=${activation})`, apply: single(() => new Dense(c.a + 1, { activation })), sizes: [...sizes.slice(0, -1), { value: c.a + 1 }] });
    steps.push({ text: 'LayerNormalization()', apply: single(() => new LayerNormalization()), sizes });
    steps.push({ text: 'BatchNormalization()', apply: single(() => new BatchNormalization()), sizes });
  }
  if (rank >= 2) {
    const product = sizes.reduce((n, s) => n * smallest(s), 1);
    steps.push({ text: 'Flatten', apply: single(() => new Flatten()), sizes: [sizes.every(concrete) ? { value: product } : { min: product }] });
  }
  if (rank === 1 && lastConcrete && smallest(last(sizes)) % 2 === 0) {
    const half = smallest(last(sizes)) / 2;
    steps.push({ text: `Reshape([2, ${half}])`, apply: single(() => new Reshape([2, half])), sizes: [{ value: 2 }, { value: half }] });
  }
  if (rank === 2) {
    const [time, features] = sizes;
    const kernel = (c.b % 3) + 1;
    const mode = c.flag ? 'max' : 'avg';
    if (concrete(features) && smallest(time) >= kernel + 1) {
      const pad = c.flag ? 'same' : 'valid';
      const steps1 = pad === 'same' ? time : concrete(time) ? { value: time.value - kernel + 1 } : { min: time.min - kernel + 1 };
      steps.push({ text: `Convolution1D(${c.a}, ${kernel}, pad=${pad})`, apply: single(() => new Convolution1D(c.a, kernel, { pad })), sizes: [steps1, { value: c.a }] });
    }
    if (smallest(time) >= 2) {
      const pooled = concrete(time) ? { value: Math.floor(time.value / 2) } : { min: Math.floor(time.min / 2) };
      steps.push({ text: `Pooling1D(${mode})`, apply: single(() => new Pooling1D(mode)), sizes: [pooled, features] });
    }
    steps.push({ text: `GlobalPooling1D(${mode})`, apply: single(() => new GlobalPooling1D(mode)), sizes: [features] });
    steps.push({ text: 'ZeroPadding1D(1)', apply: single(() => new ZeroPadding1D(1)), sizes: [concrete(time) ? { value: time.value + 2 } : { min: time.min + 2 }, features] });
    if (smallest(time) > 2) {
      steps.push({ text: 'Cropping1D(1)', apply: single(() => new Cropping1D(1)), sizes: [concrete(time) ? { value: time.value - 2 } : { min: time.min - 2 }, features] });
    }
    if (smallest(time) <= 40) {
      steps.push({ text: 'UpSampling1D(2)', apply: single(() => new UpSampling1D(2)), sizes: [concrete(time) ? { value: time.value * 2 } : { min: time.min * 2 }, features] });
    }
    if (concrete(features)) {
      const Recurrent = [LSTM, GRU, SimpleRNN][c.b % 3];
      const sequences = c.flag;
      steps.push({
        text: `${Recurrent.name}(${c.a}, return_sequences=${sequences})`,
        apply: single(() => new Recurrent(c.a, { returnSequences: sequences })),
        sizes: sequences ? [time, { value: c.a }] : [{ value: c.a }],
      });
      steps.push({ text: `TimeDistributed(Dense(${c.a}))`, apply: single(() => new TimeDistributed(new Dense(c.a))), sizes: [time, { value: c.a }] });
    }
  }
  if (rank === 3 && lastConcrete) {
    const [rows, columns, channels] = sizes;
    const kernel = (c.b % 3) + 1;
    const mode = c.flag ? 'max' : 'avg';
    const shrink = (size: Size, by: number): Size => (concrete(size) ? { value: size.value - by } : { min: size.min - by });
    if (smallest(rows) > kernel && smallest(columns) > kernel) {
      steps.push({
        text: `Convolution2D(${c.a}, ${kernel}, ${kernel})`,
        apply: single(() => new Convolution2D(c.a, kernel, kernel)),
        sizes: [shrink(rows, kernel - 1), shrink(columns, kernel - 1), { value: c.a }],
      });
    }
    if (smallest(rows) >= 2 && smallest(columns) >= 2) {
      const half = (size: Size): Size => (concrete(size) ? { value: Math.floor(size.value / 2) } : { min: Math.floor(size.min / 2) });
      steps.push({ text: `Pooling2D(${mode})`, apply: single(() => new Pooling2D(mode)), sizes: [half(rows), half(columns), channels] });
    }
    steps.push({ text: `GlobalPooling2D(${mode})`, apply: single(() => new GlobalPooling2D(mode)), sizes: [channels] });
    steps.push({ text: 'ZeroPadding2D(1)', apply: single(() => new ZeroPadding2D(1)), sizes: [shrink(rows, -2), shrink(columns, -2), channels] });
    if (smallest(rows) > 2 && smallest(columns) > 1) {
      steps.push({ text: 'Cropping2D([1, 0])', apply: single(() => new Cropping2D([1, 0])), sizes: [shrink(rows, 2), columns, channels] });
    }
    if (smallest(rows) <= 12 && smallest(columns) <= 12) {
      const twice = (size: Size): Size => (concrete(size) ? { value: size.value * 2 } : { min: size.min * 2 });
      steps.push({ text: 'UpSampling2D(2)', apply: single(() => new UpSampling2D(2)), sizes: [twice(rows), twice(columns), channels] });
    }
  }
  steps.push(...keraflowNoiseCandidates(sizes, c));
  return steps;
}

/** Keraflow's noise, masking and PReLU layers: shapes kept, each with its own rule on what it takes. */
function keraflowNoiseCandidates(sizes: Size[], c: Choice): Step[] {
  const rate = c.a / 10;
  const steps: Step[] = [
    { text: `GaussianNoise(${rate})`, apply: single(() => new GaussianNoise(rate)), sizes },
    { text: `GaussianDropout(${rate})`, apply: single(() => new GaussianDropout(rate)), sizes },
  ];
  // alpha has the sizes after the batch, 1 on the shared axis: those must be numbers.
  if (sizes.slice(1).every(concrete)) steps.push({ text: 'PReLU(shared_axes=[0])', apply: single(() => new PReLU({ sharedAxes: [0] })), sizes });
  if (sizes.length >= 2) steps.push({ text: 'Masking(mask_value=0.5)', apply: single(() => new Masking({ maskValue: 0.5 })), sizes });
  if (sizes.length === 2) steps.push({ text: `SpatialDropout1D(${rate})`, apply: single(() => new SpatialDropout1D(rate)), sizes });
  if (sizes.length === 3) steps.push({ text: `SpatialDropout2D(${rate})`, apply: single(() => new SpatialDropout2D(rate)), sizes });
  return steps;
}

/** The same for a `use keras` file: Keras 3's names, arguments and defaults. */
function kerasCandidates(sizes: Size[], c: Choice): Step[] {
  const steps: Step[] = [];
  const activation = activations[c.b % activations.length];
  const rank = sizes.length;
  const grow = (size: Size, by: number): Size => (concrete(size) ? { value: size.value + by } : { min: size.min + by });
  const half = (size: Size): Size => (concrete(size) ? { value: Math.floor(size.value / 2) } : { min: Math.floor(size.min / 2) });
  steps.push({ text: `Activation(${activation})`, apply: single(() => new keras.Activation(activation)), sizes });
  steps.push({ text: `Dropout(rate=${c.a / 10})`, apply: single(() => new keras.Dropout(c.a / 10)), sizes });
  if (concrete(last(sizes))) {
    steps.push({ text: `Dense(${c.a + 1}, activation=${activation})`, apply: single(() => new keras.Dense(c.a + 1, { activation })), sizes: [...sizes.slice(0, -1), { value: c.a + 1 }] });
  }
  if (rank >= 2) {
    const product = sizes.reduce((n, s) => n * smallest(s), 1);
    steps.push({ text: 'Flatten', apply: single(() => new keras.Flatten()), sizes: [sizes.every(concrete) ? { value: product } : { min: product }] });
  }
  const kernel = (c.b % 3) + 1;
  const keepdims = c.flag;
  if (rank === 2) {
    const [time, features] = sizes;
    if (concrete(features) && smallest(time) >= kernel + 1) {
      const padding = c.flag ? 'same' : 'valid';
      steps.push({
        text: `Conv1D(${c.a}, ${kernel}, padding=${padding})`,
        apply: single(() => new keras.Conv1D(c.a, kernel, { padding })),
        sizes: [padding === 'same' ? time : grow(time, 1 - kernel), { value: c.a }],
      });
    }
    if (concrete(features)) {
      steps.push({
        text: `Conv1DTranspose(${c.a}, ${kernel})`,
        apply: single(() => new keras.Conv1DTranspose(c.a, kernel)),
        sizes: [grow(time, kernel - 1), { value: c.a }],
      });
      steps.push({
        text: `DepthwiseConv1D(${kernel}, depth_multiplier=2, padding=same)`,
        apply: single(() => new keras.DepthwiseConv1D(kernel, { depthMultiplier: 2, padding: 'same' })),
        sizes: [time, { value: features.value * 2 }],
      });
    }
    if (smallest(time) >= 2) {
      const [name, Pooling] = c.flag ? (['MaxPooling1D', keras.MaxPooling1D] as const) : (['AveragePooling1D', keras.AveragePooling1D] as const);
      steps.push({ text: `${name}()`, apply: single(() => new Pooling()), sizes: [half(time), features] });
    }
    if (smallest(time) > 1) steps.push({ text: 'Cropping1D((1, 0))', apply: single(() => new keras.Cropping1D([1, 0])), sizes: [grow(time, -1), features] });
    steps.push({
      text: `GlobalAveragePooling1D(keepdims=${keepdims})`,
      apply: single(() => new keras.GlobalAveragePooling1D({ keepdims })),
      sizes: keepdims ? [{ value: 1 }, features] : [features],
    });
  }
  if (rank === 3 && concrete(last(sizes))) {
    const [rows, columns, channels] = sizes;
    if (smallest(rows) > kernel && smallest(columns) > kernel) {
      steps.push({
        text: `Conv2D(${c.a}, (${kernel}, ${kernel}), activation=${activation})`,
        apply: single(() => new keras.Conv2D(c.a, [kernel, kernel], { activation })),
        sizes: [grow(rows, 1 - kernel), grow(columns, 1 - kernel), { value: c.a }],
      });
    }
    const twice = (size: Size): Size => (concrete(size) ? { value: size.value * 2 } : { min: size.min * 2 });
    if (smallest(rows) > 2 * kernel && smallest(columns) > 2 * kernel) {
      steps.push({
        text: `SeparableConv2D(${c.a}, ${kernel}, dilation_rate=2)`,
        apply: single(() => new keras.SeparableConv2D(c.a, kernel, { dilationRate: 2 })),
        sizes: [grow(rows, 2 - 2 * kernel), grow(columns, 2 - 2 * kernel), { value: c.a }],
      });
    }
    steps.push({
      text: `Conv2DTranspose(${c.a}, ${kernel}, strides=2, padding=same)`,
      apply: single(() => new keras.Conv2DTranspose(c.a, kernel, { strides: 2, padding: 'same' })),
      sizes: [twice(rows), twice(columns), { value: c.a }],
    });
    if (smallest(rows) >= 2 && smallest(columns) >= 2) {
      const [name, Pooling] = c.flag ? (['MaxPool2D', keras.MaxPool2D] as const) : (['AveragePooling2D', keras.AveragePooling2D] as const);
      steps.push({ text: `${name}(2)`, apply: single(() => new Pooling(2)), sizes: [half(rows), half(columns), channels] });
    }
    if (smallest(rows) > 1 && smallest(columns) > 2) {
      steps.push({
        text: 'Cropping2D(((0, 1), (1, 1)))',
        apply: single(
          () =>
            new keras.Cropping2D([
              [0, 1],
              [1, 1],
            ]),
        ),
        sizes: [grow(rows, -1), grow(columns, -2), channels],
      });
    }
    steps.push({
      text: `GlobalMaxPooling2D(keepdims=${keepdims})`,
      apply: single(() => new keras.GlobalMaxPooling2D({ keepdims })),
      sizes: keepdims ? [{ value: 1 }, { value: 1 }, channels] : [channels],
    });
  }
  steps.push(...noiseAndScalingCandidates(sizes, c));
  return steps;
}

/** Keras 3's noise, masking and scaling layers: shapes kept, but each with its own rule on what it takes. */
function noiseAndScalingCandidates(sizes: Size[], c: Choice): Step[] {
  const rate = c.a / 10;
  const steps: Step[] = [
    { text: `GaussianNoise(${rate})`, apply: single(() => new keras.GaussianNoise(rate)), sizes },
    { text: `GaussianDropout(${rate})`, apply: single(() => new keras.GaussianDropout(rate)), sizes },
    { text: `AlphaDropout(rate=${rate})`, apply: single(() => new keras.AlphaDropout(rate)), sizes },
    { text: `Rescaling(${c.a}, offset=-1)`, apply: single(() => new keras.Rescaling(c.a, { offset: -1 })), sizes },
    { text: 'UnitNormalization()', apply: single(() => new keras.UnitNormalization()), sizes },
  ];
  // alpha has the sizes after the batch, 1 on the shared axis: those must be numbers.
  if (sizes.slice(1).every(concrete)) {
    steps.push({ text: 'PReLU(shared_axes=[1])', apply: single(() => new keras.PReLU({ sharedAxes: [1] })), sizes });
  }
  if (sizes.length >= 2) steps.push({ text: 'Masking(mask_value=0.5)', apply: single(() => new keras.Masking({ maskValue: 0.5 })), sizes });
  if (sizes.length === 2) steps.push({ text: `SpatialDropout1D(${rate})`, apply: single(() => new keras.SpatialDropout1D(rate)), sizes });
  if (sizes.length === 3) steps.push({ text: `SpatialDropout2D(${rate})`, apply: single(() => new keras.SpatialDropout2D(rate)), sizes });
  return steps;
}

/** A merge of the tensor (`@` in the text) with a transformed copy of itself: the multi-input layers. */
function merge(sizes: Size[], c: Choice): { text: string; apply: (input: Kensor) => Kensor; sizes: Size[] } {
  if (c.flag) {
    return {
      text: 'ElementWiseSum()([@, @ -> Activation(relu)])',
      apply: (x) => new ElementWiseSum().apply([x, new Activation('relu').apply(x)]),
      sizes,
    };
  }
  if (c.b % 3 === 0) {
    // Dot along the last axis of the tensor and itself: the other axes of both, [1] for vectors.
    const others = sizes.slice(0, -1);
    return { text: 'Dot(-1)([@, @])', apply: (x) => new Dot(-1).apply([x, x]), sizes: others.length === 0 ? [{ value: 1 }] : [...others, ...others] };
  }
  const first = sizes[0];
  return {
    text: 'Concatenate()([@, @])',
    apply: (x) => new Concatenate().apply([x, x]),
    sizes: [concrete(first) ? { value: first.value * 2 } : { min: first.min * 2 }, ...sizes.slice(1)],
  };
}

interface Plan {
  kf: string;
  build: () => { input: Input; tensors: Kensor[] };
  /** The names of the tensors, in the order of `build`'s tensors. */
  names: string[];
  symbols: Record<string, number>;
}

type Dialect = 'keraflow' | 'keras';

const inputKinds = {
  keraflow: fc.constantFrom('vector', 'sequence', 'image', 'tokens', 'symbolicImage'),
  keras: fc.constantFrom('vector', 'sequence', 'image', 'symbolicImage'),
} as const;

const planArbitrary = (dialect: Dialect) =>
  fc
    .record({
      kind: inputKinds[dialect],
      features: fc.integer({ min: 2, max: 6 }),
      length: fc.integer({ min: 3, max: 9 }),
      time: fc.integer({ min: 24, max: 32 }),
      rows: fc.integer({ min: 8, max: 12 }),
      columns: fc.integer({ min: 8, max: 12 }),
      choices: fc.array(choice, { minLength: 1, maxLength: 6 }),
    })
    .map((r): Plan => {
      const symbols: Record<string, number> = {};
      let inputText: string;
      let sizes: Size[];
      let makeInput: () => Input;
      let firstSteps: Step[] = [];
      switch (r.kind) {
        case 'vector':
          inputText = `input x: [${r.length * 2}]`;
          sizes = [{ value: r.length * 2 }];
          makeInput = () => new Input([r.length * 2], { name: 'x' });
          break;
        case 'sequence':
          inputText = `input x: [T, ${r.features}]`;
          symbols.T = r.time;
          sizes = [{ min: 24 }, { value: r.features }];
          makeInput = () => new Input([null, r.features], { name: 'x' });
          break;
        case 'image':
          inputText = `input x: [${r.rows}, ${r.columns}, ${r.features}]`;
          sizes = [{ value: r.rows }, { value: r.columns }, { value: r.features }];
          makeInput = () => new Input([r.rows, r.columns, r.features], { name: 'x' });
          break;
        case 'symbolicImage':
          inputText = `input x: [H, W, ${r.features}]`;
          symbols.H = r.rows;
          symbols.W = r.columns;
          sizes = [{ min: 8 }, { min: 8 }, { value: r.features }];
          makeInput = () => new Input([null, null, r.features], { name: 'x' });
          break;
        case 'tokens':
          inputText = 'input x: [T] int32';
          symbols.T = r.time;
          sizes = [{ min: 24 }];
          makeInput = () => new Input([null], { name: 'x', dtype: 'int32' });
          firstSteps = [{ text: `Embedding(50, ${r.features})`, apply: single(() => new Embedding(50, r.features)), sizes: [{ min: 24 }, { value: r.features }] }];
          sizes = firstSteps[0].sizes;
          break;
      }
      const lines = [inputText!];
      const steps: { text: string; apply: (input: Kensor) => Kensor }[] = [...firstSteps];
      let current = sizes;
      for (const c of r.choices) {
        if (c.op % 7 === 6 && dialect === 'keraflow') {
          const step = merge(current, c);
          steps.push(step);
          current = step.sizes;
          continue;
        }
        const options = (dialect === 'keras' ? kerasCandidates : candidates)(current, c);
        const step = options[c.op % options.length];
        steps.push(step);
        current = step.sizes;
      }
      // h1 = x -> first step; h(i+1) = h(i) -> step, or the merge written out.
      const names: string[] = [];
      steps.forEach((step, index) => {
        const source = index === 0 ? 'x' : `h${index}`;
        const name = `h${index + 1}`;
        const text = step.text.includes('@') ? step.text.replaceAll('@', source) : `${source} -> ${step.text}`;
        lines.push(`${index === steps.length - 1 ? 'output ' : ''}${name} = ${text}`);
        names.push(name);
      });
      return {
        kf: `${dialect === 'keras' ? 'use keras\n' : ''}model Random {\n  ${lines.join('\n  ')}\n}\n`,
        names,
        symbols,
        build: () => {
          const input = makeInput();
          const tensors: Kensor[] = [];
          let tensor = input.output;
          for (const step of steps) {
            tensor = step.apply(tensor);
            tensors.push(tensor);
          }
          return { input, tensors };
        },
      };
    });

function concreteShape(shape: readonly Dim[], symbols: Record<string, number>, batch: number): number[] {
  return shape.map((dim, index) => (index === 0 && dim === null ? batch : (evaluateDim(dim, symbols) ?? -1)));
}

describe('the checker agrees with the runtime', () => {
  it.each([
    ['keraflow', 500, 20261127],
    ['keras', 200, 20261207],
  ] as const)(
    "on random valid %s models (%i), every tensor shape matches the runtime's, symbolic sizes bound to random values",
    (dialect, runs, seed) => {
      let checked = 0;
      fc.assert(
        fc.property(planArbitrary(dialect), (plan) => {
          const result = checkText(plan.kf);
          expect(
            result.diagnostics.map((d) => `${d.code} ${d.message}`),
            plan.kf,
          ).toEqual([]);
          const model = result.models[0];
          const { input, tensors } = plan.build();
          const runtimeModel = new Model(input, tensors);
          const sample = concreteShape(model.tensors[model.inputs[0]].shape!, plan.symbols, 2);
          const data = input.dtype === 'int32' ? tf.randomUniform(sample, 0, 50, 'int32') : tf.randomNormal(sample);
          const outputs = runtimeModel.predict(data) as tf.Tensor[];
          const predicted = (Array.isArray(outputs) ? outputs : [outputs]).map((t) => t.shape);
          tf.dispose([data, ...(Array.isArray(outputs) ? outputs : [outputs])]);
          const inferred = plan.names.map((name) => {
            const tensor = model.tensors.find((t) => t.name === name)!;
            return concreteShape(tensor.shape!, plan.symbols, 2);
          });
          expect(inferred, plan.kf).toEqual(predicted);
          // The static summary is the runtime's (rows, shapes, counts and totals).
          expect(summaryRows(summarize(model)), plan.kf).toEqual(summaryRows(runtimeModel.summary()));
          checked++;
          if (process.env.SHOW_PLANS && checked % 50 === 0) console.log(plan.kf, JSON.stringify(predicted));
        }),
        { numRuns: runs, seed },
      );
      expect(checked).toBe(runs);
    },
    120_000,
  );
});
