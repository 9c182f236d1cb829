import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { KeraflowError } from '../errors.ts';
import type { Model } from '../engine/model.ts';
import { checkCanWrite, writeFileAtomic } from './atomic-write.ts';
import { tfjsArtifacts } from './tfjs-export.ts';

/** Shards of at most this size, as tensorflowjs_converter writes them. */
const SHARD_BYTES = 4 * 1024 * 1024;

/**
 * Writes `model.json` and its weight shards (`group1-shardNofM.bin`) into
 * `directory` (made if missing), which `tf.loadLayersModel('file://DIR/model.json')`
 * loads. Existing files are an error unless `overwrite`. Node only:
 * runtime/node.ts provides it.
 */
export async function exportTfjs(model: Model, directory: string, options: { overwrite?: boolean } = {}): Promise<void> {
  if (typeof directory !== 'string' || directory === '') {
    throw new KeraflowError(`exportTfjs takes a directory path, but got ${JSON.stringify(directory) ?? String(directory)}`, {
      argument: 'directory',
      expected: 'a directory path',
      given: String(directory),
    });
  }
  const { weightData, weightSpecs, ...rest } = tfjsArtifacts(model);
  const data = new Uint8Array(weightData);
  const shardCount = Math.max(1, Math.ceil(data.byteLength / SHARD_BYTES));
  const shardNames = Array.from({ length: shardCount }, (_, i) => `group1-shard${i + 1}of${shardCount}.bin`);
  const modelJson = {
    format: rest.format,
    generatedBy: rest.generatedBy,
    convertedBy: rest.convertedBy,
    modelTopology: rest.modelTopology,
    weightsManifest: [{ paths: shardNames, weights: weightSpecs }],
  };

  await fs.mkdir(directory, { recursive: true });
  const files = [...shardNames, 'model.json'].map((name) => path.join(directory, name));
  for (const file of files) await checkCanWrite(file, { overwrite: options.overwrite, argument: 'directory' });
  for (const [index, name] of shardNames.entries()) {
    const shard = data.subarray(index * SHARD_BYTES, Math.min(data.byteLength, (index + 1) * SHARD_BYTES));
    await writeFileAtomic(path.join(directory, name), shard, { overwrite: options.overwrite, argument: 'directory' });
  }
  await writeFileAtomic(path.join(directory, 'model.json'), `${JSON.stringify(modelJson, null, 2)}\n`, { overwrite: options.overwrite, argument: 'directory' });
}
