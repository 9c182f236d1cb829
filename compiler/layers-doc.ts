/**
 * docs/layers.md, generated from the runtime's layer catalogue: for every
 * layer, its doc, its shape rule in words, its arguments with types and
 * defaults, its parameters and its Keras counterpart, all from its spec; then
 * the names that arguments take (activations, initializations, losses, ...),
 * from the runtime's registries.
 * `npx tsx compiler/layers-doc.ts` rewrites the file; a test keeps it current.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as activations from '../runtime/activations.ts';
import * as constraints from '../runtime/constraints.ts';
import { COMMON_OPTION_SPECS, type LayerSpec } from '../runtime/engine/layer.ts';
import { toSnakeCase } from '../runtime/engine/naming.ts';
import { describeArgType, type ArgSpec, type ClassSpec } from '../runtime/engine/spec.ts';
import * as initializations from '../runtime/initializations.ts';
import * as initializers from '../runtime/keras/initializers.ts';
import * as kerasConstraints from '../runtime/keras/constraints.ts';
import * as kerasRegularizers from '../runtime/keras/regularizers.ts';
import type { AliasRegistry } from '../runtime/engine/registry.ts';
import { layerCatalogue, type Dialect } from '../runtime/layers/index.ts';
import * as regularizers from '../runtime/regularizers.ts';
import * as metrics from '../runtime/training/metrics.ts';
import * as objectives from '../runtime/training/objectives.ts';
import * as optimizers from '../runtime/training/optimizers/index.ts';

/** A value as a .kf file writes it: `relu`, `[1, 1]`, `none`. */
function kfValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return /^[A-Za-z_][A-Za-z0-9_]*$/.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(kfValue).join(', ')}]`;
  return String(value);
}

/** A table cell: pipes escaped, on one line. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function argumentName(arg: ArgSpec): string {
  const snake = toSnakeCase(arg.name);
  return snake === arg.name ? `\`${snake}\`` : `\`${snake}\` (\`${arg.name}\`)`;
}

function argumentRow(arg: ArgSpec): string {
  const when = arg.required ? 'required' : Object.hasOwn(arg, 'default') ? `\`${kfValue(arg.default)}\`` : 'none';
  const kind = arg.positional ? `${when}, positional` : when;
  return `| ${argumentName(arg)} | ${cell(describeArgType(arg))} | ${cell(kind)} | ${cell(arg.doc)} |`;
}

const ARGUMENT_HEADER = ['| Argument | Takes | Default | |', '| --- | --- | --- | --- |'];

/** Its Keras class, or the classes it maps to by its first enum argument (Pooling2D: MaxPooling2D or AveragePooling2D). */
export function kerasCounterpart(spec: LayerSpec): string {
  const className = spec.keras?.className;
  if (className === undefined) return 'none';
  if (typeof className === 'string') return `\`${className}\``;
  const choice = spec.args.find((arg) => arg.type === 'enum');
  const defaults = Object.fromEntries(spec.args.map((arg) => [arg.name, arg.default]));
  return (choice?.values ?? []).map((value) => `\`${className({ ...defaults, [choice!.name]: value })}\` (${toSnakeCase(choice!.name)} ${kfValue(value)})`).join(', ');
}

/** A Keras 3 layer's heading: its anchor must differ from the Keraflow layer of the same name. */
const kerasHeading = (spec: LayerSpec) => `${spec.className} (use keras)`;
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

/** A Keras 3 layer's other names (MaxPool2D), and the Keraflow layer whose math it runs (the one with its Keras counterpart). */
function kerasLines(spec: LayerSpec): string[] {
  const aliases = [...layerCatalogue('keras')].filter(([name, layerClass]) => layerClass.spec === spec && name !== spec.className).map(([name]) => `\`${name}\``);
  const runs = runsKeraflowLayer(spec);
  return [
    ...(aliases.length > 0 ? [`- Also named: ${aliases.join(', ')}`] : []),
    ...(runs ? [`- Runs: Keraflow's [${runs}](#${runs.toLowerCase()})`] : []),
    ...(spec.keras?.tfjs === 'never' ? ['- TensorFlow.js Layers lacks it: export to Keras 3'] : []),
  ];
}

/** The Keraflow layer a Keras 3 layer runs: the one with its Keras counterpart. */
function runsKeraflowLayer(spec: LayerSpec): string | undefined {
  return [...layerCatalogue('keraflow').values()].find((layerClass) => spec.keras !== undefined && layerClass.spec.keras === spec.keras)?.spec.className;
}

