/** The messages between the page and the training worker. */

export type DataChoice = { builtIn: 'mnist' | 'iris' } | { file: { name: string; text: string } };

export interface TrainRequest {
  type: 'train';
  text: string;
  /** The model to train: the one under the cursor (undefined: the first in the text). */
  model?: string;
  data: DataChoice;
  /** Overrides the model's `train { epochs }`. */
  epochs?: number;
}

export type TrainMessage =
  | { type: 'status'; text: string }
  | { type: 'progress'; epoch: number; epochs: number; batch: number; steps: number }
  /** After each epoch: the curves drawn so far (SVG), and the last epoch's logs. */
  | { type: 'epoch'; epoch: number; logs: Record<string, number>; svg: string }
  /** The end: held-out metrics, and the files to download. */
  | {
      type: 'done';
      model: string;
      stopped: boolean;
      test: Record<string, number>;
      testCount: number;
      files: { keraflow: DownloadFile[]; tfjs: DownloadFile[]; typescript: DownloadFile[] };
    }
  | { type: 'failed'; message: string };

export interface DownloadFile {
  name: string;
  type: string;
  bytes: Uint8Array | string;
}
