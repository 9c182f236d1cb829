/**
 * Random valid `.kf` models, one per seed, for the Keras compile target's
 * test: the same families as random-models.ts (vectors, sequences with a
 * fixed or symbolic length, images; dense, normalization, recurrent,
 * convolutional, pooling and wrapper layers; a layer shared by every
 * branch; a merge; one or two outputs with their losses), written as
 * `.kf` source. Deterministic in the seed.
 */

import { ACTIVATIONS, generator } from './seeded.ts';

export function randomKf(seed: number): string {
  const random = generator(seed);
  const activation = () => random.pick(ACTIVATIONS);
  const lines: string[] = [];
  const branches: string[] = [];
  const inputs = random.int(1, 3);
  for (let i = 0; i < inputs; i++) {
    const kind = random.pick(['vector', 'sequence', 'image'] as const);
    const stages: string[] = [];
    let input: string;
    if (kind === 'vector') {
      input = `vector_${i}`;
      lines.push(`  input ${input}: [${random.int(2, 6)}]`);
      for (let k = 0; k < random.int(1, 3); k++) {
        stages.push(
          random.pick([
            'BatchNormalization()',
            'LayerNormalization()',
            'Dropout(0.2)',
            `Activation(${random.pick(['relu', 'tanh', 'softmax'])})`,
            `Dense(${random.int(2, 6)}, activation=${activation()})`,
          ]),
        );
      }
    } else if (kind === 'sequence') {
      input = `sequence_${i}`;
      const symbolic = random.chance(0.3);
      lines.push(`  input ${input}: [${symbolic ? 'T' : random.int(3, 6)}, ${random.int(2, 4)}]`);
      const recurrentOptions = () => `return_sequences=true, go_backwards=${random.chance(0.3)}, inner_activation=${random.pick(['hard_sigmoid', 'sigmoid'])}`;
      for (let k = 0; k < random.int(1, 2); k++) {
        stages.push(
          random.pick([
            `LSTM(${random.int(2, 4)}, ${recurrentOptions()})`,
            `GRU(${random.int(2, 4)}, ${recurrentOptions()})`,
            `Bidirectional(SimpleRNN(${random.int(2, 3)}, return_sequences=true), merge_mode=${random.pick(['concat', 'sum', 'ave'])})`,
            `Convolution1D(${random.int(2, 4)}, 2, pad=same, activation=${activation()})`,
            `TimeDistributed(Dense(${random.int(2, 4)}, activation=${activation()}))`,
            `Pooling1D(${random.pick(['max', 'avg'])}, pool_size=2, pad=same)`,
          ]),
        );
      }
      stages.push(random.pick([`SimpleRNN(${random.int(2, 4)}, activation=tanh)`, `GlobalPooling1D(${random.pick(['max', 'avg'])})`, `GRU(${random.int(2, 4)})`]));
    } else {
      input = `image_${i}`;
      lines.push(`  input ${input}: [${random.int(5, 8)}, ${random.int(5, 8)}, ${random.int(1, 3)}]`);
      if (random.chance(0.3)) stages.push('ZeroPadding2D(1)');
      stages.push(`Convolution2D(${random.int(2, 4)}, 3, 3, pad=${random.pick(['same', 'valid'])}, activation=${activation()})`);
      if (random.chance(0.5)) stages.push(`Pooling2D(${random.pick(['max', 'avg'])})`);
      stages.push(random.chance(0.5) ? 'Flatten' : `GlobalPooling2D(${random.pick(['max', 'avg'])})`);
    }
    branches.push(`branch_${i}`);
    lines.push(`  branch_${i} = ${[input, ...stages].join(' -> ')}`);
  }

  const width = random.int(2, 5);
  let projected = branches.map((branch, i) => {
    lines.push(`  projected_${i} = ${branch} -> Dense(${width}, activation=${activation()})`);
    return `projected_${i}`;
  });
  if (random.chance(0.6)) {
    lines.push(`  layer shared = Dense(${width}, activation=${activation()})`);
    projected = projected.map((name, i) => {
      lines.push(`  through_${i} = shared(${name})`);
      return `through_${i}`;
    });
  }
  let merged = projected[0];
  if (projected.length > 1) {
    lines.push(`  merged = ${random.pick(['Concatenate', 'ElementWiseSum', 'ElementWiseMult'])}()([${projected.join(', ')}])`);
    merged = 'merged';
  }
  const head = random.pick(['softmax', 'sigmoid', 'linear']);
  lines.push(`  output head = ${merged} -> Dense(${random.int(1, 4)}, activation=${head})`);
  lines.push('  loss head = mse', '  metrics head = [mae]');
  if (random.chance(0.5)) {
    lines.push(`  output side = ${projected.at(-1)} -> Dense(2)`, '  loss side = mse');
  }
  lines.push(`  optimizer = ${random.pick(['sgd', 'adam', 'rmsprop', 'Adam(lr=0.01)', 'SGD(lr=0.1, momentum=0.5, nesterov=true)'])}`);
  return `model Random${seed} {\n${lines.join('\n')}\n}\n`;
}
