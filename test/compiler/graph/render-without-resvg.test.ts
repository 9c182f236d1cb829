/** PNG output when @resvg/resvg-js (a development dependency) is not installed: a message that says so and what to do. */
import { describe, expect, it, vi } from 'vitest';
import { dotToSvg, svgToPng } from '../../../compiler/graph/render.ts';

vi.mock('@resvg/resvg-js', () => {
  throw new Error("Cannot find package '@resvg/resvg-js'");
});

describe('svgToPng without resvg', () => {
  it('says the package is missing, how to install it, and the formats that work without it', async () => {
    const svg = await dotToSvg('digraph { a -> b }');
    const failure = svgToPng(svg);
    await expect(failure).rejects.toThrow(
      /^PNG output needs the package @resvg\/resvg-js, which is not installed \(it is a development dependency of keraflow\): install it with `npm install @resvg\/resvg-js`, or write \.svg or \.dot instead \(.+\)$/,
    );
  });
});
