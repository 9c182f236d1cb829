/**
 * The bridge's overhead: `keraflow train FILE.kf --engine keras` against a
 * hand-written Keras 3 script that does the same job: trains the same model
 * (MLP 784-512-512-10, SGD, batch 128) on the same MNIST samples for the same
 * epochs, then scores the same held-out samples (as the command does), each
 * run as a fresh process (Python's and JAX's start-up included in both). The two run
 * interleaved, in alternating order, and the ratio is the median over rounds
 * of hand-written time / bridge time (> 0.9 is the target; 1: no
 * overhead). Wall-clock: both spend their time in other processes.
 *
 *   KERAFLOW_PYTHON=/path/to/python npx tsx bench/keras-engine/bridge.ts [--rounds 3] [--epochs 2]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeNpy } from '../../compiler/cli/keras-engine/npy.ts';
import { loadDataset } from '../../runtime/datasets/index.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, epochs: { type: 'string', default: '2' } } });
const rounds = Number(values.rounds);
const epochs = Number(values.epochs);
const python = process.env.KERAFLOW_PYTHON || 'python3';
const root = join(import.meta.dirname, '../..');
const folder = mkdtempSync(join(tmpdir(), 'keraflow-bridge-bench-'));

const model = `sequential Mlp {
  Input([784])
  Dense(512, activation=relu)
  Dense(512, activation=relu)
  Dense(10, activation=softmax)
  loss = categorical_crossentropy
  metrics = [accuracy]
  optimizer = SGD(lr=0.01)
  train { data = mnist, batch_size = 128, epochs = ${epochs} }
}
`;

// The hand-written script gets the very samples keraflow train uses (MNIST's training and held-out parts), as .npy files.
// The built-in MNIST holds each part as one typed array with its shape.
type Part = { x: { data: Float32Array; shape: number[] }; y: { data: Float32Array; shape: number[] } };
const mnist = loadDataset('mnist') as unknown as { train: Part; test: Part };
const x = { values: Float32Array.from(mnist.train.x.data), shape: mnist.train.x.shape };
for (const [name, part] of Object.entries({ train: mnist.train, test: mnist.test })) {
  writeFileSync(join(folder, `${name}_x.npy`), encodeNpy(Float32Array.from(part.x.data), part.x.shape));
  writeFileSync(join(folder, `${name}_y.npy`), encodeNpy(Float32Array.from(part.y.data), part.y.shape));
}
writeFileSync(join(folder, 'mlp.kf'), model);
writeFileSync(
  join(folder, 'hand.py'),
  `import os
os.environ.setdefault("KERAS_BACKEND", "jax")
import keras
import numpy as np
x, y = np.load("train_x.npy"), np.load("train_y.npy")
model = keras.Sequential([
    keras.Input((784,)),
    keras.layers.Dense(512, activation="relu"),
    keras.layers.Dense(512, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.SGD(0.01), loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, batch_size=128, epochs=${epochs}, verbose=0)
print(model.evaluate(np.load("test_x.npy"), np.load("test_y.npy"), batch_size=128, verbose=0, return_dict=True))
`,
);

// The built CLI when there is one (as users run it), else the sources.
const fromSource = process.env.KERAFLOW_FROM_SOURCE ?? (existsSync(join(root, 'dist/compiler/cli/main.js')) ? '' : '1');
const env = { ...process.env, KERAS_BACKEND: process.env.KERAS_BACKEND || 'jax', KERAFLOW_PYTHON: python, KERAFLOW_FROM_SOURCE: fromSource };
function timed(command: string, args: string[]): number {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd: folder, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.slice(-2000)}`);
  return (performance.now() - start) / 1000;
}

const bridge = () => timed(process.execPath, [join(root, 'bin/keraflow.js'), 'train', 'mlp.kf', '--engine', 'keras', '--verbose', '0']);
const hand = () => timed(python, ['hand.py']);
const ratios: number[] = [];
try {
  console.log(`MLP 784-512-512-10, ${x.shape[0]} MNIST samples, batch 128, ${epochs} epochs, ${rounds} rounds (${python})`);
  for (let round = 0; round < rounds; round++) {
    const [first, second] = round % 2 === 0 ? [bridge, hand] : [hand, bridge];
    const a = first();
    const b = second();
    const [bridgeSeconds, handSeconds] = first === bridge ? [a, b] : [b, a];
    ratios.push(handSeconds / bridgeSeconds);
    // The machine's load (1-minute average) beside each round: on a shared machine it explains most of the spread.
    const load = loadavg()[0].toFixed(1);
    console.log(
      `round ${round + 1}: keraflow train --engine keras ${bridgeSeconds.toFixed(1)} s, hand-written Keras ${handSeconds.toFixed(1)} s, ratio ${(handSeconds / bridgeSeconds).toFixed(2)} (load ${load})`,
    );
  }
  const sorted = [...ratios].sort((p, q) => p - q);
  console.log(`median ratio (hand-written / bridge, 1 = no overhead): ${sorted[Math.floor(sorted.length / 2)].toFixed(2)}`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
