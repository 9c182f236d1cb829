/**
 * Training curves: the loss and each metric per epoch, training and
 * validation (`val_` keys) together, one panel per quantity, as a
 * Vega-Lite chart rendered to SVG without a browser (Vega's headless
 * renderer). What `keraflow train --plot OUT.svg` and `--save DIR`
 * (history.svg) write. Vega is loaded only when a chart is drawn.
 */
import type { TopLevelSpec } from 'vega-lite';
import { KeraflowError } from '../errors.ts';

export interface HistoryChartOptions {
  /** The epoch of each entry, from 0 (`History.epoch`); by default 0, 1, 2, ... */
  epochs?: readonly number[];
  /** A line above the panels, such as the model's name. */
  title?: string;
}

/** One point of one curve. */
interface HistoryPoint {
  quantity: string;
  split: 'training' | 'validation';
  /** From 1, as progress lines count them. */
  epoch: number;
  value: number;
}

const VALIDATION_PREFIX = 'val_';
/** Past this many epochs the points are left out and the lines alone drawn. */
const MOST_EPOCHS_WITH_POINTS = 40;

/**
 * SVG of the curves in `history` (`History.history`: each log key's value
 * per epoch). Values that are not finite (a diverged loss) are left out.
 */
export async function historyToSvg(history: Readonly<Record<string, readonly number[]>>, options: HistoryChartOptions = {}): Promise<string> {
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const view = new vega.View(vega.parse(vegaLite.compile(historyChartSpec(history, options)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The Vega-Lite specification `historyToSvg` renders: for tools that draw it themselves (an editor's webview). */
export function historyChartSpec(history: Readonly<Record<string, readonly number[]>>, options: HistoryChartOptions = {}): TopLevelSpec {
  const points = historyPoints(history, options.epochs);
  if (points.length === 0) {
    const keys = Object.keys(history);
    throw new KeraflowError(`expected a history with at least one finite value per epoch to plot, found ${keys.length === 0 ? 'no keys' : `no finite values for ${keys.join(', ')}`}`, {
      argument: 'history',
      expected: 'at least one epoch',
      given: keys.length === 0 ? 'no keys' : 'no finite values',
    });
  }
  const quantities = [...new Set(points.map((point) => point.quantity))];
  const epochCount = new Set(points.map((point) => point.epoch)).size;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title !== undefined && { title: { text: options.title, fontSize: 15, anchor: 'start' } }),
    background: 'white',
    // DejaVu Sans first: the font rasterizers (resvg) find on Linux; sans-serif alone may resolve to a serif face there.
    config: { font: 'DejaVu Sans, Verdana, Helvetica, Arial, sans-serif' },
    data: { values: points as unknown as Record<string, unknown>[] },
    facet: { field: 'quantity', type: 'nominal', sort: quantities, title: null, header: { labelFontSize: 13, labelFontWeight: 'bold' } },
    columns: Math.min(quantities.length, 2),
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 320,
      height: 200,
      mark: { type: 'line', point: epochCount <= MOST_EPOCHS_WITH_POINTS, strokeWidth: 2 },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1, format: 'd' }, scale: { domainMin: 1 } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'split', type: 'nominal', title: null, scale: { domain: ['training', 'validation'], range: ['#1f77b4', '#ff7f0e'] } },
        strokeDash: {
          field: 'split',
          type: 'nominal',
          title: null,
          scale: {
            domain: ['training', 'validation'],
            range: [
              [1, 0],
              [6, 3],
            ],
          },
        },
      },
    },
  };
}

/** The points of every curve: `loss` first, then the other quantities in the order they were logged. */
function historyPoints(history: Readonly<Record<string, readonly number[]>>, epochs: readonly number[] | undefined): HistoryPoint[] {
  const quantityOf = (key: string) => (key.startsWith(VALIDATION_PREFIX) ? key.slice(VALIDATION_PREFIX.length) : key);
  const quantities = [...new Set(Object.keys(history).map(quantityOf))].sort((a, b) => (a === 'loss' ? -1 : b === 'loss' ? 1 : 0));
  const points: HistoryPoint[] = [];
  for (const quantity of quantities) {
    for (const [split, key] of [
      ['training', quantity],
      ['validation', `${VALIDATION_PREFIX}${quantity}`],
    ] as const) {
      history[key]?.forEach((value, index) => {
        if (Number.isFinite(value)) points.push({ quantity, split, epoch: (epochs?.[index] ?? index) + 1, value });
      });
    }
  }
  return points;
}
