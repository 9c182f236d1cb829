/** What the saving tests share: a temporary folder per suite, a TensorFlow.js file loader, prediction comparison. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, expect } from 'vitest';
import type { Model } from '../../../runtime/node.ts';

/** A fresh folder, removed after the suite. */
export function temporaryFolder(): () => string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keraflow-saving-'));
  let count = 0;
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  return () => {
    const folder = path.join(root, String(++count));
    fs.mkdirSync(folder);
    return folder;
  };
}

/**
 * What `tf.loadLayersModel('file://…/model.json')` does with tfjs-node's file
 * handler (not installable here): model.json, then its shards, concatenated.
 */
export function fileHandler(modelJson: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
      const groups = json.weightsManifest as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
      const shards = groups.flatMap((group) => group.paths.map((file) => fs.readFileSync(path.join(path.dirname(modelJson), file))));
      const data = Buffer.concat(shards);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: groups.flatMap((group) => group.weights),
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
      };
    },
  };
}

export const asList = (result: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(result) ? result : [result]);

/** Both models' predictions on `x`, bit for bit (tolerance 0) or to `tolerance`. */
export function expectSamePredictions(expected: { predict(x: unknown): tf.Tensor | tf.Tensor[] }, actual: { predict(x: unknown): tf.Tensor | tf.Tensor[] }, x: unknown, tolerance = 0): void {
  const before = asList(expected.predict(x));
  const after = asList(actual.predict(x));
  expect(after.length).toBe(before.length);
  before.forEach((tensor, i) => {
    expect(after[i].shape).toEqual(tensor.shape);
    if (tolerance === 0) expect(Array.from(after[i].dataSync())).toEqual(Array.from(tensor.dataSync()));
    else expect(tf.tidy(() => tf.max(tf.abs(tf.sub(after[i], tensor))).dataSync()[0])).toBeLessThanOrEqual(tolerance);
  });
  [...before, ...after].forEach((t) => t.dispose());
}

/** Every parameter of a model by `layer/param`, as arrays. */
export function weightValues(model: Model): Record<string, number[]> {
  return Object.fromEntries(model.parameters().map((p) => [`${p.layer.name}/${p.name}`, Array.from(p.variable.dataSync())]));
}
