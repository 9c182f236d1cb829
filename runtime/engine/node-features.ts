import { KeraflowError } from '../errors.ts';
import type { Model } from './model.ts';
import type { Sequential } from './sequential.ts';
// Types only: the implementations are Node's, provided by runtime/node.ts.
import type { LoadOptions, SaveOptions } from '../saving/model-file.ts';

/**
 * What only Node can do for a model: read and write files. runtime/node.ts
 * (the `node` entry of 'keraflow') provides it, so that runtime/index.ts
 * (the browser entry) imports nothing of Node's; in a browser the methods
 * that need it say what to use instead.
 */
export interface NodeFeatures {
  saveModel(target: Model | Sequential, archPath: string, weightPath: string | null | undefined, options: SaveOptions): Promise<void>;
  loadModel(archPath: string, weightPath?: string | null, options?: LoadOptions): Promise<{ model: Model; sequential?: Sequential }>;
  exportTfjs(model: Model, directory: string, options: { overwrite?: boolean }): Promise<void>;
  exportKeras(model: Model, file: string, options: { overwrite?: boolean }): Promise<void>;
  /** A file's bytes, or a KeraflowError naming `argument` and what the file was meant to be. */
  readFile(path: string, argument: string, what: string): Promise<Uint8Array>;
}

let provided: NodeFeatures | undefined;

/** Called once by runtime/node.ts. */
export function provideNodeFeatures(features: NodeFeatures): void {
  provided = features;
}

/** Node's file features for `method`, or an error saying what a browser program uses instead. */
export function nodeFeatures(method: string, instead: string): NodeFeatures {
  if (!provided) {
    throw new KeraflowError(`${method} works on files, which need Node: in Node, import 'keraflow' (its node entry, or 'keraflow/node'); in a browser, use ${instead}`, {
      argument: method,
      expected: 'Node (the keraflow/node entry)',
      given: 'the browser entry of keraflow',
    });
  }
  return provided;
}
