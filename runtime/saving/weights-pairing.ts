/**
 * A saved model is all or nothing: the architecture file is the one
 * pointer that switches from the old model to the new one.
 *
 * Saving writes the new weights beside the old ones, under a name of their
 * own (`.model.safetensors.<sha256>.staged`), then the architecture, which
 * records the SHA-256 of its weights (`weights: {sha256: ...}`), by one
 * rename: that rename is the switch. Only then are the staged weights
 * renamed to `model.safetensors`. A save stopped at any point leaves the old
 * architecture with the old weights, or the new architecture with its
 * weights either in place or staged; loading finds them by their hash.
 *
 * Loading checks that the weights are those the architecture was saved
 * with. An architecture without the record (written before it existed, or
 * saved without weights) loads with any weights of the right layout.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { KeraflowError } from '../errors.ts';
import { announceStep } from './save-steps.ts';
import { clearStaleTemporaries, escapeRegExp, readFileOrThrow } from './atomic-write.ts';

/** The hexadecimal SHA-256 of a weights file's bytes. */
export function weightsDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where a save puts new weights until its architecture is in place. */
export function stagedWeightsPath(weightPath: string, digest: string): string {
  return path.join(path.dirname(weightPath), `.${path.basename(weightPath)}.${digest}.staged`);
}

/** The architecture document's top-level `weights` entry. */
export function weightsRecord(digest: string): { sha256: string } {
  return { sha256: digest };
}

/**
 * The bytes of the weights that belong with an architecture recording
 * `digest`: `weightPath` itself, or the staged file of a save that stopped
 * after switching the architecture. `foreign` is set when neither has that
 * digest: the caller reports it once the layout checks have passed (their
 * messages are the more precise ones).
 */
export async function readPairedWeights(weightPath: string, digest: string | undefined): Promise<{ bytes: Uint8Array; foreign?: string }> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readFileOrThrow(weightPath, 'weightPath', 'weights file');
  } catch (error) {
    if (digest === undefined) throw error;
  }
  if (digest === undefined) return { bytes: bytes! };
  const found = bytes && weightsDigest(bytes);
  if (found === digest) return { bytes: bytes! };
  const staged = await fs.readFile(stagedWeightsPath(weightPath, digest)).catch(() => undefined);
  if (staged && weightsDigest(staged) === digest) return { bytes: staged };
  // Not there: the error of reading weightPath, if it could not be read.
  if (!bytes) bytes = await readFileOrThrow(weightPath, 'weightPath', 'weights file');
  return { bytes, foreign: found };
}

/** The error for weights that were not saved with the architecture. */
export function foreignWeightsError(weightPath: string, archPath: string, digest: string, found: string): KeraflowError {
  return new KeraflowError(
    `${weightPath}: these weights were not saved with ${archPath} (it records weights with SHA-256 ${digest.slice(0, 12)}..., this file has ${found.slice(0, 12)}...); load the weights saved with it, or save the model again`,
    { argument: 'weightPath', expected: `weights with SHA-256 ${digest}`, given: found },
  );
}

/** Puts staged weights in place once the architecture that records them is. */
export async function placeStagedWeights(weightPath: string, digest: string): Promise<void> {
  const staged = stagedWeightsPath(weightPath, digest);
  announceStep(`rename ${staged} to ${weightPath}`);
  await fs.rename(staged, weightPath);
}

/**
 * Removes staged weights of saves that stopped before their switch: every
 * `.<weights>.<sha256>.staged` beside `weightPath` but the one the current
 * architecture (`archText`, when there is one) records.
 */
export async function clearStaleStagedWeights(weightPath: string, archText: string | undefined): Promise<void> {
  const directory = path.dirname(weightPath);
  // Staged weights that a killed save was still writing.
  await clearStaleTemporaries(stagedWeightsPath(weightPath, '0'.repeat(64)), `\\.${escapeRegExp(path.basename(weightPath))}\\.[0-9a-f]{64}\\.staged`);
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(weightPath))}\\.([0-9a-f]{64})\\.staged$`);
  const names = await fs.readdir(directory).catch(() => [] as string[]);
  for (const name of names) {
    const digest = pattern.exec(name)?.[1];
    if (digest === undefined || archText?.includes(digest)) continue;
    announceStep(`remove ${path.join(directory, name)}`);
    await fs.rm(path.join(directory, name), { force: true }).catch(() => {});
  }
}
