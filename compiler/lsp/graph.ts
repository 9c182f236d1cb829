/**
 * `keraflow/graph`: a custom request for editor extensions that show the
 * picture of the model under the cursor (issue 11). Parameters:
 * `{textDocument: {uri}, position?, model?, collapse?}`; the result is
 * `{model, svg}`: the model whose declaration holds the position (else the
 * one named, else the first), drawn as `keraflow graph` draws it — what could
 * be inferred, with the faults in red.
 */
import { ErrorCodes, ResponseError, type Position } from 'vscode-languageserver';
import { graphSvgForModel } from '../graph/model-svg.ts';
import type { Analysis } from './analysis.ts';
import { modelsOf } from './tensors.ts';

export const graphRequest = 'keraflow/graph';

export interface GraphParams {
  textDocument: { uri: string };
  position?: Position;
  model?: string;
  collapse?: boolean;
}

export async function modelGraph(analysis: Analysis, offset: number | undefined, params: GraphParams): Promise<{ model: string; svg: string }> {
  const models = modelsOf(analysis);
  const model =
    (offset !== undefined ? models.find((m) => m.location.range.start.offset <= offset && offset <= m.location.range.end.offset) : undefined) ??
    (params.model !== undefined ? models.find((m) => m.name === params.model) : undefined) ??
    (params.model === undefined ? models[0] : undefined);
  if (!model || !analysis.result) {
    const names = models.map((m) => m.name).join(', ') || 'none';
    throw new ResponseError(ErrorCodes.InvalidParams, params.model !== undefined ? `no model '${params.model}' in this file (its models: ${names})` : 'this file declares no model');
  }
  return { model: model.name, svg: await graphSvgForModel({ ...analysis.result, models: [model] }, model.name, { collapse: params.collapse ?? false }) };
}
