/**
 * What a model's picture shows, decided apart from how it is drawn: boxes
 * for inputs, layers and outputs, arrows for tensors (labelled by shape),
 * and clusters for block and nested-sequential instances. A shared layer is
 * one box with an arrow per use; collapsing draws each outermost instance
 * as one box in place of its contents.
 */
import { formatShape } from '../../runtime/engine/dimension.ts';
import { nodeSources, type CheckedLayer, type CheckedModel } from '../check/types.ts';
import { dotIdentifier } from './escape.ts';

export interface PictureOptions {
  /** Draw each block or nested-sequential instance as one box instead of a cluster of its layers. */
  collapse?: boolean;
}

export interface PictureBox {
  /** DOT identifier: `input_0`, `layer_3`, `output_1`, `tensor_7`. */
  id: string;
  /** `instance`: a collapsed block or sequential; `unknown`: a tensor no layer or input makes (after an error). */
  kind: 'input' | 'layer' | 'instance' | 'output' | 'unknown';
  /** The class (`Dense`, a block's name), or `input` / `output`. */
  title: string;
  name: string;
  /** For layers and instances; undefined when a size is symbolic or the layer failed. */
  paramCount?: number;
  /** Diagnostic codes on the layer's applications (for an instance: on any layer inside it). */
  errors: string[];
  /** The layer id of the instance whose cluster holds this box; undefined at the top. */
  cluster?: number;
}

export interface PictureCluster {
  /** DOT identifier, starting with `cluster_` as Graphviz requires. */
  id: string;
  /** The instance's layer id. */
  layer: number;
  /** The enclosing instance's layer id; undefined at the top. */
  parent?: number;
  title: string;
  name: string;
  paramCount?: number;
}

export interface PictureArrow {
  /**
   * `node_<n>_input_<i>`: input i of `CheckedModel.nodes[n]` (so an editor
   * can go from an arrow to the application in the source); `output_<k>_input`
   * for output k.
   */
  id: string;
  tail: string;
  head: string;
  /** The tensor's shape, `[batch, T, 16]`, or `?` when it could not be inferred. */
  shape: string;
  known: boolean;
  /** For a shared layer at either end: which of its applications (1-based) this arrow belongs to. */
  tailUse?: number;
  headUse?: number;
  /** Codes of the diagnostics on the application that takes this tensor. */
  errors: string[];
}

export interface Picture {
  name: string;
  boxes: PictureBox[];
  clusters: PictureCluster[];
  arrows: PictureArrow[];
}

