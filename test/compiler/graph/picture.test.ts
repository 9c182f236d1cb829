/** What a model's picture shows: boxes, clusters and arrows, before any drawing. */
import { describe, expect, it } from 'vitest';
import { modelPicture, type Picture } from '../../../compiler/graph/picture.ts';
import { brokenModel, pooledShapeModel, siameseModel } from './models.ts';

/** One line per arrow: `tail -> head [shape] (use tail → use head) !codes`. */
function arrows(picture: Picture): string[] {
  return picture.arrows.map((arrow) => {
    const uses = arrow.tailUse !== undefined || arrow.headUse !== undefined ? ` (use ${arrow.tailUse ?? '-'} → use ${arrow.headUse ?? '-'})` : '';
    const errors = arrow.errors.length > 0 ? ` !${arrow.errors.join(',')}` : '';
    return `${arrow.tail} -> ${arrow.head} ${arrow.shape}${uses}${errors}`;
  });
}

describe('modelPicture', () => {
  it('draws a shared layer once, with an arrow per use numbered in order of application', () => {
    const picture = modelPicture(siameseModel());
    expect(picture.boxes.map((box) => [box.id, box.kind, box.title, box.name, box.paramCount, box.cluster])).toEqual([
      ['input_0', 'input', 'input', 'left', undefined, undefined],
      ['input_1', 'input', 'input', 'right', undefined, undefined],
      ['layer_1', 'layer', 'Conv1D', 'conv1d_1', 392, 0],
      ['layer_3', 'layer', 'Dense', 'dense_1', 36, 2],
      ['layer_4', 'layer', 'Subtract', 'subtract_1', 0, undefined],
      ['layer_5', 'layer', 'Dense', 'score', 5, undefined],
      ['output_0', 'output', 'output', 'same', undefined, undefined],
    ]);
    expect(arrows(picture)).toEqual([
      'input_0 -> layer_1 [batch, T, 16] (use - → use 1)',
      'layer_1 -> layer_3 [batch, T - 2, 8] (use 1 → use 1)',
      'input_1 -> layer_1 [batch, T, 16] (use - → use 2)',
      'layer_1 -> layer_3 [batch, T - 2, 8] (use 2 → use 2)',
      'layer_3 -> layer_4 [batch, T - 2, 4] (use 1 → use -)',
      'layer_3 -> layer_4 [batch, T - 2, 4] (use 2 → use -)',
      'layer_4 -> layer_5 [batch, T - 2, 4]',
      'layer_5 -> output_0 [batch, T - 2, 1]',
    ]);
  });

  it('puts the layers of a block in its cluster, and a nested sequential in a cluster inside it', () => {
    const picture = modelPicture(siameseModel());
    expect(picture.clusters).toEqual([
      { id: 'cluster_layer_0', layer: 0, title: 'Encoder', name: 'encoder', paramCount: 428 },
      { id: 'cluster_layer_2', layer: 2, parent: 0, title: 'Head', name: 'head', paramCount: 36 },
    ]);
  });

  it('collapsed: each outermost instance is one box, the arrows inside it are gone, those crossing it stay', () => {
    const picture = modelPicture(siameseModel(), { collapse: true });
    expect(picture.clusters).toEqual([]);
    expect(picture.boxes.map((box) => [box.id, box.kind, box.title, box.name, box.paramCount])).toEqual([
      ['input_0', 'input', 'input', 'left', undefined],
      ['input_1', 'input', 'input', 'right', undefined],
      ['layer_0', 'instance', 'Encoder', 'encoder', 428],
      ['layer_4', 'layer', 'Subtract', 'subtract_1', 0],
      ['layer_5', 'layer', 'Dense', 'score', 5],
      ['output_0', 'output', 'output', 'same', undefined],
    ]);
    expect(arrows(picture)).toEqual([
      'input_0 -> layer_0 [batch, T, 16]',
      'input_1 -> layer_0 [batch, T, 16]',
      'layer_0 -> layer_4 [batch, T - 2, 4]',
      'layer_0 -> layer_4 [batch, T - 2, 4]',
      'layer_4 -> layer_5 [batch, T - 2, 4]',
      'layer_5 -> output_0 [batch, T - 2, 1]',
    ]);
  });

  it('marks the layer with errors and the arrow into it with the codes; later shapes are unknown (?)', () => {
    const picture = modelPicture(brokenModel());
    expect(picture.boxes.map((box) => [box.id, box.kind, box.name, box.errors])).toEqual([
      ['input_0', 'input', 'image', []],
      ['layer_0', 'layer', 'conv2d_1', []],
      ['layer_1', 'layer', 'max_pooling1d_1', ['KF302']],
      ['layer_2', 'layer', 'dense_1', []],
      ['layer_4', 'layer', 'flatten_1', []],
      ['tensor_4', 'unknown', 'unknown', []],
      ['output_0', 'output', 'logits', []],
      ['output_1', 'output', 'other', []],
    ]);
    expect(arrows(picture)).toEqual([
      'input_0 -> layer_0 [batch, H, H, 3]',
      'layer_0 -> layer_1 [batch, H - 2, H - 2, 16] !KF302',
      'layer_1 -> layer_2 ?',
      'tensor_4 -> layer_4 ?',
      'layer_2 -> output_0 ?',
      'layer_4 -> output_1 ?',
    ]);
    expect(picture.arrows.map((arrow) => arrow.known)).toEqual([true, true, false, false, false, false]);
  });

  it('collapsed: an instance carries the codes of the layers inside it', () => {
    const model = siameseModel();
    model.nodes[3].errors.push('KF301');
    const encoder = modelPicture(model, { collapse: true }).boxes.find((box) => box.id === 'layer_0');
    expect(encoder?.errors).toEqual(['KF301']);
    expect(modelPicture(model).boxes.find((box) => box.id === 'layer_3')?.errors).toEqual(['KF301']);
  });

  it('writes symbolic sizes as expressions', () => {
    expect(modelPicture(pooledShapeModel()).arrows.map((arrow) => arrow.shape)).toEqual(['[batch, H, 8]', '[batch, (H - 2) // 2, 8]']);
  });

  it('names each arrow after the application and input it stands for', () => {
    expect(modelPicture(siameseModel()).arrows.map((arrow) => arrow.id)).toEqual([
      'node_0_input_0',
      'node_1_input_0',
      'node_2_input_0',
      'node_3_input_0',
      'node_4_input_0',
      'node_4_input_1',
      'node_5_input_0',
      'output_0_input',
    ]);
  });

  it('an output that is an input is an arrow from the input box', () => {
    const model = pooledShapeModel();
    model.outputs.push({ name: 'echo', tensor: 0 });
    expect(arrows(modelPicture(model)).at(-1)).toBe('input_0 -> output_1 [batch, H, 8]');
  });
});
