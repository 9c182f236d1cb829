import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  constraints,
  Dense,
  ElementWiseSum,
  Input,
  KeraflowError,
  Lambda,
  Layer,
  Model,
  registerLayer,
  regularizers,
  Sequential,
  type LayerOptions,
  type LayerSpec,
  type Shape,
} from '../../../runtime/node.ts';
import { everyLayerModel } from './every-layer.ts';
import { expectSamePredictions, temporaryFolder, weightValues } from './helpers.ts';

const folder = temporaryFolder();
/** Dense 1 -> 2 with W = [[1, 2]], b = [3, 4], as in test/runtime/engine/model.test.ts. */
const dense = (name?: string) => new Dense(2, { initialWeights: [[[1, 2]], [3, 4]], name });
const column = (...values: number[]) => values.map((v) => [v]);

/** The example topologies of test/runtime/engine/model.test.ts, with random weights where theirs are given. */
const topologies: { name: string; build: () => { model: Model | Sequential; x: unknown } }[] = [
  {
    name: 'one Dense',
    build: () => {
      const input = new Input([1]);
      return { model: new Model(input, dense().apply(input)), x: column(1, 2) };
    },
  },
  {
    name: 'several inputs and outputs, with ElementWiseSum',
    build: () => {
      const a = new Input([1], { name: 'a' });
      const b = new Input([1], { name: 'b' });
      const sum = new ElementWiseSum().apply([a, b]);
      return { model: new Model([a, b], [new Dense(2, { name: 'out1' }).apply(sum), new Dense(2, { name: 'out2' }).apply(a)]), x: { a: column(1, 2), b: column(3, 4) } };
    },
  },
  {
    name: 'a shared Dense',
    build: () => {
      const a = new Input([1]);
      const b = new Input([1]);
      const shared = new Dense(2, { activation: 'tanh' });
      return { model: new Model([a, b], new ElementWiseSum().apply([shared.apply(a), shared.apply(b)])), x: [column(1, 2), column(3, 4)] };
    },
  },
  {
    name: 'a Sequential as a layer',
    build: () => {
      const input = new Input([1]);
      return { model: new Model(input, new Sequential([new Dense(2), new Dense(1)]).apply(input)), x: column(1, 2) };
    },
  },
  {
    name: 'a Sequential as a tensor (saved as a Sequential)',
    build: () => ({ model: new Sequential([new Input([1]), new Dense(2), new Dense(3, { activation: 'relu' })], { name: 'chain' }), x: column(1, 2) }),
  },
  {
    name: 'a Sequential as a tensor inside a model, also an output',
    build: () => {
      const asTensor = new Sequential([new Input([1]), new Dense(2)], { name: 'as_tensor' });
      return { model: new Model(asTensor, [asTensor, new Dense(1).apply(asTensor)]), x: column(1, 2) };
    },
  },
  {
    name: 'a Sequential over a list',
    build: () => {
      const a = new Input([1]);
      const b = new Input([1]);
      return { model: new Model([a, b], new Sequential([new ElementWiseSum(), new Dense(2)]).apply([a, b])), x: [column(1), column(2)] };
    },
  },
  {
    name: 'nested Sequentials',
    build: () => {
      const input = new Input([1]);
      const nested = new Sequential([new Sequential([new Dense(2), new Sequential([new Dense(3)])]), new Dense(1)], { trainable: false });
      return { model: new Model(input, nested.apply(input)), x: column(1, 2) };
    },
  },
  {
    name: 'a shared Sequential',
    build: () => {
      const shared = new Sequential([new Dense(2)]);
      const c = new Input([1]);
      const d = new Input([1]);
      return { model: new Model([c, d], new ElementWiseSum().apply([shared.apply(c), shared.apply(d)])), x: [column(1), column(5)] };
    },
  },
  {
    name: 'shared and nested: one Sequential in two, one Dense in a Sequential and in the graph',
    build: () => {
      const inner = new Sequential([new Dense(2, { activation: 'tanh' })], { name: 'inner' });
      const reused = new Dense(2, { name: 'reused' });
      const first = new Sequential([inner, reused], { name: 'first' });
      const second = new Sequential([inner, new Dense(2)], { name: 'second' });
      const a = new Input([1]);
      const b = new Input([1]);
      const out = new ElementWiseSum().apply([first.apply(a), second.apply(b), reused.apply(inner.apply(b))]);
      return { model: new Model([a, b], out), x: [column(1, 2), column(3, 4)] };
    },
  },
];

async function roundTrip(model: Model | Sequential, format: string): Promise<{ loaded: Model | Sequential; text: string; again: string }> {
  const directory = folder();
  const archPath = path.join(directory, `model.${format}`);
  const weightPath = path.join(directory, 'model.safetensors');
  await model.saveToFile(archPath, weightPath);
  const loaded = model instanceof Sequential ? await Sequential.loadFromFile(archPath, weightPath) : await Model.loadFromFile(archPath, weightPath);
  // The loaded model saves to the same text: same graph, names, sharing, arguments, regularizers, constraints
  // (and the same weights, whose hash the architecture records).
  const againPath = path.join(directory, `again.${format}`);
  await loaded.saveToFile(againPath, path.join(directory, 'again.safetensors'));
  return { loaded, text: fs.readFileSync(archPath, 'utf8'), again: fs.readFileSync(againPath, 'utf8') };
}

