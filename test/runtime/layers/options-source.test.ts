/**
 * Each layer's options interface is written from its spec
 * (runtime/layers/options-source.ts), so that an editor shows each option's
 * doc; tsc checks each equal to the type the spec gives. Here: every layer
 * with options has its block, and every block is current. Refresh with
 * `npx tsx runtime/layers/options-source.ts` (or UPDATE_OPTIONS=1) and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS, dialectOf, layerCatalogue } from '../../../runtime/layers/index.ts';
import { optionArgs, optionsBlocks, writeOptionsBlocks } from '../../../runtime/layers/options-source.ts';

describe('layer options interfaces', () => {
  it.each(DIALECTS.map((dialect) => [dialect] as const))('exist once for every %s catalogue layer with options of its own', (dialect) => {
    const withOptions = [...new Set(layerCatalogue(dialect).values())]
      // A class in both catalogues (the attention layers) has its block where its spec belongs.
      .filter((layerClass) => dialectOf(layerClass.spec) === dialect && !['Input', 'Sequential'].includes(layerClass.spec.className) && optionArgs(layerClass.spec).length > 0)
      .map((layerClass) => layerClass.spec.className)
      .sort();
    expect(optionsBlocks(dialect).map((block) => block.className).sort()).toEqual(withOptions);
  });

  it('say what the specs say', () => {
    if (process.env.UPDATE_OPTIONS === '1') writeOptionsBlocks();
    for (const block of [...optionsBlocks('keraflow'), ...optionsBlocks('keras')]) expect(block.current, block.file).toBe(block.generated);
  });
});