function layerSection(spec: LayerSpec, dialect: Dialect = 'keraflow'): string {
  const lines = [`## ${dialect === 'keras' ? kerasHeading(spec) : spec.className}`, '', spec.doc, ''];
  lines.push(`- Shape: ${spec.shape ?? '(not stated)'}`);
  if (spec.className !== 'Input') lines.push(`- Input: ${spec.inputs === 'list' ? 'a list of tensors' : 'one tensor'}${spec.inputDtype === 'int32' ? ' of integers' : ''}`);
  const params = spec.params.length > 0 ? spec.params.map((p) => `\`${p}\``).join(', ') : 'none';
  // A Keras layer running a Keraflow layer computes on that layer's parameters and shows them as Keras's weights (keras-weights.ts).
  if (dialect === 'keras' && spec.params.length > 0 && runsKeraflowLayer(spec)) lines.push(`- Weights: Keras 3's names and layouts (in \`layer.weights\` and saved files), held as ${params}`);
  else lines.push(`- Parameters: ${params}`);
  if (dialect === 'keras') lines.push(...kerasLines(spec));
  else if (spec.keras?.tfjs === 'never') lines.push(`- Keras 3 counterpart: ${kerasCounterpart(spec)} (TensorFlow.js Layers lacks it: export to Keras 3)`);
  else lines.push(`- Keras / TensorFlow.js counterpart: ${kerasCounterpart(spec)}`);
  lines.push('');
  if (spec.args.length > 0) lines.push(...ARGUMENT_HEADER, ...spec.args.map(argumentRow), '');
  // What applying it takes by keyword: `LSTM(8)(x, initial_state=[h, c])`.
  const takes = { tensor: 'a tensor', tensors: 'a list of tensors', bool: 'true or false' };
  if (spec.call?.length) lines.push('| When applied | Takes | |', '| --- | --- | --- |', ...spec.call.map((arg) => `| \`${toSnakeCase(arg.name)}\` | ${takes[arg.kind]} | ${cell(arg.doc)} |`), '');
  return lines.join('\n');
}

const NAME_REGISTRIES: [string, { entries(): { name: string; aliases: string[]; doc: string }[] }][] = [
  ['Activations (`activation`, `inner_activation`)', activations.registry],
  ['Initializations (`init`, `inner_init`, ...)', initializations.registry],
  ['Regularizers (`regularizers`)', regularizers.registry],
  ['Constraints (`constraints`)', constraints.registry],
  ['Losses (`loss`)', objectives.registry],
  ['Metrics (`metrics`)', metrics.registry],
  ['Optimizers (`optimizer`)', optimizers.registry],
];

function namesSection(): string {
  return NAME_REGISTRIES.map(([title, registry]) => {
    const rows = registry.entries().map((entry) => `| \`${entry.name}\` | ${entry.aliases.map((a) => `\`${a}\``).join(', ')} | ${cell(entry.doc)} |`);
    return [`### ${title}`, '', '| Name | Also | |', '| --- | --- | --- |', ...rows, ''].join('\n');
  }).join('\n');
}

/** The Keras 3 catalogue's own layers (each once, aliases beside it), in its index's order. */
function kerasLayers(): LayerSpec[] {
  return [...new Set(layerCatalogue('keras').values())].map((layerClass) => layerClass.spec).filter((spec) => spec.dialect === 'keras');
}

function kerasSection(): string[] {
  const layers = kerasLayers();
  return [
    '## Keras 3 layers (`use keras`)',
    '',
    'A `.kf` file whose first declaration is `use keras` names its layers, their arguments, argument positions and defaults',
    "as Keras 3 does, and counts axes as Keras does (the batch axis is 0); without it a file follows Keraflow's catalogue",
    "above. Files of either dialect import each other's blocks and constants. In TypeScript these layers come from",
    "`keraflow/keras`: `import { layers } from 'keraflow/keras'; new layers.Dense(64, { activation: 'relu' })`. Each runs",
    'the Keraflow layer named under it (the same math and parameters) and is exported to Keras as that layer.',
    'Every layer also takes the options listed at the top.',
    '',
    layers.map((spec) => `[${spec.className}](#${anchor(kerasHeading(spec))})`).join(' · '),
    '',
    ...layers.map((spec) => layerSection(spec, 'keras')),
    ...kerasObjectsSection(),
  ];
}

