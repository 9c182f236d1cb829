import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Dense, Input, KeraflowError, Model, Sequential } from '../../../runtime/node.ts';
import { temporaryFolder } from './helpers.ts';

const folder = temporaryFolder();

/** Input [3] 'x' -> Dense 2 'd' -> Dense 1 'e', saved as JSON and YAML, with its weights. */
async function saved() {
  const directory = folder();
  const input = new Input([3], { name: 'x' });
  const model = new Model(input, new Dense(1, { name: 'e' }).apply(new Dense(2, { name: 'd' }).apply(input)), { name: 'small' });
  const json = path.join(directory, 'model.json');
  const yaml = path.join(directory, 'model.yaml');
  const weights = path.join(directory, 'model.safetensors');
  await model.saveToFile(json, weights);
  await model.saveToFile(yaml);
  return { directory, json, yaml, weights, model };
}

/** Writes `text` (or bytes) to a new file in the folder. */
const write = (directory: string, name: string, content: string | Uint8Array) => {
  const file = path.join(directory, name);
  fs.writeFileSync(file, content);
  return file;
};

/** A safetensors file with this header (JSON text or object) and this many data bytes. */
function weightsFile(directory: string, header: unknown, dataBytes: number, declaredSize?: bigint): string {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length + dataBytes);
  new DataView(bytes.buffer).setBigUint64(0, declaredSize ?? BigInt(json.length), true);
  bytes.set(json, 8);
  return write(directory, `w${Math.random().toString(36).slice(2)}.safetensors`, bytes);
}

const goodHeader = {
  'd/W': { dtype: 'F32', shape: [3, 2], data_offsets: [0, 24] },
  'd/b': { dtype: 'F32', shape: [2], data_offsets: [24, 32] },
  'e/W': { dtype: 'F32', shape: [2, 1], data_offsets: [32, 40] },
  'e/b': { dtype: 'F32', shape: [1], data_offsets: [40, 44] },
};

/**
 * Loading fails with a KeraflowError whose message matches every pattern
 * and names the file; no tensor is left behind (no partly loaded model).
 */
async function expectLoadError(archPath: string, weightPath: string | undefined, patterns: RegExp[], fields: Partial<KeraflowError> = {}): Promise<void> {
  const before = tf.memory().numTensors;
  const error = await Model.loadFromFile(archPath, weightPath).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KeraflowError);
  const message = (error as Error).message;
  expect(message).toContain(path.basename(fields.argument === 'weightPath' ? weightPath! : archPath));
  for (const pattern of patterns) expect(message).toMatch(pattern);
  if (process.env.SHOW_MESSAGES) console.log(message);
  expect(error).toMatchObject(fields);
  expect(tf.memory().numTensors).toBe(before);
}

