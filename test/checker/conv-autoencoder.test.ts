/**
 * valid/conv_autoencoder.kf, a `use keras` convolutional autoencoder (strided
 * Conv2D down, Conv2DTranspose up), checks clean (corpus.test.ts) and trains
 * from the command line: `keraflow train` on 8×8 images of boxes, the targets
 * the images themselves, brings the loss well down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generator } from '../keras/seeded.ts';
import { runKeraflow } from '../run-keraflow.ts';

const root = join(import.meta.dirname, '../..');
const directory = mkdtempSync(join(tmpdir(), 'keraflow-conv-autoencoder-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** 80 flattened 8×8 images, each a filled box of 2 or 3 rows and columns somewhere in it. */
function boxes(): number[][] {
  const random = generator(7);
  return Array.from({ length: 80 }, () => {
    const [top, left, height, width] = [random.int(0, 5), random.int(0, 5), random.int(2, 3), random.int(2, 3)];
    return Array.from({ length: 64 }, (_, k) => {
      const [row, column] = [Math.floor(k / 8), k % 8];
      return row >= top && row < top + height && column >= left && column < left + width ? 1 : 0;
    });
  });
}

describe('a use keras convolutional autoencoder', () => {
  it('trains from the command line: the loss falls to under half its first value', () => {
    const images = boxes();
    const data = join(directory, 'boxes.json');
    writeFileSync(data, JSON.stringify({ x: images, y: images }));
    const result = runKeraflow(['train', 'test/checker/valid/conv_autoencoder.kf', '--data', data, '--epochs', '10'], { cwd: root, env: { KERAFLOW_BACKEND: 'cpu' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('conv2d_transpose_2 (Conv2DTranspose)  [batch, 8, 8, 8]  584');
    const losses = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('Epoch '))
      .map((line) => Number(/loss: (\d+\.\d+)/.exec(line)![1]));
    expect(losses).toHaveLength(10);
    expect(losses.at(-1)!).toBeLessThan(losses[0] / 2);
  }, 300_000);
});
