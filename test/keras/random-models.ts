/**
 * Random valid models for the Keras export test, one per seed: one to three
 * inputs (vectors, sequences, images), each through a few dense,
 * convolutional, recurrent or pooling layers down to a vector, projected to
 * one width, sometimes through one shared layer, merged, and one or two
 * outputs. Deterministic in the seed.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  Activation,
  BatchNormalization,
  Bidirectional,
  Concatenate,
  Convolution1D,
  Convolution2D,
  Dense,
  Dropout,
  ElementWiseMult,
  ElementWiseSum,
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
  SimpleRNN,
  TimeDistributed,
  ZeroPadding2D,
  type Kensor,
} from '../../runtime/node.ts';

import { ACTIVATIONS, generator } from './seeded.ts';

export function randomModel(seed: number): { model: Model; x: tf.Tensor[]; description: string } {
  const random = generator(seed);
  const used: string[] = [];
  const note = (name: string) => used.push(name);
  const activation = () => random.pick(ACTIVATIONS);
  const inputs: Input[] = [];
  const x: tf.Tensor[] = [];
  const vectors: Kensor[] = [];

  for (let i = 0; i < random.int(1, 3); i++) {
    const kind = random.pick(['vector', 'sequence', 'image'] as const);
    const batch = 3;
    let h: Kensor;
    if (kind === 'vector') {
      const input = new Input([random.int(2, 6)], { name: `vector_${i}` });
      inputs.push(input);
      h = input.output;
      for (let k = 0; k < random.int(1, 3); k++) {
        const step = random.int(0, 4);
        if (step === 0) note('BatchNormalization'), (h = new BatchNormalization().apply(h));
        else if (step === 1) note('LayerNormalization'), (h = new LayerNormalization().apply(h));
        else if (step === 2) note('Dropout'), (h = new Dropout(0.2).apply(h));
        else if (step === 3) note('Activation'), (h = new Activation(random.pick(['relu', 'tanh', 'softmax'])).apply(h));
        else note('Dense'), (h = new Dense(random.int(2, 6), { activation: activation() }).apply(h));
      }
      x.push(tf.randomNormal([batch, ...(input.shape.slice(1) as number[])]));
    } else if (kind === 'sequence') {
      const input = new Input([random.int(3, 6), random.int(2, 4)], { name: `sequence_${i}` });
      inputs.push(input);
      h = input.output;
      const recurrentOptions = () => ({
        returnSequences: true,
        goBackwards: random.chance(0.3),
        innerActivation: random.pick(['hard_sigmoid', 'sigmoid']),
      });
      for (let k = 0; k < random.int(1, 2); k++) {
        const step = random.int(0, 5);
        if (step === 0) note('LSTM'), (h = new LSTM(random.int(2, 4), recurrentOptions()).apply(h));
        else if (step === 1) note('GRU'), (h = new GRU(random.int(2, 4), recurrentOptions()).apply(h));
        else if (step === 2)
          note('Bidirectional'), (h = new Bidirectional(new SimpleRNN(random.int(2, 3), { returnSequences: true }), { mergeMode: random.pick(['concat', 'sum', 'ave'] as const) }).apply(h));
        else if (step === 3) note('Convolution1D'), (h = new Convolution1D(random.int(2, 4), 2, { pad: 'same', activation: activation() }).apply(h));
        else if (step === 4) note('TimeDistributed'), (h = new TimeDistributed(new Dense(random.int(2, 4), { activation: activation() })).apply(h));
        else note('Pooling1D'), (h = new Pooling1D(random.pick(['max', 'avg'] as const), { poolSize: 2, pad: 'same' }).apply(h));
      }
      const end = random.int(0, 2);
      if (end === 0) note('SimpleRNN'), (h = new SimpleRNN(random.int(2, 4), { activation: 'tanh' }).apply(h));
      else if (end === 1) note('GlobalPooling1D'), (h = new GlobalPooling1D(random.pick(['max', 'avg'] as const)).apply(h));
      else note('GRU'), (h = new GRU(random.int(2, 4), { innerActivation: 'hard_sigmoid' }).apply(h));
      x.push(tf.randomNormal([batch, ...(input.shape.slice(1) as number[])]));
    } else {
      const input = new Input([random.int(5, 8), random.int(5, 8), random.int(1, 3)], { name: `image_${i}` });
      inputs.push(input);
      h = input.output;
      if (random.chance(0.3)) note('ZeroPadding2D'), (h = new ZeroPadding2D(1).apply(h));
      note('Convolution2D');
      h = new Convolution2D(random.int(2, 4), 3, 3, { pad: random.pick(['same', 'valid'] as const), activation: activation() }).apply(h);
      if (random.chance(0.5)) note('Pooling2D'), (h = new Pooling2D(random.pick(['max', 'avg'] as const)).apply(h));
      if (random.chance(0.5)) note('Flatten'), (h = new Flatten().apply(h));
      else note('GlobalPooling2D'), (h = new GlobalPooling2D(random.pick(['max', 'avg'] as const)).apply(h));
      x.push(tf.randomNormal([batch, ...(input.shape.slice(1) as number[])]));
    }
    vectors.push(h);
  }

  // One width for all branches, then (sometimes) one layer shared by all of them.
  const width = random.int(2, 5);
  let branches = vectors.map((h) => new Dense(width, { activation: activation() }).apply(h));
  if (random.chance(0.6)) {
    note('shared Dense');
    const shared = new Dense(width, { activation: activation(), name: 'shared' });
    branches = branches.map((h) => shared.apply(h));
  }
  let merged = branches[0];
  if (branches.length > 1) {
    const merge = random.int(0, 2);
    const layer = merge === 0 ? new Concatenate() : merge === 1 ? new ElementWiseSum() : new ElementWiseMult();
    note(layer.className);
    merged = layer.apply(branches);
  }
  const outputs = [new Dense(random.int(1, 4), { activation: random.pick(['softmax', 'sigmoid', 'linear']), name: 'head' }).apply(merged)];
  if (random.chance(0.5)) outputs.push(new Dense(2, { name: 'side' }).apply(branches.at(-1)!));
  const model = new Model(inputs, outputs, { name: `random_${seed}` });
  return { model, x, description: `seed ${seed}: ${inputs.map((input) => input.name).join(', ')} → ${used.join(', ')}` };
}
