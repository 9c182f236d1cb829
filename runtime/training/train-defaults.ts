import type { ArgSpec } from '../engine/spec.ts';
import { Callback } from './callbacks/callback.ts';

/**
 * The `train { ... }` settings of a `.kf` model, as its compiled module
 * exports them (`export const siameseTrain: TrainDefaults = {...}`) and
 * `keraflow train` reads them: command-line flags win over each.
 */
export interface TrainDefaults {
  /** A built-in dataset (`mnist`, `iris`) or a JSON file of `{x, y}`, relative to the `.kf` file. */
  readonly data?: string;
  readonly batchSize?: number;
  readonly epochs?: number;
  readonly validationSplit?: number;
  readonly shuffle?: boolean;
  /** A JSON file of `{x, y}` (and `sample_weights`) to validate on after each epoch, relative to the `.kf` file. */
  readonly validationData?: string;
  /** 0: silent; 1: a progress bar per epoch (a line when not on a terminal); 2: a line per epoch. */
  readonly verbose?: 0 | 1 | 2;
  /** Callbacks for fit (`EarlyStopping`, `ModelCheckpoint`, `ReduceLROnPlateau`). */
  readonly callbacks?: readonly Callback[];
  /** Starting weights: a safetensors file (as `keraflow import` writes), relative to the `.kf` file; `--from` wins. */
  readonly weights?: string;
}

/**
 * The settings themselves (camelCase; `.kf` writes them in snake_case): the
 * one list the .kf checker validates `train { }` against and the editor
 * completes from.
 */
export const TRAIN_SETTINGS: readonly ArgSpec[] = [
  { name: 'data', type: 'string', doc: 'A built-in dataset (mnist, iris) or a JSON file of {x, y}, relative to the .kf file.' },
  { name: 'batchSize', type: 'int', min: 1, doc: 'Samples per training step.' },
  { name: 'epochs', type: 'int', min: 1, doc: 'Passes over the training data.' },
  { name: 'validationSplit', type: 'float', min: 0, below: 1, doc: 'The fraction of the training data held out for validation.' },
  { name: 'shuffle', type: 'bool', doc: 'Whether to shuffle the training samples before each epoch.' },
  { name: 'validationData', type: 'string', doc: 'A JSON file of {x, y} (and sample_weights) to validate on after each epoch, relative to the .kf file; wins over validation_split.' },
  { name: 'verbose', type: 'int', min: 0, max: 2, doc: '0: silent; 1: a progress bar per epoch; 2: a line per epoch.' },
  {
    name: 'callbacks',
    type: 'any',
    accepts: 'a list of callbacks',
    doc: 'Callbacks for training: [EarlyStopping(...), ModelCheckpoint(...), ReduceLROnPlateau(...)].',
    check: (value) => (Array.isArray(value) && value.every((item) => item instanceof Callback) ? undefined : 'a list of callbacks (EarlyStopping, ModelCheckpoint, ReduceLROnPlateau)'),
  },
  { name: 'weights', type: 'string', doc: 'Starting weights: a safetensors file (as keraflow import writes it), relative to the .kf file; --from wins.' },
];