describe.each(['json', 'yaml', 'yml'])('saveToFile + loadFromFile (%s)', (format) => {
  it.each(topologies)('$name: identical predictions, the same architecture', async ({ build }) => {
    const { model, x } = build();
    const { loaded, text, again } = await roundTrip(model, format);
    expect(again).toBe(text);
    expectSamePredictions(model, loaded, x);
    const [before, after] = [model, loaded].map((m) => (m instanceof Sequential ? m.asModel() : m));
    expect(after.name).toBe(before.name);
    expect(after.inputNames).toEqual(before.inputNames);
    expect(after.outputNames).toEqual(before.outputNames);
    expect(weightValues(after)).toEqual(weightValues(before));
    expect(after.countParams()).toEqual(before.countParams());
  });
});

describe('the model with every layer', () => {
  it('loading leaves nothing behind but the parameters', async () => {
    const { model, x } = everyLayerModel();
    x.forEach((t) => t.dispose());
    const directory = folder();
    await model.saveToFile(path.join(directory, 'm.json'), path.join(directory, 'm.safetensors'));
    const before = tf.memory().numTensors;
    const loaded = await Model.loadFromFile(path.join(directory, 'm.json'), path.join(directory, 'm.safetensors'));
    const variables = new Set(loaded.allLayers().flatMap((layer) => [...Object.values(layer.weights), ...layer.sublayers.flatMap((s) => Object.values(s.weights))]));
    expect(tf.memory().numTensors - before).toBe(variables.size);
  });

  it.each(['json', 'yaml'])('round-trips in %s with identical predictions', async (format) => {
    const { model, x } = everyLayerModel();
    const { loaded, text, again } = await roundTrip(model, format);
    expect(again).toBe(text);
    expectSamePredictions(model, loaded, x);
    x.forEach((t) => t.dispose());
  });
});

describe('what survives', () => {
  it('regularizers and constraints: classes, arguments, parameters', async () => {
    const input = new Input([3]);
    const layer = new Dense(2, {
      regularizers: { W: new regularizers.L1L2(0.1, 0.2), b: 'l1' },
      constraints: [new constraints.MaxNorm(3, { axis: 1 }), 'nonneg'],
    });
    const model = new Model(input, new Dense(1, { constraints: { W: new constraints.UnitNorm({ axis: 0 }) } }).apply(layer.apply(input)));
    const { loaded } = await roundTrip(model, 'yaml');
    const copy = (loaded as Model).layers[1];
    const W = copy.regularizers.get('W') as regularizers.L1L2;
    expect(W).toBeInstanceOf(regularizers.L1L2);
    expect([W.l1, W.l2]).toEqual([0.1, 0.2]);
    expect(copy.regularizers.get('b')).toBeInstanceOf(regularizers.L1);
    const maxNorm = copy.constraints.get('W') as constraints.MaxNorm;
    expect([maxNorm.m, maxNorm.axis]).toEqual([3, 1]);
    expect(copy.constraints.get('b')).toBeInstanceOf(constraints.NonNeg);
    expect((loaded as Model).layers[2].constraints.get('W')).toBeInstanceOf(constraints.UnitNorm);
  });

  it('trainable flags, sharing (one set of weights), output channel names', async () => {
    const shared = new Dense(2, { trainable: false, name: 'frozen' });
    const a = new Input([1], { name: 'a' });
    const b = new Input([1], { name: 'b' });
    const model = new Model([a, b], [shared.apply(a), shared.apply(b)], { name: 'two_heads' });
    const { loaded } = await roundTrip(model, 'json');
    const copy = loaded as Model;
    expect(copy.outputNames).toEqual(['frozen', 'frozen_2']);
    expect(Object.keys(copy.getWeights())).toEqual(['frozen']);
    expect(copy.layers.find((l) => l.name === 'frozen')!.trainable).toBe(false);
    expect(copy.countParams()).toEqual({ total: 4, trainable: 0 });
  });

  it('aliases stay aliases; only the arguments given are written, snake_case, in spec order', async () => {
    const input = new Input([4], { name: 'x', maskValue: null });
    const model = new Model(input, new Dense(2, { bias: false, activation: 'hard_sigmoid', init: 'lecun_uniform', name: 'd' }).apply(input));
    const { text } = await roundTrip(model, 'json');
    const document = JSON.parse(text);
    expect(document.layers[1]).toEqual({
      class_name: 'Dense',
      name: 'd',
      trainable: true,
      config: { output_dim: 2, init: 'lecun_uniform', activation: 'hard_sigmoid', bias: false },
      inbound_nodes: [[{ layer: 'x', node: 0 }]],
    });
    expect(document.layers[0].config).toEqual({ shape: [4], mask_value: null });
  });

  it('no weights file: the architecture only, with fresh weights', async () => {
    const directory = folder();
    const input = new Input([2]);
    const model = new Model(input, new Dense(3).apply(input));
    await model.saveToFile(path.join(directory, 'arch.json'), null);
    await model.saveToFile(path.join(directory, 'arch2.yaml'));
    expect(fs.readdirSync(directory).sort()).toEqual(['arch.json', 'arch2.yaml']);
    const loaded = await Model.loadFromFile(path.join(directory, 'arch.json'));
    expect(loaded.summary()).toBe(model.summary());
  });

  it('dump options: indent for JSON, js-yaml options for YAML', async () => {
    const directory = folder();
    const input = new Input([2], { name: 'in' });
    const model = new Model(input, new Dense(3, { name: 'out' }).apply(input));
    await model.saveToFile(path.join(directory, 'a.json'), null, { indent: 4 });
    expect(fs.readFileSync(path.join(directory, 'a.json'), 'utf8')).toContain('\n    "format_version": 1,');
    await model.saveToFile(path.join(directory, 'a.yaml'), null, { indent: 4, flowLevel: 3 });
    expect(fs.readFileSync(path.join(directory, 'a.yaml'), 'utf8')).toContain('    config: {shape: [2]}');
    await expect(model.saveToFile(path.join(directory, 'b.json'), null, { flowLevel: 1 })).rejects.toThrow(/JSON takes only the option 'indent', but got 'flowLevel'/);
    await expect(model.saveToFile(path.join(directory, 'b.yaml'), null, { indnet: 2 })).rejects.toThrow(/unknown YAML dump option 'indnet'/);
  });
});

