/**
 * Each layer's options interface is written from its spec
 * (runtime/layers/options-source.ts), so that an editor shows each option's
 * doc; tsc checks each equal to the type the spec gives. Here: every layer
 * with options has its block, every block is current and as the formatter
 * (Biome, `npm run format`) writes it. Refresh with
 * `npx tsx runtime/layers/options-source.ts` (or UPDATE_OPTIONS=1) and review the diff.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIALECTS, dialectOf, layerCatalogue } from '../../../runtime/layers/index.ts';
import { optionArgs, optionsBlock, optionsBlocks, writeOptionsBlocks } from '../../../runtime/layers/options-source.ts';

describe('layer options interfaces', () => {
  it.each(DIALECTS.map((dialect) => [dialect] as const))('exist once for every %s catalogue layer with options of its own', (dialect) => {
    const withOptions = [...new Set(layerCatalogue(dialect).values())]
      // A class in both catalogues (the attention layers) has its block where its spec belongs.
      .filter((layerClass) => dialectOf(layerClass.spec) === dialect && !['Input', 'Sequential'].includes(layerClass.spec.className) && optionArgs(layerClass.spec).length > 0)
      .map((layerClass) => layerClass.spec.className)
      .sort();
    expect(
      optionsBlocks(dialect)
        .map((block) => block.className)
        .sort(),
    ).toEqual(withOptions);
  });

  it('say what the specs say', () => {
    if (process.env.UPDATE_OPTIONS === '1') writeOptionsBlocks();
    for (const block of [...optionsBlocks('keraflow'), ...optionsBlocks('keras')]) expect(block.current, block.file).toBe(block.generated);
  });

  // At the configured width (biome.json), and at a narrower one where the generator wraps the long assertions as Biome does.
  it.each([[undefined], [120]])('are written as Biome formats them (line width %s)', (lineWidth) => {
    const specs = DIALECTS.flatMap((dialect) =>
      [...new Set(layerCatalogue(dialect).values())].filter((layerClass) => dialectOf(layerClass.spec) === dialect).map((layerClass) => layerClass.spec),
    ).filter((spec) => optionArgs(spec).length > 0);
    const text = `${specs.map((spec) => optionsBlock(spec, lineWidth)).join('\n\n')}\n`;
    const root = resolve(import.meta.dirname, '../../..');
    const widthFlag = lineWidth === undefined ? [] : [`--line-width=${lineWidth}`];
    const formatted = execFileSync(resolve(root, 'node_modules/.bin/biome'), ['format', ...widthFlag, '--stdin-file-path=runtime/layers/options-blocks.ts'], {
      input: text,
      cwd: root,
      encoding: 'utf8',
    });
    expect(formatted).toBe(text);
    if (lineWidth === 120) expect(text).toContain('OptionsFollowSpec = Assert<\n  SameType<');
  });
});