describe('loading bad architecture files', () => {
  it('a missing file', async () => {
    const { directory, weights } = await saved();
    await expectLoadError(path.join(directory, 'nothing.json'), weights, [/cannot read architecture file .*nothing\.json: no such file/], { argument: 'archPath' });
  });

  it('a wrong extension, to load or to save', async () => {
    const { directory, model } = await saved();
    const text = write(directory, 'model.txt', '{}');
    await expectLoadError(text, undefined, [/must end in \.json, \.yaml or \.yml .* but it ends in '\.txt'/], { argument: 'archPath' });
    await expect(model.saveToFile(path.join(directory, 'model'))).rejects.toThrow(/ends in no extension/);
    expect(fs.existsSync(path.join(directory, 'model'))).toBe(false);
  });

  it('malformed JSON and YAML, with where', async () => {
    const { directory } = await saved();
    await expectLoadError(write(directory, 'bad.json', '{"format": "keraflow",'), undefined, [/bad\.json: malformed JSON/]);
    await expectLoadError(write(directory, 'bad.yaml', 'format: keraflow\nlayers: [\n  - a: b\n'), undefined, [
      /bad\.yaml: malformed YAML at line 3, column 3: missed comma between flow collection entries$/,
    ]);
    await expectLoadError(write(directory, 'tag.yaml', 'format: !!js/function "function () { return 1 }"\n'), undefined, [
      /tag\.yaml: malformed YAML at line 1, column \d+: unknown tag !<tag:yaml.org,2002:js\/function>/,
    ]);
    await expectLoadError(write(directory, 'list.json', '[1, 2]'), undefined, [/list\.json: the document must be a mapping/]);
  });

  it('an unknown layer class, argument, regularizer or constraint class is an error naming it', async () => {
    const { directory, json } = await saved();
    const document = JSON.parse(fs.readFileSync(json, 'utf8'));
    const tampered = (name: string, change: (d: any) => void) => {
      const copy = structuredClone(document);
      change(copy);
      return write(directory, name, JSON.stringify(copy));
    };
    await expectLoadError(
      tampered('class.json', (d) => (d.layers[1].class_name = 'Dense2')),
      undefined,
      [/layers\[1\]\.class_name names an unknown layer class 'Dense2'; did you mean 'Dense'\?/],
    );
    await expectLoadError(
      tampered('arg.json', (d) => (d.layers[1].config.units = 3)),
      undefined,
      [/layers\[1\]\.config\.units is not an argument of Dense/],
    );
    await expectLoadError(
      tampered('reg.json', (d) => (d.layers[1].regularizers = { W: { class_name: 'Evil', config: {} } })),
      undefined,
      [/layers\[1\]\.regularizers\.W\.class_name is 'Evil', which is not a registered regularizer/],
    );
    await expectLoadError(
      tampered('con.json', (d) => (d.layers[2].constraints = { b: { class_name: 'MaxNorm', config: { m: -1 } } })),
      undefined,
      [/layers\[2\]\.constraints\.b\.config is not a valid MaxNorm config/],
    );
    await expectLoadError(
      tampered('value.json', (d) => (d.layers[1].config.output_dim = 'two')),
      undefined,
      [/layers\[1\] \(d, Dense\): argument 'outputDim' must be an integer ≥ 1, but got "two"/],
    );
    await expectLoadError(
      tampered('key.json', (d) => (d.layers[1].colour = 'red')),
      undefined,
      [/layers\[1\]\.colour is not a known key/],
    );
    await expectLoadError(
      tampered('version.json', (d) => (d.format_version = 2)),
      undefined,
      [/format_version is 2, but this Keraflow reads version 1 \(the file was written by a newer Keraflow\)/],
    );
  });

  it('bad wiring: an unknown layer, a node that does not exist, a cycle', async () => {
    const { directory, json } = await saved();
    const document = JSON.parse(fs.readFileSync(json, 'utf8'));
    const tampered = (name: string, change: (d: any) => void) => {
      const copy = structuredClone(document);
      change(copy);
      return write(directory, name, JSON.stringify(copy));
    };
    await expectLoadError(
      tampered('unknown.json', (d) => (d.layers[2].inbound_nodes[0][0].layer = 'ghost')),
      undefined,
      [/layers\[2\]\.inbound_nodes\[0\] refers to layer 'ghost', which is not among the model's layers/],
    );
    await expectLoadError(
      tampered('node.json', (d) => (d.layers[2].inbound_nodes[0][0].node = 3)),
      undefined,
      [/refers to node 3 of 'd', which has 1 node/],
    );
    await expectLoadError(
      tampered('cycle.json', (d) => (d.layers[1].inbound_nodes[0][0].layer = 'e')),
      undefined,
      [/layers\[1\]\.inbound_nodes\[0\] is part of a cycle/],
    );
    await expectLoadError(
      tampered('output.json', (d) => (d.outputs[0].node = 1)),
      undefined,
      [/outputs\[0\] refers to node 1 of 'e'/],
    );
    await expectLoadError(
      tampered('two.json', (d) => d.layers[1].inbound_nodes[0].push({ layer: 'x', node: 0 })),
      undefined,
      [/layers\[1\]\.inbound_nodes\[0\] feeds 2 Kensors to 'd', which takes one/],
    );
    await expectLoadError(
      tampered('shape.json', (d) => (d.layers[0].config.shape = [])),
      undefined,
      [/layers\[1\]\.inbound_nodes\[0\] cannot be applied: d \(Dense\) takes inputs of rank 2 or more/],
    );
  });

  it('keys such as __proto__ and constructor never reach a prototype', async () => {
    const { directory, json } = await saved();
    const text = fs.readFileSync(json, 'utf8');
    const proto = write(directory, 'proto.json', text.replace('"config": {\n        "output_dim": 2', '"config": {"__proto__": {"polluted": true}, "output_dim": 2'));
    await expectLoadError(proto, undefined, [/key '__proto__' at layers\[1\]\.config\.__proto__ is not allowed/]);
    await expectLoadError(write(directory, 'ctor.yaml', 'constructor: {prototype: {polluted: true}}\n'), undefined, [/key 'constructor' at constructor is not allowed/]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('YAML aliases are refused (no billion laughs)', async () => {
    const { directory, yaml } = await saved();
    const text = fs.readFileSync(yaml, 'utf8').replace('shape:\n        - 3', 'shape: &s\n        - 3\n      mask_value: *s');
    await expectLoadError(write(directory, 'alias.yaml', text), undefined, [/repeats a node through a YAML alias/]);
  });

  it('nesting too deep (2,000 levels of lists, 1,000 nested Sequentials) is a clear error, not a stack overflow', async () => {
    const { directory } = await saved();
    const lists = `{"format": "keraflow", "format_version": 1, "class_name": "Model", "name": ${'['.repeat(2000)}${']'.repeat(2000)}}`;
    await expectLoadError(
      write(directory, 'lists.json', lists),
      undefined,
      [/lists\.json: lists and mappings nest deeper than 100 levels \(at name\[0\]\[0\].*\); an architecture file is at most 100 levels deep$/],
      { argument: 'archPath' },
    );
    const nested = (depth: number): unknown =>
      depth === 0 ? { class_name: 'Dense', name: 'd', config: { output_dim: 1 } } : { class_name: 'Sequential', name: `s${depth}`, config: { layers: [nested(depth - 1)] } };
    const sequentials = {
      format: 'keraflow',
      format_version: 1,
      class_name: 'Sequential',
      name: 'top',
      config: { layers: [{ class_name: 'Input', name: 'x', config: { shape: [2] } }, nested(1000)] },
    };
    await expectLoadError(write(directory, 'nested.json', JSON.stringify(sequentials)), undefined, [/nested\.json: lists and mappings nest deeper than 100 levels/]);
    // JSON is YAML (flow style).
    await expectLoadError(write(directory, 'nested.yaml', JSON.stringify(sequentials)), undefined, [/nested\.yaml: malformed YAML .*nesting exceeded maxDepth \(100\)/]);
    // Twenty nested Sequentials are well within the limit.
    const twenty = { ...sequentials, config: { layers: [sequentials.config.layers[0], nested(20)] } };
    const model = await Model.loadFromFile(write(directory, 'twenty.json', JSON.stringify(twenty)));
    expect(model.outputs[0].shape).toEqual([null, 1]);
  });

  it('sizes beyond the limit (Dense output_dim 1e9, Input [1e9]) are refused before anything is allocated; the limit can be raised', async () => {
    const { directory, json } = await saved();
    const document = JSON.parse(fs.readFileSync(json, 'utf8'));
    delete document.weights;
    const tampered = (name: string, change: (d: any) => void) => {
      const copy = structuredClone(document);
      change(copy);
      return write(directory, name, JSON.stringify(copy));
    };
    const before = process.memoryUsage().rss;
    const wide = tampered('wide.json', (d) => (d.layers[1].config.output_dim = 1e9));
    const tooWide = /wide\.json: layers\[1\]\.inbound_nodes\[0\] cannot be applied: d: parameter 'W' of shape \[3, 1000000000\] would take the model past 268,435,456 parameters/;
    await expectLoadError(wide, undefined, [tooWide, /the limit for loading a file; .* maxParameters option or KERAFLOW_MAX_PARAMETERS/]);
    const input = tampered('input.json', (d) => (d.layers[0].config.shape = [1e9]));
    await expectLoadError(input, undefined, [/input\.json: layers\[0\] \(x, Input\): an input of shape \[1000000000\] per sample would take the model past 268,435,456 elements/], { layer: 'x' });
    expect(process.memoryUsage().rss - before).toBeLessThan(500_000_000);
    // The limit is an option, and an environment variable.
    await expect(Model.loadFromFile(json, undefined, { maxParameters: 5 })).rejects.toThrow(/d: parameter 'W' of shape \[3, 2\] would take the model past 5 parameters/);
    expect((await Model.loadFromFile(json, undefined, { maxParameters: 11 })).countParams().total).toBe(11);
    await expect(Model.loadFromFile(json, undefined, { maxParameters: 10 })).rejects.toThrow(/past 10 parameters/);
    process.env.KERAFLOW_MAX_PARAMETERS = '10';
    try {
      await expect(Model.loadFromFile(json)).rejects.toThrow(/past 10 parameters/);
    } finally {
      delete process.env.KERAFLOW_MAX_PARAMETERS;
    }
    await expect(Model.loadFromFile(json, undefined, { maxParameters: -1 })).rejects.toThrow(/maxParameters must be a whole number of parameters ≥ 0, but is -1/);
    // Building a model in code has no limit.
    expect(new Dense(3, { name: 'free' }).apply(new Input([4])).shape).toEqual([null, 3]);
  });

  it('Sequential.loadFromFile on a Model file says so', async () => {
    const { json } = await saved();
    await expect(Sequential.loadFromFile(json)).rejects.toThrow(/holds a Model, not a Sequential; load it with Model\.loadFromFile/);
  });
});

describe('loading bad weights files', () => {
  const bad = async (header: unknown, dataBytes: number, patterns: RegExp[], declaredSize?: bigint, key?: string) => {
    const { directory, json } = await saved();
    const file = weightsFile(directory, header, dataBytes, declaredSize);
    await expectLoadError(json, file, [new RegExp(path.basename(file).replace('.', '\\.')), ...patterns], { argument: 'weightPath', ...(key ? { key } : {}) });
  };

  it('a missing file', async () => {
    const { directory, json } = await saved();
    await expectLoadError(json, path.join(directory, 'none.safetensors'), [/cannot read weights file .*none\.safetensors: no such file/], { argument: 'weightPath' });
  });

  it('a header size larger than the file', () => bad(goodHeader, 44, [/header size 99999 is larger than the file/], 99999n));

  it('a truncated file: shorter than the size field, or cut in the data', async () => {
    const { directory, json, weights } = await saved();
    const bytes = fs.readFileSync(weights);
    await expectLoadError(json, write(directory, 'tiny.safetensors', bytes.subarray(0, 5)), [/tiny\.safetensors: is truncated: 5 bytes, too short for the 8-byte header size/], {
      argument: 'weightPath',
    });
    await expectLoadError(
      json,
      write(directory, 'cut.safetensors', bytes.subarray(0, bytes.length - 10)),
      [/cut\.safetensors: tensor 'e\/W' has data_offsets \[32, 40\], beyond the 34 bytes of data: the file is truncated/],
      { argument: 'weightPath', key: 'e/W' },
    );
  });

  it('offsets out of range, overlapping, leaving a hole, or not matching the shape', async () => {
    await bad({ ...goodHeader, 'e/b': { dtype: 'F32', shape: [1], data_offsets: [44, 48] } }, 44, [/tensor 'e\/b' has data_offsets \[44, 48\], beyond the 44 bytes of data/], undefined, 'e/b');
    await bad({ ...goodHeader, 'd/b': { dtype: 'F32', shape: [2], data_offsets: [20, 28] } }, 44, [/tensor 'd\/b' at \[20, 28\] overlaps tensor 'd\/W' at \[0, 24\]/], undefined, 'd/b');
    await bad({ ...goodHeader, 'e/b': { dtype: 'F32', shape: [1], data_offsets: [44, 48] } }, 48, [/bytes \[40, 44\) of the data belong to no tensor/]);
    await bad(goodHeader, 48, [/the tensors cover 44 bytes of data, but the file holds 48/]);
    await bad({ ...goodHeader, 'e/b': { dtype: 'F32', shape: [1], data_offsets: [40, 46] } }, 46, [/'e\/b' has data_offsets \[40, 46\] \(6 bytes\), but F32 of shape \[1\] takes 4/], undefined, 'e/b');
    await bad({ ...goodHeader, 'e/b': { dtype: 'F32', shape: [1], data_offsets: [40] } }, 44, [/'e\/b' has data_offsets \[40\], not \[begin, end\]/]);
  });

  it('a dtype we do not read, or no dtype at all', async () => {
    await bad(
      { ...goodHeader, 'e/b': { dtype: 'I32', shape: [1], data_offsets: [40, 44] } },
      44,
      [/tensor 'e\/b' has dtype I32, which is not read \(parameters are floats: F32, F64, F16, BF16\)/],
      undefined,
      'e/b',
    );
    await bad({ ...goodHeader, 'e/b': { dtype: 'F42', shape: [1], data_offsets: [40, 44] } }, 44, [/dtype "F42", which is not a safetensors dtype/]);
  });

  it('a missing or extra parameter, or a shape that differs from the architecture', async () => {
    const { 'e/b': _, ...withoutEb } = goodHeader;
    await bad(withoutEb, 40, [/parameter 'e\/b' is missing \(the architecture .*model\.json has it, shape \[1\]\)/], undefined, 'e/b');
    await bad({ ...goodHeader, 'f/W': { dtype: 'F32', shape: [1], data_offsets: [44, 48] } }, 48, [/holds parameter 'f\/W', which the architecture .*model\.json does not have/], undefined, 'f/W');
    await bad(
      { ...goodHeader, 'd/W': { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] } },
      44,
      [/parameter 'd\/W' has shape \[2, 3\], but the architecture .*model\.json needs \[3, 2\]/],
      undefined,
      'd/W',
    );
  });

  it('a header that is not JSON, not UTF-8, or not an object', async () => {
    await bad('{"d/W": ', 0, [/header is not valid UTF-8 JSON/]);
    await bad('[1, 2, 3]', 0, [/header does not start with "\{"/]);
  });
});

describe('saving: atomic, and no overwrite unless asked', () => {
  it('an existing file is an error and stays untouched; overwrite replaces it; no temporary file is left', async () => {
    const { directory, json, weights, model } = await saved();
    const [jsonBefore, weightsBefore] = [fs.readFileSync(json), fs.readFileSync(weights)];
    const other = new Model(model.inputs[0], new Dense(5).apply(model.inputs[0]));
    const error = await other.saveToFile(json, weights).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeraflowError);
    expect((error as Error).message).toMatch(/model\.json already exists; pass \{overwrite: true\} to replace it/);
    expect(fs.readFileSync(json)).toEqual(jsonBefore);
    expect(fs.readFileSync(weights)).toEqual(weightsBefore);
    // A new architecture beside an existing weights file: still nothing written.
    await expect(other.saveToFile(path.join(directory, 'new.json'), weights)).rejects.toThrow(/model\.safetensors already exists/);
    expect(fs.existsSync(path.join(directory, 'new.json'))).toBe(false);

    await other.saveToFile(json, weights, { overwrite: true });
    expect(fs.readFileSync(json, 'utf8')).toContain(`"name": "${other.name}"`);
    expect(fs.readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const loaded = await Model.loadFromFile(json, weights);
    expect(loaded.name).toBe(other.name);
  });

  it("the architecture records its weights' hash: other weights of the same layout are refused, an older file without the record loads", async () => {
    const { directory, json, weights, model } = await saved();
    const otherWeights = path.join(directory, 'other.safetensors');
    const input = new Input([3], { name: 'x' });
    await new Model(input, new Dense(1, { name: 'e' }).apply(new Dense(2, { name: 'd' }).apply(input))).saveToFile(path.join(directory, 'other.json'), otherWeights);
    await expectLoadError(
      json,
      otherWeights,
      [/other\.safetensors: these weights were not saved with .*model\.json \(it records weights with SHA-256 [0-9a-f]{12}\.\.\., this file has [0-9a-f]{12}\.\.\.\)/],
      { argument: 'weightPath' },
    );
    // An architecture file without the record (as written before it existed) pairs with any weights of its layout.
    const document = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(document.weights.sha256).toMatch(/^[0-9a-f]{64}$/);
    delete document.weights;
    const legacy = write(directory, 'legacy.json', JSON.stringify(document));
    expect((await Model.loadFromFile(legacy, weights)).name).toBe(model.name);
    expect((await Model.loadFromFile(legacy, otherWeights)).name).toBe(model.name);
    await expectLoadError(
      write(directory, 'record.json', JSON.stringify({ ...document, weights: { sha256: 'abc' } })),
      weights,
      [/record\.json: weights must be \{sha256: <64 hexadecimal digits>\}/],
      { argument: 'archPath', key: 'weights' },
    );
  });

  it('weights staged by a save stopped after its switch are found by their hash', async () => {
    const { directory, json, weights, model } = await saved();
    const digest = JSON.parse(fs.readFileSync(json, 'utf8')).weights.sha256 as string;
    fs.renameSync(weights, path.join(directory, `.model.safetensors.${digest}.staged`));
    expect((await Model.loadFromFile(json, weights)).name).toBe(model.name);
    // The next save puts them in place.
    await model.saveToFile(json, weights, { overwrite: true });
    expect(fs.readdirSync(directory).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('the next save removes temporary files of killed writers, and leaves those of running ones', async () => {
    const { directory, json, weights, model } = await saved();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = write(directory, `.model.json.${dead}.0123456789ab.tmp`, '{"half": ');
    const live = write(directory, `.model.safetensors.${process.ppid}.0123456789ab.tmp`, 'being written');
    const other = write(directory, `.notes.txt.${dead}.0123456789ab.tmp`, 'not ours to remove');
    await model.saveToFile(json, weights, { overwrite: true });
    expect([stale, live, other].map((file) => fs.existsSync(file))).toEqual([false, true, true]);
  });

  it('the architecture and the weights cannot be one file; weightPath must be a path', async () => {
    const { directory, model } = await saved();
    await expect(model.saveToFile(path.join(directory, 'same.json'), path.join(directory, 'same.json'))).rejects.toThrow(/archPath and weightPath are the same file/);
    await expect(model.saveToFile(path.join(directory, 'a.json'), 42 as never)).rejects.toThrow(/weightPath must be a file path/);
  });

  it('a folder that does not exist is an error naming the path', async () => {
    const { directory, model } = await saved();
    await expect(model.saveToFile(path.join(directory, 'no', 'such', 'a.json'))).rejects.toThrow(/cannot write .*a\.json/);
  });
});