const KERAS_OBJECT_REGISTRIES: [string, AliasRegistry<{ readonly spec: ClassSpec }>][] = [
  ['Initializers (`kernel_initializer`, `bias_initializer`, ...)', initializers.registry],
  ['Regularizers (`kernel_regularizer`, `activity_regularizer`, ...)', kerasRegularizers.registry],
  ['Constraints (`kernel_constraint`, `bias_constraint`, ...)', kerasConstraints.registry],
];

/** The objects a `use keras` file's weight arguments take, with Keras 3's argument names, positions and defaults. */
function kerasObjectsSection(): string[] {
  return [
    '### Initializer, regularizer and constraint objects (`use keras`)',
    '',
    "A `use keras` file's weight arguments take Keras 3's objects, called with Keras's argument names, positions and",
    'defaults: `kernel_initializer=HeNormal(seed=1)`, `TruncatedNormal(stddev=0.02)`, `kernel_constraint=MaxNorm(max_value=2)`,',
    '`kernel_regularizer=L1L2(l2=0.01)`, or their names bare (`he_normal`, `max_norm`, `l2`). As in Keras, the normal',
    "initializers of the Glorot, He and LeCun families (and VarianceScaling's default) are truncated normals whose",
    "deviation is kept at Keras's; a seed makes the draw the same each time. A Keraflow file names its initializations",
    'instead (`init=he_normal`, a plain normal: see below). In TypeScript these come from `keraflow/keras`:',
    "`import { initializers } from 'keraflow/keras'; new layers.Dense(8, { kernelInitializer: new initializers.HeNormal(1) })`.",
    '`IdentityInitializer` is the identity initializer (`Identity` is the layer).',
    '',
    ...KERAS_OBJECT_REGISTRIES.flatMap(([title, registry]) => [
      `#### ${title}`,
      '',
      '| Class | Also | Arguments | |',
      '| --- | --- | --- | --- |',
      ...registry.entries().map((entry) => {
        const spec = registry.get(entry.name).spec;
        const args = spec.args.map((arg) => `\`${toSnakeCase(arg.name)}=${kfValue(arg.default)}\``).join(', ') || 'none';
        return `| \`${entry.name}\` | ${entry.aliases.map((a) => `\`${a}\``).join(', ')} | ${args} | ${cell(spec.doc)} |`;
      }),
      '',
    ]),
  ];
}

/** Catalogue layers in the order the catalogue registers them (index.ts: core first), Input and Sequential last. */
function documentedLayers(): LayerSpec[] {
  const specs = [...layerCatalogue().values()].map((layerClass) => layerClass.spec);
  const late = ['Input', 'Sequential'];
  return [...specs.filter((spec) => !late.includes(spec.className)), ...specs.filter((spec) => late.includes(spec.className))];
}

export function layersDocument(): string {
  const layers = documentedLayers();
  return [
    '# Layers',
    '',
    "<!-- Generated by compiler/layers-doc.ts from the runtime's layer catalogue (each layer's spec): do not edit. -->",
    '',
    'Every layer a `.kf` file or TypeScript code can use. Positional arguments come first, in the order listed; the',
    "others are named: `Dense(10, activation=relu)` in `.kf`, `new Dense(10, { activation: 'relu' })` in TypeScript.",
    'Names are snake_case in `.kf` and in saved model files, camelCase in TypeScript (shown in brackets where they differ).',
    'Shapes leave out the batch dimension; a size may be symbolic in `.kf` (`T`), and the checker follows it through these',
    'rules. The diagnostics these rules give are in [diagnostics.md](diagnostics.md); the language in [language.md](language.md).',
    '',
    '## Every layer also takes',
    '',
    ...ARGUMENT_HEADER,
    ...COMMON_OPTION_SPECS.map(argumentRow),
    '',
    'Parameters are named per layer (below): `initial_weights={W: [[...]], b: [...]}`, `regularizers={W: l2}`,',
    '`constraints=[maxnorm]` (a list goes in parameter order; one value is for the first parameter, or every one for',
    'regularizers and constraints).',
    '',
    layers.map((spec) => `[${spec.className}](#${spec.className.toLowerCase()})`).join(' · '),
    '',
    ...layers.map((spec) => layerSection(spec)),
    ...kerasSection(),
    '## Names that arguments take',
    '',
    'An argument that takes one of these accepts the name (or any of its other spellings) bare or as a string:',
    '`activation=relu` and `activation="relu"` are the same.',
    '',
    namesSection(),
  ].join('\n');
}

if (resolve(process.argv[1] ?? '') === resolve(import.meta.filename)) {
  writeFileSync(join(import.meta.dirname, '../docs/layers.md'), layersDocument());
}
