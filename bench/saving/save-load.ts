/**
 * Saving and loading speed: Keraflow's saveToFile/loadFromFile (JSON
 * architecture + safetensors weights) and exportTfjs, against TensorFlow.js
 * Layers saving the same model to model.json + weights.bin and loading it
 * (tfjs-node's file:// handler does the same file work), in one run.
 *
 *   npx tsx bench/saving/save-load.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Dense, Input, Model } from '../../runtime/node.ts';

const REPEATS = 7;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'keraflow-bench-saving-'));

async function median(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)];
}

/** tf.layers' save to files, as tfjs-node's file:// handler writes them. */
const saveHandler = (directory: string): tf.io.IOHandler => ({
  save: async (artifacts) => {
    const weights = artifacts.weightData as ArrayBuffer;
    fs.writeFileSync(path.join(directory, 'weights.bin'), Buffer.from(weights));
    fs.writeFileSync(
      path.join(directory, 'model.json'),
      JSON.stringify({
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      }),
    );
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  },
});
const loadHandler = (directory: string): tf.io.IOHandler => ({
  load: async () => {
    const json = JSON.parse(fs.readFileSync(path.join(directory, 'model.json'), 'utf8'));
    const data = fs.readFileSync(path.join(directory, 'weights.bin'));
    return { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) };
  },
});

async function compare(label: string, sizes: number[]): Promise<void> {
  const input = new Input([sizes[0]]);
  let x = input.asKensor();
  for (const size of sizes.slice(1)) x = new Dense(size, { activation: 'relu' }).apply(x);
  const model = new Model(input, x);
  const oracle = tfl.sequential({ layers: sizes.slice(1).map((units, i) => tfl.layers.dense({ units, activation: 'relu', inputShape: i === 0 ? [sizes[0]] : undefined })) });

  const ours = path.join(folder, `${label}-ours`);
  const theirs = path.join(folder, `${label}-tfl`);
  fs.mkdirSync(ours);
  fs.mkdirSync(theirs);
  const arch = path.join(ours, 'model.json');
  const weights = path.join(ours, 'model.safetensors');

  const save = await median(() => model.saveToFile(arch, weights, { overwrite: true }));
  const load = await median(async () => {
    const loaded = await Model.loadFromFile(arch, weights);
    loaded.parameters().forEach((p) => p.variable.dispose());
  });
  const exported = await median(() => model.exportTfjs(path.join(ours, 'tfjs'), { overwrite: true }));
  const tflSave = await median(() => oracle.save(saveHandler(theirs)));
  const tflLoad = await median(async () => (await tfl.loadLayersModel(loadHandler(theirs))).dispose());

  const megabytes = (fs.statSync(weights).size / 2 ** 20).toFixed(1);
  console.log(`${label} (${model.countParams().total} parameters, ${megabytes} MiB):`);
  console.log(`  save   ${save.toFixed(1)} ms   tf.layers ${tflSave.toFixed(1)} ms   ratio ${(save / tflSave).toFixed(2)}`);
  console.log(`  load   ${load.toFixed(1)} ms   tf.layers ${tflLoad.toFixed(1)} ms   ratio ${(load / tflLoad).toFixed(2)}`);
  console.log(`  exportTfjs ${exported.toFixed(1)} ms   (tf.layers save ${tflSave.toFixed(1)} ms, ratio ${(exported / tflSave).toFixed(2)})`);
}

console.log(`backend ${tf.getBackend()}, median of ${REPEATS}`);
await compare('mlp-784-512-512-10', [784, 512, 512, 10]);
await compare('mlp-2048x3', [2048, 2048, 2048, 2048]);
fs.rmSync(folder, { recursive: true, force: true });
