import { KeraflowError } from '../errors.ts';
import type { Model } from '../engine/model.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { kerasArchive } from './keras-archive.ts';

/**
 * Writes the Keras 3 archive of a model (see keras-archive.ts) to `file`,
 * atomically. An existing file is an error unless `overwrite`.
 */
export async function exportKeras(model: Model, file: string, options: { overwrite?: boolean } = {}): Promise<void> {
  if (typeof file !== 'string' || !file.endsWith('.keras')) {
    throw new KeraflowError(`exportKeras takes a path ending in .keras (Keras 3 loads only those), but got ${JSON.stringify(file) ?? String(file)}`, {
      argument: 'file',
      expected: 'a path ending in .keras',
      given: String(file),
    });
  }
  const bytes = await kerasArchive(model);
  await writeFileAtomic(file, bytes, { overwrite: options.overwrite, argument: 'file' });
}
