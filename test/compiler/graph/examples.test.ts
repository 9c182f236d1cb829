/**
 * The picture of every model in examples/: valid SVG holding each drawn
 * layer's name, each arrow's shape and each error code, as the issue asks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../../compiler/index.ts';
import type { CheckedModel } from '../../../compiler/check/types.ts';
import { graphSvgForModel } from '../../../compiler/graph/model-svg.ts';
import { svgToPng } from '../../../compiler/graph/render.ts';
import { formatShape } from '../../../runtime/engine/dimension.ts';
import { readPng } from './read-png.ts';
import { readSvg } from './read-svg.ts';

const examples = join(import.meta.dirname, '../../../examples');
const files = readdirSync(examples)
  .filter((name) => name.endsWith('.kf'))
  .sort();

function checkExample(name: string) {
  const fileName = join(examples, name);
  const readFile = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  const result = check({ fileName, text: readFileSync(fileName, 'utf8') }, { readFile });
  return { result, models: result.models.filter((model) => model.location.fileName === fileName) };
}

/** Layers with a box or a cluster of their own: applied, or holding layers. */
function drawnLayers(model: CheckedModel): string[] {
  return model.layers.filter((layer) => layer.uses.length > 0 || model.layers.some((inner) => inner.parent === layer.id)).map((layer) => layer.name);
}

function arrowShapes(model: CheckedModel): string[] {
  const taken = [...model.nodes.flatMap((node) => node.inputs), ...model.outputs.map((output) => output.tensor)];
  return [...new Set(taken.map((id) => model.tensors[id].shape).map((shape) => (shape ? formatShape(shape) : '?')))];
}

describe('pictures of the examples', () => {
  it('there are examples to draw', () => {
    expect(files).toContain('siamese.kf');
  });

  for (const file of files) {
    it(`${file}: every model's SVG is valid and shows every layer, shape and error code`, async () => {
      const { result, models } = checkExample(file);
      expect(models.length).toBeGreaterThan(0);
      for (const model of models) {
        const svg = readSvg(await graphSvgForModel(result, model.name));
        expect(svg.texts).toContain(model.name);
        for (const name of drawnLayers(model)) expect(svg.texts, `${model.name}: layer ${name}`).toContain(name);
        for (const shape of arrowShapes(model)) expect(svg.texts, `${model.name}: shape ${shape}`).toContain(shape);
        for (const code of model.nodes.flatMap((node) => node.errors)) expect(svg.texts, `${model.name}: code ${code}`).toContain(code);
        for (const output of model.outputs) expect(svg.texts).toContain(output.name);
      }
    });
  }

  it('siamese.kf: the shared encoder is drawn once, each use (into it, and out to the two merges) numbered; the Residual block is a cluster; PNG non-empty', async () => {
    const { result } = checkExample('siamese.kf');
    const source = await graphSvgForModel(result, 'Siamese');
    const svg = readSvg(source);
    expect(svg.texts.filter((text) => text === 'encoder')).toHaveLength(1);
    expect(svg.texts.filter((text) => text === 'use 1')).toHaveLength(3);
    expect(svg.texts.filter((text) => text === 'use 2')).toHaveLength(3);
    expect(svg.groups.filter((group) => group.className === 'cluster').map((group) => group.texts.slice(0, 2))).toEqual([['Residual', 'residual_1']]);
    const png = readPng(await svgToPng(source));
    expect(png.width).toBeGreaterThan(0);
    expect(png.height).toBeGreaterThan(0);
  });
});
