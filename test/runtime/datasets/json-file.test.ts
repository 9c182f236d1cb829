import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadJsonDataset } from '../../../runtime/datasets/json-file.ts';
import { errorOf } from './error-of.ts';

const directory = mkdtempSync(join(tmpdir(), 'keraflow-json-data-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

describe('JSON data files', () => {
  it('splits {x, y} arrays 80/20, keeping each x with its y', () => {
    const x = Array.from({ length: 10 }, (_, i) => [i, i * 2]);
    const y = Array.from({ length: 10 }, (_, i) => [i * 10]);
    const data = loadJsonDataset(file('pairs.json', JSON.stringify({ x, y })));
    const train = { x: data.train.x as number[][], y: data.train.y as number[][] };
    const test = { x: data.test.x as number[][], y: data.test.y as number[][] };
    expect([train.x.length, train.y.length, test.x.length, test.y.length]).toEqual([8, 8, 2, 2]);
    for (const part of [train, test]) part.x.forEach((row, i) => expect(part.y[i]).toEqual([row[0] * 10]));
    expect([...train.x, ...test.x].map((row) => row[0]).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(data.description).toBe(`${join(directory, 'pairs.json')}: 8 samples for training, 2 held out for testing`);
  });

  it('splits per-channel dicts by the same samples, and the same way every time', () => {
    const count = 20;
    const content = {
      x: { left: Array.from({ length: count }, (_, i) => [i]), right: Array.from({ length: count }, (_, i) => [100 - i]) },
      y: { same: Array.from({ length: count }, (_, i) => i % 2), gap: Array.from({ length: count }, (_, i) => [i, i]) },
    };
    const path = file('channels.json', JSON.stringify(content));
    const data = loadJsonDataset(path);
    const x = data.test.x as { left: number[][]; right: number[][] };
    const y = data.test.y as { same: number[]; gap: number[][] };
    expect(x.left).toHaveLength(4);
    x.left.forEach(([i], row) => {
      expect(x.right[row]).toEqual([100 - i]);
      expect(y.same[row]).toBe(i % 2);
      expect(y.gap[row]).toEqual([i, i]);
    });
    expect(loadJsonDataset(path)).toEqual(data);
  });

  it('holds one of two samples out, so that there is one to train on and one to test', () => {
    const data = loadJsonDataset(file('two.json', '{"x": [[1], [2]], "y": [[10], [20]]}'));
    const x = [...(data.train.x as number[][]), ...(data.test.x as number[][])];
    expect([(data.train.x as number[][]).length, (data.test.x as number[][]).length]).toEqual([1, 1]);
    expect(x.map(([value]) => value).sort()).toEqual([1, 2]);
    expect(data.description).toBe(`${join(directory, 'two.json')}: 1 samples for training, 1 held out for testing`);
  });

  it('says so when the file cannot be read', () => {
    const path = join(directory, 'missing.json');
    const error = errorOf(() => loadJsonDataset(path));
    expect(error.message).toBe(`cannot read data file '${path}': no such file`);
    expect(error.argument).toBe('data');
  });

  it('says so when the file is not JSON', () => {
    const path = file('broken.json', '{"x": [1, 2');
    expect(errorOf(() => loadJsonDataset(path)).message).toMatch(new RegExp(`^data file '${path}' is not valid JSON: .+`));
  });

  it('needs an object with x and y', () => {
    const list = file('list.json', '[1, 2, 3]');
    expect(errorOf(() => loadJsonDataset(list)).message).toBe(`data file '${list}' must hold an object {"x": ..., "y": ...}, but holds [1,2,3]`);
    const noY = file('no-y.json', '{"x": [[1], [2]], "labels": [1, 2]}');
    const error = errorOf(() => loadJsonDataset(noY));
    expect(error.message).toBe(`data file '${noY}' has no "y"; expected an object {"x": ..., "y": ...}`);
    expect([error.key, error.given]).toEqual(['y', 'keys x, labels']);
    const noX = file('no-x.json', '{"y": [1, 2]}');
    expect(errorOf(() => loadJsonDataset(noX)).message).toBe(`data file '${noX}' has no "x"; expected an object {"x": ..., "y": ...}`);
  });

  it('refuses values float32 cannot hold and non-numbers alike, naming the row and the column', () => {
    const rows = (bad: unknown) => [
      [1, 2],
      [3, 4],
      [5, bad],
    ];
    const cases: [unknown, string][] = [
      [1e39, "1e+39, which is beyond float32's range (±3.4028235e38)"],
      [-1e39, "-1e+39, which is beyond float32's range (±3.4028235e38)"],
      [true, 'true, which is not a number'],
      [false, 'false, which is not a number'],
      [null, 'null, which is not a number'],
      ['7', '"7", which is not a number'],
    ];
    for (const [bad, said] of cases) {
      const error = errorOf(() => loadJsonDataset(file('bad.json', JSON.stringify({ x: rows(bad), y: [[0], [1], [0]] })), 'bad.json'));
      expect(error.message).toBe(`data file 'bad.json': "x" row 2, column 1 holds ${said}`);
      expect(error.key).toBe('x[2][1]');
    }
    const inDict = errorOf(() =>
      loadJsonDataset(
        file(
          'dict.json',
          JSON.stringify({
            x: {
              a: [
                [[1], [2]],
                [[3], [true]],
              ],
            },
            y: [0, 1],
          }),
        ),
        'dict.json',
      ),
    );
    expect(inDict.message).toBe('data file \'dict.json\': "x.a" row 1, column 1, 0 holds true, which is not a number');
    const label = errorOf(() => loadJsonDataset(file('label.json', JSON.stringify({ x: [[1], [2]], y: [0, 3.5e38] })), 'label.json'));
    expect(label.message).toBe("data file 'label.json': \"y\" row 1 holds 3.5e+38, which is beyond float32's range (±3.4028235e38)");
    // The largest float32 itself is fine.
    expect(() => loadJsonDataset(file('edge.json', JSON.stringify({ x: [[3.4028234663852886e38], [-1]], y: [0, 1] })))).not.toThrow();
  });

  it('needs arrays of samples, as many in every channel', () => {
    const scalar = file('scalar.json', '{"x": 3, "y": [1]}');
    expect(errorOf(() => loadJsonDataset(scalar)).message).toBe(`data file '${scalar}': "x" must be an array of samples or a dict of them by channel name, but is 3`);
    const channel = file('channel.json', '{"x": {"a": "text"}, "y": [1]}');
    expect(errorOf(() => loadJsonDataset(channel)).message).toBe(`data file '${channel}': "x"."a" must be an array of samples, but is "text"`);
    const uneven = file('uneven.json', '{"x": {"a": [1, 2, 3], "b": [1, 2, 3]}, "y": [1, 2]}');
    const error = errorOf(() => loadJsonDataset(uneven));
    expect(error.message).toBe(`data file '${uneven}': every channel must have the same number of samples, but found x.a: 3, x.b: 3, y: 2`);
    expect([error.key, error.expected, error.given]).toEqual(['y', '3 samples', '2']);
    const single = file('single.json', '{"x": [[1]], "y": [[1]]}');
    expect(errorOf(() => loadJsonDataset(single)).message).toBe(`data file '${single}' has 1 sample; at least 2 are needed (one to train on, one to test)`);
  });
});
