/**
 * Whether a data set fits a model, before any training: every input and
 * output channel present, with the model's shape and one sample count,
 * and the sample weights (if any) one per sample.
 * The model's own data checks do it (Model.standardizeData, the same ones
 * fit runs), so the messages name the channel, the expected and the given
 * shape exactly as fit would; here they come before any output.
 */
import type { Model } from '../engine/model.ts';
import { disposeDataSet, standardizeDataSet } from '../training/data.ts';
import type { Samples } from './dataset.ts';

export function checkDataFitsModel(model: Model, samples: Samples): void {
  disposeDataSet(standardizeDataSet(model, samples.x, samples.y, samples.sampleWeights));
}