describe('what cannot be saved', () => {
  it('a function argument (Lambda, a custom activation): an error naming the layer and the argument, and no file', async () => {
    const directory = folder();
    const input = new Input([2]);
    const lambda = new Model(input, new Lambda((x: tf.Tensor) => tf.mul(x, 2), { name: 'double' }).apply(input));
    await expect(lambda.saveToFile(path.join(directory, 'a.json'))).rejects.toThrow(/double \(Lambda\): argument 'fn' is a function, which cannot be saved/);
    const custom = new Model(input, new Dense(2, { activation: (x: tf.Tensor) => tf.sin(x), name: 'wavy' }).apply(input));
    const error = await custom.saveToFile(path.join(directory, 'b.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeraflowError);
    expect(error).toMatchObject({ layer: 'wavy', argument: 'activation' });
    expect(fs.readdirSync(directory)).toEqual([]);
  });

  it('a function regularizer: an error naming the layer and the parameter', async () => {
    const input = new Input([2]);
    const model = new Model(input, new Dense(2, { name: 'odd', regularizers: { b: (w: tf.Tensor) => tf.sum(w) as tf.Scalar } }).apply(input));
    await expect(model.saveToFile(path.join(folder(), 'a.json'))).rejects.toThrow(/odd: the regularizer of parameter 'b' is .* which cannot be saved/);
  });

  it('a Sequential that is a layer is not a model', async () => {
    const sequential = new Sequential([new Dense(2)], { name: 'lonely' });
    await expect(sequential.saveToFile(path.join(folder(), 'a.json'))).rejects.toThrow(/lonely does not start with an Input/);
  });
});

/** A user's own layer: y = x · s · factor, with one parameter s per feature. */
class Scale extends Layer {
  static override readonly spec: LayerSpec = {
    className: 'Scale',
    doc: 'Multiplies each feature by a learned scale and a fixed factor.',
    args: [{ name: 'factor', type: 'float', positional: true, required: true, doc: 'The fixed factor.' }],
    params: ['s'],
    inputs: 'single',
  };
  constructor(factor: number, options: LayerOptions = {}) {
    super([factor], options as LayerOptions & Record<string, unknown>);
  }
  protected override initParams(shape: Shape): void {
    this.addParam('s', [shape.at(-1)!], (size) => tf.randomNormal(size));
  }
  call(x: tf.Tensor): tf.Tensor {
    return tf.mul(tf.mul(x, this.weights.s), this.args.factor as number);
  }
}

describe('custom layers', () => {
  it('a registered custom layer round-trips, its arguments and parameters too', async () => {
    registerLayer(Scale);
    const input = new Input([3]);
    const model = new Model(input, new Scale(2.5, { name: 'scaled', regularizers: 'l1' }).apply(input));
    const { loaded, text } = await roundTrip(model, 'yaml');
    expect(text).toContain('class_name: Scale\n    name: scaled\n    trainable: true\n    config:\n      factor: 2.5\n');
    expectSamePredictions(model, loaded, [[1, 2, 3]]);
  });

  it('an unregistered one is an error at saving, naming the class and the fix', async () => {
    class Unlisted extends Scale {
      static override readonly spec: LayerSpec = { ...Scale.spec, className: 'Unlisted' };
    }
    const input = new Input([3]);
    const model = new Model(input, new Unlisted(1, { name: 'odd_one' }).apply(input));
    await expect(model.saveToFile(path.join(folder(), 'a.json'))).rejects.toThrow(/odd_one: its class Unlisted is not registered, so it could not be loaded; call registerLayer\(Unlisted\) first/);
  });
});
