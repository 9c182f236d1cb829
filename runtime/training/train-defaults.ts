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
}
