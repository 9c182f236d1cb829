/** Training curves as SVG: valid XML, one panel per quantity, every finite value a point where it belongs. */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { KeraflowError } from '../../../runtime/errors.ts';
import { historyChartSpec, historyToSvg } from '../../../runtime/training/history-chart.ts';
import { readSvg } from '../../compiler/graph/read-svg.ts';

interface Point {
  epoch: number;
  value: number;
  split: string;
  /** Vertical position in its panel (SVG: down is larger). */
  y: number;
}

type XmlElement = Record<string, unknown>;

/** The points of each panel, in panel order, from the `aria-label`s Vega writes on every point. */
function panelPoints(svg: string): Point[][] {
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(svg) as XmlElement;
  const panels: Point[][] = [];
  const visit = (element: XmlElement) => {
    for (const [key, value] of Object.entries(element)) {
      if (key.startsWith('@')) continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (typeof child !== 'object' || child === null) continue;
        const group = child as XmlElement;
        if (key === 'g' && String(group['@class']).startsWith('mark-symbol role-mark')) {
          const paths = (Array.isArray(group.path) ? group.path : [group.path]) as XmlElement[];
          panels.push(
            paths.map((path) => {
              const label = /^epoch: (\d+); value: ([-\d.e]+); split: (\w+)$/.exec(String(path['@aria-label']));
              const y = /translate\([-\d.e]+,([-\d.e]+)\)/.exec(String(path['@transform']));
              if (!label || !y) throw new Error(`expected a point with epoch, value, split and position, found ${JSON.stringify(path)}`);
              return { epoch: Number(label[1]), value: Number(label[2]), split: label[3], y: Number(y[1]) };
            }),
          );
        } else {
          visit(group);
        }
      }
    }
  };
  visit(parsed);
  return panels;
}

const history = {
  acc: [0.4, 0.6, 0.7, 0.75],
  loss: [1.2, 0.8, 0.6, 0.5],
  val_loss: [1.3, 0.9, 0.7, 0.65],
  val_acc: [0.35, 0.55, 0.66, 0.7],
};

describe('historyToSvg', () => {
  it('valid SVG with a panel per quantity (loss first), the splits in the legend, and the title', async () => {
    const svg = readSvg(await historyToSvg(history, { title: 'Iris' }));
    expect(svg.texts).toContain('Iris');
    expect(svg.texts.filter((text) => text === 'loss' || text === 'acc')).toEqual(['loss', 'acc']);
    expect(svg.texts).toContain('training');
    expect(svg.texts).toContain('validation');
    expect(svg.texts.filter((text) => text === 'epoch')).toHaveLength(2);
    expect(Number(svg.width)).toBeGreaterThan(640);
  });

  it('every value is a point at its epoch (from 1), in the panel of its quantity', async () => {
    const panels = panelPoints(await historyToSvg(history));
    expect(panels).toHaveLength(2);
    const [loss, accuracy] = panels.map((points) => points.map(({ epoch, value, split }) => [split, epoch, value]));
    expect(loss).toEqual([...history.loss.map((value, index) => ['training', index + 1, value]), ...history.val_loss.map((value, index) => ['validation', index + 1, value])]);
    expect(accuracy).toEqual([...history.acc.map((value, index) => ['training', index + 1, value]), ...history.val_acc.map((value, index) => ['validation', index + 1, value])]);
  });

  it('a larger value is drawn higher, on one scale per panel', async () => {
    for (const points of panelPoints(await historyToSvg(history))) {
      const byValue = [...points].sort((a, b) => a.value - b.value);
      for (let index = 1; index < byValue.length; index++) {
        if (byValue[index].value > byValue[index - 1].value) expect(byValue[index].y).toBeLessThan(byValue[index - 1].y);
      }
      // Linear: the same value step gives the same height step.
      const [first, second] = [byValue[0], byValue.at(-1)!];
      const perUnit = (second.y - first.y) / (second.value - first.value);
      for (const point of points) expect(point.y).toBeCloseTo(first.y + (point.value - first.value) * perUnit, 6);
    }
  });

  it('leaves out values that are not finite, and takes the epochs History recorded', async () => {
    const panels = panelPoints(await historyToSvg({ loss: [2, Number.NaN, Infinity, 0.5] }, { epochs: [10, 11, 12, 13] }));
    expect(panels.map((points) => points.map(({ epoch, value }) => [epoch, value]))).toEqual([
      [
        [11, 2],
        [14, 0.5],
      ],
    ]);
  });

  it('a quantity logged only for validation still gets its panel', () => {
    const spec = historyChartSpec({ loss: [1], val_auc: [0.5] }) as { data: { values: unknown[] } };
    expect(spec.data.values).toEqual([
      { quantity: 'loss', split: 'training', epoch: 1, value: 1 },
      { quantity: 'auc', split: 'validation', epoch: 1, value: 0.5 },
    ]);
  });

  it('refuses a history with nothing to plot', async () => {
    await expect(historyToSvg({})).rejects.toThrow(KeraflowError);
    await expect(historyToSvg({})).rejects.toThrow('expected a history with at least one finite value per epoch to plot, found no keys');
    expect(() => historyChartSpec({ loss: [Number.NaN] })).toThrow('expected a history with at least one finite value per epoch to plot, found no finite values for loss');
  });
});

describe('keraflow train --plot', () => {
  it('writes the chart of the epochs it trained: a panel for loss and one for accuracy, training and validation', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runKeraflow } = await import('../../run-keraflow.ts');
    const root = join(import.meta.dirname, '../../..');
    const directory = mkdtempSync(join(tmpdir(), 'keraflow-plot-'));
    try {
      const plot = join(directory, 'curves.svg');
      const args = ['train', join(root, 'examples/iris.kf'), '--epochs', '3', '--validation-split', '0.2', '--backend', 'cpu', '--plot', plot];
      const result = runKeraflow(args, { cwd: directory });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain(`plotted the loss and metrics per epoch in ${plot}\n`);
      const svg = readFileSync(plot, 'utf8');
      expect(readSvg(svg).texts).toContain('Iris');
      const panels = panelPoints(svg).map((points) => points.map(({ split, epoch }) => `${split} ${epoch}`));
      const expected = ['training 1', 'training 2', 'training 3', 'validation 1', 'validation 2', 'validation 3'];
      expect(panels).toEqual([expected, expected]);
      expect(readSvg(svg).texts.filter((text) => text === 'loss' || text === 'accuracy')).toEqual(['loss', 'accuracy']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
