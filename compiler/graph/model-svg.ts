/**
 * The picture of one model of a checked file, by name: what `keraflow graph`
 * and the language server's graph request both draw.
 */
import type { CheckedModel, CheckResult } from '../check/types.ts';
import { modelToDot, type DotOptions } from './dot.ts';
import { dotToSvg } from './render.ts';

/** Asked for a model the file does not define; `models` lists the ones it does. */
export class UnknownModelError extends Error {
  constructor(
    readonly requested: string,
    readonly models: string[],
  ) {
    super(models.length === 0 ? `expected a model named ${requested}, but the file defines no model` : `expected the name of a model in the file (${models.join(', ')}), found ${requested}`);
    this.name = 'UnknownModelError';
  }
}

/** No model name given, and there is no model at all. */
export class NoModelError extends Error {
  constructor() {
    super("expected a model to draw (a 'model', or a 'sequential' whose first item is Input(...)), found none");
    this.name = 'NoModelError';
  }
}

/** The model named `modelName`, or when no name is given the first model (as `keraflow train` picks). */
export function findModel(result: CheckResult, modelName?: string): CheckedModel {
  const names = result.models.map((model) => model.name);
  if (modelName === undefined) {
    if (result.models.length === 0) throw new NoModelError();
    return result.models[0];
  }
  const model = result.models.find((candidate) => candidate.name === modelName);
  if (!model) throw new UnknownModelError(modelName, names);
  return model;
}

/** SVG of a model's graph; a model with errors is drawn as far as it was understood, the faults in red. */
export async function graphSvgForModel(result: CheckResult, modelName: string, options: DotOptions = {}): Promise<string> {
  return dotToSvg(modelToDot(findModel(result, modelName), options));
}
