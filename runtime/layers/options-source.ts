/**
 * Each layer's options interface (`DenseOptions`), written from its spec.
 *
 * A layer declares its arguments once, in its spec (`as const satisfies
 * LayerSpec`); the typed `args` it reads come from the spec at the type level
 * (ArgsOf, engine/spec.ts). An editor shows an option's doc on hover only
 * for a property written with a doc comment, so the options interface is
 * written out, as text, between two marker lines in the layer's own file,
 * followed by a type that tsc checks equal to OptionsOf<spec>.
 *
 * `npx tsx runtime/layers/options-source.ts` rewrites every block; a test
 * (test/runtime/layers/options-source.test.ts) keeps them current, and as
 * the formatter (`npm run format`, biome.json) writes them.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { LayerSpec } from '../engine/layer.ts';
import type { ArgSpec } from '../engine/spec.ts';
import './index.ts';
import { layerCatalogue, type Dialect } from './registry.ts';

const BEGIN = /^\/\/ <options of (\w+)>.*$/m;
const END = '// </options>';

/** The TypeScript type of an option, as text: what ArgValue (engine/spec.ts) computes. */
export function tsTypeOf(arg: ArgSpec): string {
  const tuple = (element: string) => (arg.length === undefined ? `${element}[]` : `[${Array<string>(arg.length).fill(element).join(', ')}]`);
  const base: Record<ArgSpec['type'], () => string> = {
    int: () => 'number',
    float: () => 'number',
    bool: () => 'boolean',
    string: () => 'string',
    enum: () => (arg.values ?? []).map((value) => `'${value}'`).join(' | '),
    intList: () => 'readonly number[]',
    shape: () => 'readonly Dim[]',
    intOrIntList: () => `number | ${tuple('number')}`,
    intOrIntPairs: () => `number | ${tuple('number')} | ${tuple('[number, number]')}`,
    activation: () => 'string | activations.Activation',
    initialization: () => 'string | initializations.Initialization',
    regularizer: () => 'regularizers.RegularizerLike',
    constraint: () => 'constraints.ConstraintLike',
    layer: () => 'Layer<any>',
    function: () => '(...args: any[]) => any',
    any: () => 'unknown',
  };
  return base[arg.type]() + (arg.nullable ? ' | null' : '');
}

/** A default as TypeScript writes it: 'glorot_uniform', [1, 1], null. */
export function formatDefault(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(formatDefault).join(', ')}]`;
  return String(value);
}

/** The options of a spec: its arguments that are not positional. */
export function optionArgs(spec: LayerSpec): ArgSpec[] {
  return spec.args.filter((arg) => !arg.positional);
}

/** The formatter's line width (biome.json), past which it wraps a type's arguments. */
function formatterLineWidth(): number {
  const config = JSON.parse(readFileSync(resolve(layersFolder, '../../biome.json'), 'utf8')) as { formatter?: { lineWidth?: number } };
  return config.formatter?.lineWidth ?? 80;
}

/** `type X = Assert<...>;` on one line, or wrapped as the formatter wraps a line too long for it. */
function assertion(name: string, condition: string, lineWidth: number): string {
  const line = `export type ${name} = Assert<${condition}>;`;
  return line.length <= lineWidth ? line : `export type ${name} = Assert<\n  ${condition}\n>;`;
}

/** The generated block of a layer class, marker lines included (a layer without options of its own has none: it takes LayerOptions). */
export function optionsBlock(spec: LayerSpec, lineWidth = formatterLineWidth()): string {
  const name = spec.className;
  const fields = optionArgs(spec).map((arg) => {
    const doc = arg.doc + (arg.required ? ' Required.' : Object.hasOwn(arg, 'default') ? ` Default: ${formatDefault(arg.default)}.` : '');
    return `  /** ${doc} */\n  ${arg.name}?: ${tsTypeOf(arg)};`;
  });
  return [
    `// <options of ${name}>: generated from the spec by runtime/layers/options-source.ts; do not edit.`,
    `/** The options of ${name}, after its positional arguments; every layer also takes LayerOptions. */`,
    `export interface ${name}Options extends LayerOptions {`,
    ...fields,
    '}',
    `/** Checked by tsc: ${name}Options says what ${name}.spec says. */`,
    assertion(`${name}OptionsFollowSpec`, `SameType<${name}Options, LayerOptions & OptionsOf<typeof ${name}.spec>>`, lineWidth),
    END,
  ].join('\n');
}

const layersFolder = import.meta.dirname;

/** Where each dialect's layer files are. */
const FOLDERS: Record<Dialect, string> = { keraflow: layersFolder, keras: resolve(layersFolder, '../keras/layers') };

function layerFiles(dialect: Dialect): string[] {
  return readdirSync(FOLDERS[dialect], { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every block in a dialect's layer files (runtime/layers, runtime/keras/layers): its file, the class it names, its text now and as it should be. */
export function optionsBlocks(dialect: Dialect = 'keraflow'): { file: string; className: string; current: string; generated: string }[] {
  const catalogue = layerCatalogue(dialect);
  const lineWidth = formatterLineWidth();
  const blocks = [];
  for (const file of layerFiles(dialect)) {
    const text = readFileSync(file, 'utf8');
    const begin = BEGIN.exec(text);
    if (!begin) continue;
    const end = text.indexOf(END, begin.index);
    const className = begin[1]!;
    const layerClass = catalogue.get(className);
    const current = text.slice(begin.index, end < 0 ? undefined : end + END.length);
    const generated = layerClass ? optionsBlock(layerClass.spec, lineWidth) : `(no registered layer class ${className})`;
    blocks.push({ file: relative(resolve(layersFolder, '../..'), file), className, current, generated });
  }
  return blocks;
}

/** Rewrites every block that is out of date; gives the files written. */
export function writeOptionsBlocks(): string[] {
  const written: string[] = [];
  for (const block of [...optionsBlocks('keraflow'), ...optionsBlocks('keras')]) {
    if (block.current === block.generated) continue;
    const path = resolve(layersFolder, '../..', block.file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(block.current, block.generated));
    written.push(block.file);
  }
  return written;
}

if (resolve(process.argv[1] ?? '') === resolve(import.meta.filename)) {
  for (const file of writeOptionsBlocks()) console.log(`wrote ${file}`);
}
