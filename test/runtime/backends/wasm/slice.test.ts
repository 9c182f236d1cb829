/**
 * Slice on wasm: the shipped kernel copies its whole input out of the heap on
 * every call (a batch of a large dataset copied the dataset); Keraflow's
 * copies only the slice, heap to heap.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { shippedKernel } from '../../../../runtime/backends/wasm/heap.ts';
import { grid, kernelFunction, on } from '../gradient-check.ts';

/** Elements [begin, begin + size) of a row-major array of `shape`, by the definition (the oracle). */
function sliceByHand(values: number[], shape: number[], begin: number[], size: number[]): number[] {
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const out: number[] = [];
  const visit = (axis: number, offset: number) => {
    if (axis === shape.length) return void out.push(values[offset]);
    for (let i = begin[axis]; i < begin[axis] + size[axis]; i++) visit(axis + 1, offset + i * strides[axis]);
  };
  visit(0, 0);
  return out;
}

const cases: [string, number[], number[], number[]][] = [
  ['rows of a matrix (contiguous)', [6, 4], [2, 0], [3, 4]],
  ['columns of a matrix', [6, 4], [1, 1], [4, 2]],
  ['one time step of a sequence batch', [3, 5, 4], [0, 2, 0], [3, 1, 4]],
  ['an inner block of a rank-4 tensor', [2, 5, 4, 3], [1, 1, 2, 1], [1, 3, 2, 2]],
  ['a rank-5 corner', [2, 3, 2, 3, 4], [0, 1, 1, 0, 1], [2, 2, 1, 3, 3]],
  ['a vector', [9], [3], [4]],
  ['nothing', [4, 3], [1, 0], [0, 3]],
];

describe('Slice (wasm)', () => {
  it("is Keraflow's once wasm is selected", async () => {
    await on('wasm', () => undefined);
    expect(kernelFunction('Slice', 'wasm')).not.toBe(shippedKernel('Slice'));
  });

  it.each(cases)('%s: the elements by hand, as cpu', async (_, shape, begin, size) => {
    const { values } = grid(shape, 1);
    const op = () => Array.from(tf.slice(tf.tensor(values, shape), begin, size).dataSync());
    const wasm = await on('wasm', op);
    expect(wasm).toEqual(sliceByHand(values, shape, begin, size));
    expect(wasm).toEqual(await on('cpu', op));
  });

  it('slices int32 and bool tensors, and takes size -1 as "to the end"', async () => {
    const ints = await on('wasm', () => Array.from(tf.slice(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), [1, 1], [-1, 1]).dataSync()));
    expect(ints).toEqual([4, 6]);
    const bools = await on('wasm', () => Array.from(tf.slice(tf.tensor1d([true, false, true, true, false]), 1, 3).dataSync()));
    expect(bools).toEqual([0, 1, 1]);
  });

  it('slices strings with the shipped kernel', async () => {
    const words = await on('wasm', () => tf.slice(tf.tensor1d(['a', 'bb', 'ccc', 'd']), 1, 2).arraySync());
    expect(words).toEqual(['bb', 'ccc']);
  });

  it('never copies the whole input out of the heap', async () => {
    await on('wasm', () => {
      const data = tf.tensor(grid([1000, 16], 2).values, [1000, 16]);
      const readSync = vi.spyOn(tf.backend() as unknown as { readSync(dataId: object): unknown }, 'readSync');
      const batch = tf.slice(data, [128, 0], [32, 16]);
      const column = tf.slice(data, [0, 3], [1000, 1]);
      expect(readSync).not.toHaveBeenCalled();
      readSync.mockRestore();
      expect(Array.from(batch.dataSync()).slice(0, 3)).toEqual(Array.from(data.dataSync()).slice(128 * 16, 128 * 16 + 3));
      expect(column.shape).toEqual([1000, 1]);
    });
  });

  // The shipped SplitV, Unpack and StridedSlice called the shipped slice directly, which copied the whole input for each piece.
  it.each(['SplitV', 'Unpack', 'StridedSlice'])("%s is Keraflow's once wasm is selected", async (name) => {
    await on('wasm', () => undefined);
    expect(kernelFunction(name, 'wasm')).not.toBe(shippedKernel(name));
  });

  const pieces: [string, (x: tf.Tensor) => tf.Tensor[]][] = [
    ["an LSTM's gate products split in four (SplitV)", (x) => tf.split(x, 4, 1)],
    ['uneven pieces along the last axis (SplitV)', (x) => tf.split(x, [1, 5, 2], -1)],
    ["a sequence's time steps (Unpack)", (x) => tf.unstack(tf.reshape(x, [2, 4, 2]), 1)],
    ['rows (Unpack)', (x) => tf.unstack(x, 0)],
    [
      'a block of steps, and one step with its axis shrunk (StridedSlice, strides 1)',
      (x) => [tf.stridedSlice(x, [0, 2], [2, 6], [1, 1]), tf.stridedSlice(tf.reshape(x, [2, 4, 2]), [0, 3, 0], [2, 4, 2], [1, 1, 1], 0, 0, 0, 0, 2)],
    ],
    ['every other column, and a new axis (StridedSlice as shipped)', (x) => [tf.stridedSlice(x, [0, 1], [2, 8], [1, 2]), tf.stridedSlice(x, [0, 0], [1, 3], [1, 1], 0, 0, 0, 1)]],
  ];
  it.each(pieces)('%s: as cpu, and no piece copies the whole input out of the heap', async (_, op) => {
    const { values } = grid([2, 8], 5);
    const run = (backend: 'wasm' | 'cpu') =>
      on(backend, () => {
        const x = tf.tensor(values, [2, 8]);
        const readSync = backend === 'wasm' ? vi.spyOn(tf.backend() as unknown as { readSync(dataId: object): unknown }, 'readSync') : undefined;
        const outputs = op(x);
        const reads = readSync?.mock.calls.length ?? 0;
        readSync?.mockRestore();
        return { reads, outputs: outputs.map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) })) };
      });
    const [wasm, cpu] = [await run('wasm'), await run('cpu')];
    expect(wasm.outputs).toEqual(cpu.outputs);
    expect(wasm.reads).toBe(0);
  });

  it('an LSTM trains on wasm as on cpu (its gates split, its steps unstacked)', async () => {
    const lossesOn = async (backend: 'wasm' | 'cpu') => {
      await on(backend, () => undefined);
      const { LSTM, Dense, Input, Model } = await import('../../../../runtime/index.ts');
      const input = new Input([5, 3]);
      const model = new Model(input, new Dense(2, { init: 'one' }).apply(new LSTM(4, { init: 'one', innerInit: 'one' }).apply(input)));
      model.compile({ optimizer: 'sgd', loss: 'mse' });
      const x = grid([6, 5, 3], 7).values;
      const history = await model.fit(tf.tensor(x, [6, 5, 3]), tf.ones([6, 2]), { epochs: 3, batchSize: 3, shuffle: false, verbose: 0 });
      return history.history.loss;
    };
    const [wasm, cpu] = [await lossesOn('wasm'), await lossesOn('cpu')];
    wasm.forEach((loss, epoch) => expect(loss).toBeCloseTo(cpu[epoch], 5));
  });
});
