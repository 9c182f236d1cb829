/**
 * docs/layers.md is generated from the runtime's layer catalogue: it is
 * current, and every layer states its shape rule. Refresh the document with
 * `npx tsx compiler/layers-doc.ts` (or UPDATE_DOCS=1) and review the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layersDocument } from '../../compiler/layers-doc.ts';
import { layerCatalogue } from '../../runtime/layers/index.ts';

const documentPath = join(import.meta.dirname, '../../docs/layers.md');

describe('docs/layers.md', () => {
  it('has a section for every layer of the catalogue, each stating its shape rule', () => {
    const document = layersDocument();
    for (const [name, layerClass] of layerCatalogue()) {
      expect(document, name).toContain(`\n## ${name}\n`);
      expect(layerClass.spec.shape, `${name}: add 'shape' to its spec`).toBeTruthy();
    }
  });

  it('has a section for every layer of the Keras 3 catalogue, after the Keraflow layers, naming its aliases', () => {
    const document = layersDocument();
    const start = document.indexOf('\n## Keras 3 layers (`use keras`)\n');
    expect(start).toBeGreaterThan(document.indexOf('\n## Dense\n'));
    for (const [name, layerClass] of layerCatalogue('keras')) {
      if (layerClass.spec.dialect !== 'keras') continue;
      const heading = `\n## ${layerClass.spec.className} (use keras)\n`;
      expect(document.indexOf(heading), name).toBeGreaterThan(start);
      if (name !== layerClass.spec.className) expect(document.slice(document.indexOf(heading) + heading.length), name).toMatch(new RegExp(`^[^#]*- Also named: [^\\n]*\`${name}\``));
    }
  });

  it("says which layers only Keras 3 has, and the README's TensorFlow.js paragraph names exactly those, and the layers without a counterpart", () => {
    const document = layersDocument();
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const paragraph = readme.slice(readme.indexOf('- `exportTfjs(dir)` writes'), readme.indexOf('points to `exportKeras`.'));
    const listed = (before: string) =>
      new Set(
        paragraph
          .slice(paragraph.indexOf(before))
          .match(/\(([^)]*)\)/)![1]
          .split(/,\s+/),
      );
    const keras3Only = new Set<string>();
    const withoutCounterpart = new Set<string>();
    for (const dialect of ['keraflow', 'keras'] as const) {
      for (const [name, layerClass] of layerCatalogue(dialect)) {
        // Sequential is exported by its layers; an alias shares its class's spec and sentence.
        if (name === 'Sequential' || name !== layerClass.spec.className) continue;
        if (!layerClass.spec.keras) withoutCounterpart.add(name);
        else if (layerClass.spec.keras.tfjs === 'never') keras3Only.add(name);
      }
    }
    const section = (name: string) =>
      document
        .split('\n## ')
        .find((each) => each.startsWith(`${name}\n`) || each.startsWith(`${name} (use keras)\n`))
        ?.split('\n|')[0];
    for (const name of keras3Only) expect(section(name), name).toMatch(/Keras 3 counterpart: .*\(TensorFlow\.js Layers lacks it|TensorFlow\.js Layers lacks it: export to Keras 3/);
    expect(listed('only Keras 3 has')).toEqual(keras3Only);
    expect(listed('a layer without one')).toEqual(withoutCounterpart);
  });

  it('is up to date with the catalogue', () => {
    const generated = layersDocument();
    if (process.env.UPDATE_DOCS === '1') writeFileSync(documentPath, generated);
    expect(readFileSync(documentPath, 'utf8')).toBe(generated);
  });
});
