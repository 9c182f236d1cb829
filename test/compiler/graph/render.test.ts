/** Pictures as users get them: SVG from Graphviz (valid XML, every name and shape) and PNG from resvg. */
import { describe, expect, it } from 'vitest';
import type { CheckedModel, CheckResult } from '../../../compiler/check/types.ts';
import { modelToDot } from '../../../compiler/graph/dot.ts';
import { findModel, graphSvgForModel, NoModelError, UnknownModelError } from '../../../compiler/graph/model-svg.ts';
import { dotToSvg, svgToPng } from '../../../compiler/graph/render.ts';
import { formatShape } from '../../../runtime/engine/dimension.ts';
import { brokenModel, pooledShapeModel, siameseModel } from './models.ts';
import { countPixels, readPng } from './read-png.ts';
import { readSvg } from './read-svg.ts';

const models: [string, () => CheckedModel][] = [
  ['siamese', siameseModel],
  ['broken', brokenModel],
  ['pooled', pooledShapeModel],
];

/**
 * The shape text of every tensor a layer or an output takes: what the
 * arrows must say. Collapsed, a tensor passed between two layers of the
 * same outermost instance has no arrow.
 */
function arrowShapes(model: CheckedModel, collapse: boolean): string[] {
  const outermost = (layer: number): number => (model.layers[layer].parent === undefined ? layer : outermost(model.layers[layer].parent!));
  const producerBox = (tensor: number) => (model.tensors[tensor].producer === undefined ? -1 : outermost(model.nodes[model.tensors[tensor].producer!].layer));
  const taken = [...model.nodes.flatMap((node) => node.inputs.filter((tensor) => !collapse || producerBox(tensor) !== outermost(node.layer))), ...model.outputs.map((output) => output.tensor)];
  return [...new Set(taken.map((id) => model.tensors[id].shape).map((shape) => (shape ? formatShape(shape) : '?')))];
}

const result = (...checked: CheckedModel[]): CheckResult => ({ models: checked, diagnostics: [], files: [] });

describe('SVG', () => {
  for (const collapse of [false, true]) {
    for (const [label, build] of models) {
      it(`${label}${collapse ? ' (collapsed)' : ''}: valid XML holding every shown layer's name and every arrow's shape`, async () => {
        const model = build();
        const svg = readSvg(await dotToSvg(modelToDot(model, { collapse })));
        const shown = model.layers.filter((layer) => (layer.uses.length > 0 || model.layers.some((inner) => inner.parent === layer.id)) && !(collapse && layer.parent !== undefined));
        expect(shown.length).toBeGreaterThan(0);
        for (const layer of shown) expect(svg.texts).toContain(layer.name);
        for (const shape of arrowShapes(model, collapse)) expect(svg.texts).toContain(shape);
        expect(svg.texts).not.toContain('unused');
        expect(svg.width).toMatch(/^\d+pt$/);
      });
    }
  }

  it('collapsed, the arrows inside a block are gone from the SVG', async () => {
    const svg = readSvg(await dotToSvg(modelToDot(siameseModel(), { collapse: true })));
    expect(svg.texts).not.toContain('[batch, T - 2, 8]');
    expect(svg.texts).not.toContain('conv1d_1');
    expect(svg.groups.find((group) => group.id === 'layer_0')?.texts).toEqual(['Encoder', 'encoder', '428 params']);
  });

  it('the shared layer appears once; its arrows say which use they belong to', async () => {
    const svg = readSvg(await dotToSvg(modelToDot(siameseModel())));
    expect(svg.texts.filter((text) => text === 'conv1d_1')).toHaveLength(1);
    // Nodes 0 and 2 apply the shared convolution (to left, then right).
    const intoConvolution = svg.groups.filter((group) => group.className === 'edge' && /^node_[02]_input_0$/.test(group.id));
    expect(intoConvolution.map((group) => group.texts)).toEqual([
      ['[batch, T, 16]', 'use 1'],
      ['[batch, T, 16]', 'use 2'],
    ]);
  });

  it('graphSvgForModel draws the named model; an unknown name lists the models there are', async () => {
    const checked = result(pooledShapeModel(), siameseModel());
    const svg = readSvg(await graphSvgForModel(checked, 'Siamese'));
    expect(svg.texts[0]).toBe('Siamese');
    expect(svg.texts).toContain('subtract_1');
    await expect(graphSvgForModel(checked, 'Missing')).rejects.toThrow(new UnknownModelError('Missing', ['Pooled', 'Siamese']));
    expect(new UnknownModelError('Missing', ['Pooled', 'Siamese']).message).toBe('expected the name of a model in the file (Pooled, Siamese), found Missing');
  });

  it('findModel takes the first model when none is named, and says so when there is none', () => {
    expect(findModel(result(pooledShapeModel(), siameseModel())).name).toBe('Pooled');
    expect(findModel(result(siameseModel(), pooledShapeModel())).name).toBe('Siamese');
    expect(() => findModel(result())).toThrow(NoModelError);
    expect(() => findModel(result())).toThrow("expected a model to draw (a 'model', or a 'sequential' whose first item is Input(...)), found none");
    expect(() => findModel(result(), 'Siamese')).toThrow('expected a model named Siamese, but the file defines no model');
  });
});

describe('PNG', () => {
  it('renders the SVG at the width asked, with the boxes drawn', async () => {
    const png = readPng(await svgToPng(await dotToSvg(modelToDot(siameseModel())), { width: 480 }));
    expect(png.width).toBe(480);
    expect(png.height).toBeGreaterThan(0);
    // The layer boxes' fill (#e8eef8) and the text and lines (dark) are there; no error red.
    expect(countPixels(png, [0xe8, 0xee, 0xf8], 4)).toBeGreaterThan(1000);
    expect(countPixels(png, [0, 0, 0], 60)).toBeGreaterThan(100);
    expect(countPixels(png, [0xc6, 0x28, 0x28], 30)).toBe(0);
  });

  it('a model with errors has red in its picture', async () => {
    const png = readPng(await svgToPng(await dotToSvg(modelToDot(brokenModel())), { scale: 2 }));
    expect(countPixels(png, [0xc6, 0x28, 0x28], 30)).toBeGreaterThan(100);
  });
});
