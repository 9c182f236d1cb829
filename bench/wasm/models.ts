/**
 * The two models of the wasm training benchmark, described once for both
 * sides: Keraflow's layers in this process, tf.layers in a child process.
 */
import type * as tfl from '@tensorflow/tfjs-layers';

export type ModelName = 'mlp' | 'cnn' | 'lstm';

export interface BenchModel {
  readonly title: string;
  readonly inputShape: number[];
  readonly classes: number;
  readonly batchSize: number;
  /** Multiply-add FLOPs of one training step (forward, weight gradients, input gradients past the first layer). */
  readonly flopsPerStep: number;
}

/** FLOPs of a layer that multiplies `macs` times per sample forward: forward + dW (+ dx unless first). */
const trainingFlops = (macs: number, first: boolean) => 2 * macs * (first ? 2 : 3);

export const MODELS: Record<ModelName, BenchModel> = {
  mlp: {
    title: 'MLP 784-512-512-10, batch 128',
    inputShape: [784],
    classes: 10,
    batchSize: 128,
    flopsPerStep: 128 * (trainingFlops(784 * 512, true) + trainingFlops(512 * 512, false) + trainingFlops(512 * 10, false)),
  },
  cnn: {
    // conv 3×3×32 valid (26×26) → max 2 → conv 3×3×64 valid (11×11) → max 2 (5×5) → dense 10
    title: 'CNN conv32-pool-conv64-pool-dense10, 28×28×1, batch 64',
    inputShape: [28, 28, 1],
    classes: 10,
    batchSize: 64,
    flopsPerStep: 64 * (trainingFlops(26 * 26 * 9 * 32, true) + trainingFlops(11 * 11 * 9 * 32 * 64, false) + trainingFlops(5 * 5 * 64 * 10, false)),
  },
  lstm: {
    // 20 steps: the gates' input products x_t·W (no input gradient) and recurrent products h·U, then dense 10
    title: 'LSTM 20 × 32 → 64 → dense 10, batch 64',
    inputShape: [20, 32],
    classes: 10,
    batchSize: 64,
    flopsPerStep: 64 * (20 * (trainingFlops(32 * 4 * 64, true) + trainingFlops(64 * 4 * 64, false)) + trainingFlops(64 * 10, false)),
  },
};

/** The same model in tf.layers (the stock side). */
export function stockModel(tf: typeof tfl, name: ModelName): tfl.Sequential {
  const model = tf.sequential();
  if (name === 'mlp') {
    model.add(tf.layers.dense({ units: 512, activation: 'relu', inputShape: [784] }));
    model.add(tf.layers.dense({ units: 512, activation: 'relu' }));
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  } else if (name === 'lstm') {
    // glorotNormal: tf.layers' default orthogonal initializer fails on wasm (rMat.flatten is not a function).
    model.add(tf.layers.lstm({ units: 64, inputShape: [20, 32], recurrentActivation: 'hardSigmoid', recurrentInitializer: 'glorotNormal', implementation: 2 }));
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  } else {
    model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  }
  return model;
}

/** Deterministic synthetic data: `count` samples, one-hot labels. */
export function syntheticData(model: BenchModel, count: number): { x: Float32Array; y: Float32Array } {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(count * size).map(() => random());
  const y = new Float32Array(count * model.classes);
  for (let i = 0; i < count; i++) y[i * model.classes + Math.floor(random() * model.classes)] = 1;
  return { x, y };
}

export interface Timing {
  side: string;
  backend: string;
  steps: number;
  msPerStep: number;
}
