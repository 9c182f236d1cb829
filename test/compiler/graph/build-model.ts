/**
 * Checked models built by hand for the picture tests: the same data the
 * checker gives back (compiler/check/types.ts), with only what pictures read.
 */
import type { Shape } from '../../../runtime/engine/dimension.ts';
import type { CheckedModel, Location } from '../../../compiler/check/types.ts';

const here: Location = { fileName: 'test.kf', range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } } };

export class ModelBuilder {
  readonly model: CheckedModel;

  constructor(name: string) {
    this.model = {
      name,
      kind: 'model',
      location: here,
      nameLocation: here,
      inputs: [],
      outputs: [],
      tensors: [],
      layers: [],
      nodes: [],
      sequentialApplications: [],
      dimensions: [],
      train: {},
    };
  }

  input(name: string, shape: Shape): number {
    const id = this.tensor(shape, undefined, name);
    this.model.inputs.push(id);
    return id;
  }

  /** A tensor nothing makes: what the checker leaves after a failed block. */
  tensor(shape: Shape | undefined, producer?: number, name?: string): number {
    const id = this.model.tensors.length;
    this.model.tensors.push({ id, location: here, ...(name !== undefined && { name }), ...(shape && { shape, dtype: 'float32' as const }), ...(producer !== undefined && { producer }) });
    return id;
  }

  layer(className: string, name: string, options: { paramCount?: number; parent?: number } = {}): number {
    const id = this.model.layers.length;
    this.model.layers.push({ id, name, className, location: here, doc: '', params: [], uses: [], ...options });
    return id;
  }

  /** Applies a layer; the output has `shape` (undefined: not inferred). */
  apply(layer: number, inputs: number[], shape: Shape | undefined, errors: string[] = []): number {
    const nodeId = this.model.nodes.length;
    const node = { id: nodeId, layer, inputs, output: -1, location: here, errors };
    this.model.nodes.push(node);
    this.model.layers[layer].uses.push(nodeId);
    node.output = this.tensor(shape, nodeId);
    return node.output;
  }

  output(name: string, tensor: number): void {
    this.model.outputs.push({ name, tensor });
  }
}