export function modelPicture(model: CheckedModel, options: PictureOptions = {}): Picture {
  const collapse = options.collapse ?? false;
  const children = new Map<number, number[]>();
  for (const layer of model.layers) {
    if (layer.parent !== undefined) children.set(layer.parent, [...(children.get(layer.parent) ?? []), layer.id]);
  }
  const isInstance = (layer: CheckedLayer) => children.has(layer.id);
  const outermost = (layer: CheckedLayer): CheckedLayer => (layer.parent === undefined ? layer : outermost(model.layers[layer.parent]));
  /** The layer whose box stands for a layer: itself, or when collapsing its outermost instance. */
  const shownLayer = (layerId: number): CheckedLayer => (collapse ? outermost(model.layers[layerId]) : model.layers[layerId]);

  const boxes: PictureBox[] = [];
  const boxOfLayer = new Map<number, PictureBox>();
  model.inputs.forEach((tensorId, index) => {
    boxes.push({ id: dotIdentifier('input', index), kind: 'input', title: 'input', name: model.tensors[tensorId].name ?? '', errors: [] });
  });
  for (const layer of model.layers) {
    const box = layerBox(layer);
    if (box) {
      boxes.push(box);
      boxOfLayer.set(layer.id, box);
    }
  }

  function layerBox(layer: CheckedLayer): PictureBox | undefined {
    const base = { id: dotIdentifier('layer', layer.id), title: layer.className, name: layer.name, ...(layer.paramCount !== undefined && { paramCount: layer.paramCount }) };
    if (collapse) {
      if (layer.parent !== undefined) return undefined;
      if (isInstance(layer)) {
        const errors = model.nodes.filter((node) => outermost(model.layers[node.layer]).id === layer.id).flatMap((node) => node.errors);
        return { ...base, kind: 'instance', errors: unique(errors) };
      }
    } else if (isInstance(layer)) {
      return undefined;
    }
    // A layer declared and never applied is not part of the model.
    if (layer.uses.length === 0) return undefined;
    const errors = layer.uses.flatMap((use) => model.nodes[use].errors);
    return { ...base, kind: 'layer', errors: unique(errors), ...(!collapse && layer.parent !== undefined && { cluster: layer.parent }) };
  }

  const clusters: PictureCluster[] = collapse ? [] : clustersHolding(model, boxes);

  const inputIndex = new Map(model.inputs.map((tensorId, index) => [tensorId, index]));
  /** The box a tensor comes out of, and which use of a shared layer makes it. */
  const sourceOf = (tensorId: number): { box: string; use?: number } => {
    const index = inputIndex.get(tensorId);
    if (index !== undefined) return { box: dotIdentifier('input', index) };
    const tensor = model.tensors[tensorId];
    if (tensor.producer === undefined) {
      const id = dotIdentifier('tensor', tensorId);
      if (!boxes.some((box) => box.id === id)) boxes.push({ id, kind: 'unknown', title: '?', name: tensor.name ?? 'unknown', errors: [] });
      return { box: id };
    }
    const node = model.nodes[tensor.producer];
    const layer = shownLayer(node.layer);
    return { box: dotIdentifier('layer', layer.id), use: useNumber(layer, node.id) };
  };

  const arrows: PictureArrow[] = [];
  const drawn = new Set<string>();
  const addArrow = (id: string, tensorId: number, tail: { box: string; use?: number }, head: string, headUse: number | undefined, errors: string[]) => {
    // Collapsed: an arrow inside an instance is not drawn, and one tensor entering it at several layers is one arrow.
    if (tail.box === head) return;
    const key = `${tail.box}>${head}>${tensorId}>${tail.use}>${headUse}`;
    if (collapse && drawn.has(key)) return;
    drawn.add(key);
    const shape = model.tensors[tensorId].shape;
    arrows.push({
      id,
      tail: tail.box,
      head,
      shape: shape ? formatShape(shape) : '?',
      known: shape !== undefined,
      ...(tail.use !== undefined && { tailUse: tail.use }),
      ...(headUse !== undefined && { headUse }),
      errors,
    });
  };
  for (const node of model.nodes) {
    const layer = shownLayer(node.layer);
    if (!boxOfLayer.has(layer.id)) continue;
    // Keyword tensors (initial_state, attention_mask) come in after the inputs, as further arrows.
    nodeSources(node).forEach((tensorId, index) => {
      addArrow(dotIdentifier('node', node.id, 'input', index), tensorId, sourceOf(tensorId), dotIdentifier('layer', layer.id), useNumber(layer, node.id), node.errors);
    });
  }
  model.outputs.forEach((output, index) => {
    const id = dotIdentifier('output', index);
    boxes.push({ id, kind: 'output', title: 'output', name: output.name, errors: [] });
    addArrow(dotIdentifier('output', index, 'input'), output.tensor, sourceOf(output.tensor), id, undefined, []);
  });
  return { name: model.name, boxes, clusters, arrows };
}

/** 1-based position of an application among a shared layer's uses; undefined for a layer used once (or a collapsed instance). */
function useNumber(layer: CheckedLayer, nodeId: number): number | undefined {
  if (layer.uses.length < 2) return undefined;
  const index = layer.uses.indexOf(nodeId);
  return index < 0 ? undefined : index + 1;
}

/** The instance clusters that hold at least one box, directly or through a nested cluster. */
function clustersHolding(model: CheckedModel, boxes: PictureBox[]): PictureCluster[] {
  const holding = new Set<number>();
  for (const box of boxes) {
    for (let id = box.cluster; id !== undefined; id = model.layers[id].parent) holding.add(id);
  }
  return model.layers
    .filter((layer) => holding.has(layer.id))
    .map((layer) => ({
      id: dotIdentifier('cluster', 'layer', layer.id),
      layer: layer.id,
      ...(layer.parent !== undefined && { parent: layer.parent }),
      title: layer.className,
      name: layer.name,
      ...(layer.paramCount !== undefined && { paramCount: layer.paramCount }),
    }));
}

function unique(codes: string[]): string[] {
  return [...new Set(codes)];
}
