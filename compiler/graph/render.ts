/**
 * DOT to SVG with Graphviz compiled to WebAssembly (no system Graphviz),
 * and SVG to PNG with resvg. resvg is loaded only when a PNG is asked for:
 * it is a development dependency, so an installed keraflow may lack it.
 */
import type { Graphviz } from '@hpcc-js/wasm-graphviz';
import { GRAPH_FONT } from './dot.ts';

let graphviz: Promise<Graphviz> | undefined;

/** Graphviz's WebAssembly module, loaded once per process. */
function loadGraphviz(): Promise<Graphviz> {
  graphviz ??= import('@hpcc-js/wasm-graphviz').then((module) => module.Graphviz.load());
  return graphviz;
}

/** Lays out DOT source with `dot` and gives the SVG text. Throws Graphviz's message on invalid DOT. */
export async function dotToSvg(dot: string): Promise<string> {
  const svg = (await loadGraphviz()).layout(dot, 'svg', 'dot');
  // Graphviz names only the font it measured; Verdana has nearly its widths, for viewers without DejaVu.
  return svg.replaceAll(`font-family="${GRAPH_FONT}"`, `font-family="${GRAPH_FONT},Verdana,sans-serif"`);
}

export interface PngOptions {
  /** Width of the image in pixels (the height follows); the SVG's own size when absent. */
  width?: number;
  /** Pixels per SVG unit when no width is given (2: sharp on high-density screens). */
  scale?: number;
}

/** Rasterizes SVG text to PNG bytes on a white background. */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  let resvg: typeof import('@resvg/resvg-js');
  try {
    resvg = await import('@resvg/resvg-js');
  } catch (error) {
    throw new Error(
      'PNG output needs the package @resvg/resvg-js, which is not installed (it is a development dependency of keraflow): ' +
        `install it with \`npm install @resvg/resvg-js\`, or write .svg or .dot instead (${(error as Error).message})`,
    );
  }
  const fitTo = options.width !== undefined ? { mode: 'width' as const, value: options.width } : { mode: 'zoom' as const, value: options.scale ?? 1 };
  const image = new resvg.Resvg(svg, { fitTo, background: 'white' }).render();
  return new Uint8Array(image.asPng());
}
