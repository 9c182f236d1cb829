import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
// The browser entry alone: what a web page has (no file features provided).
import { Dense, Input, KeraflowError, Model, Sequential } from '../../../runtime/index.ts';

/**
 * Saving in memory, as a browser program does: saveToBytes / loadFromBytes,
 * loadFromFile with File objects, exportTfjsArtifacts; and the methods that
 * need Node saying what to use instead. (test/browser/ runs the same in
 * Chromium; Node has Blob and File too.)
 */

function smallModel(): Model {
  const input = new Input([3], { name: 'x' });
  return new Model(input, new Dense(1, { name: 'e' }).apply(new Dense(2, { name: 'd', activation: 'tanh' }).apply(input)), { name: 'small' });
}

const probe = [
  [1, 2, 3],
  [-1, 0.5, 0],
];

async function outputs(model: Model | Sequential): Promise<number[][]> {
  const output = model.predict(probe) as tf.Tensor;
  const values = (await output.array()) as number[][];
  output.dispose();
  return values;
}

async function errorOf(action: () => Promise<unknown>): Promise<KeraflowError> {
  const error = await action().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeraflowError);
  return error as KeraflowError;
}

describe('saveToBytes / loadFromBytes', () => {
  it('a Model: JSON text and safetensors bytes, loaded back with the same predictions', async () => {
    const model = smallModel();
    const saved = await model.saveToBytes();
    expect(JSON.parse(saved.architecture)).toMatchObject({ format: 'keraflow' });
    expect(saved.weights).toBeInstanceOf(Uint8Array);
    const loaded = await Model.loadFromBytes(saved);
    expect(loaded.name).toBe('small');
    expect(await outputs(loaded)).toEqual(await outputs(model));
  });

  it('an Input-headed Sequential stays a Sequential; as UTF-8 bytes too', async () => {
    const sequential = new Sequential([new Input([3]), new Dense(4, { activation: 'relu' }), new Dense(2)]);
    const saved = await sequential.saveToBytes({ indent: 0 });
    expect(saved.architecture).not.toContain('\n  ');
    const loaded = await Sequential.loadFromBytes({ architecture: new TextEncoder().encode(saved.architecture), weights: saved.weights });
    expect(loaded).toBeInstanceOf(Sequential);
    expect(await outputs(loaded)).toEqual(await outputs(sequential));
  });

  it('without weights, the architecture alone: fresh weights of the same shapes', async () => {
    const { architecture } = await smallModel().saveToBytes();
    const loaded = await Model.loadFromBytes({ architecture, weights: null });
    expect(loaded.parameters().map((p) => `${p.layer.name}/${p.name} ${p.variable.shape}`)).toEqual(['d/W 3,2', 'd/b 2', 'e/W 2,1', 'e/b 1']);
  });

  it('bad arguments and bytes are one-line KeraflowErrors, and leave no tensor behind', async () => {
    const model = smallModel();
    const { architecture, weights } = await model.saveToBytes();
    const before = tf.memory().numTensors;
    expect((await errorOf(() => model.saveToBytes({ overwrite: true } as never))).message).toBe("saveToBytes takes {indent?: number}, but got the option 'overwrite'");
    expect((await errorOf(() => model.saveToBytes(null as never))).message).toBe('saveToBytes takes {indent?: number}, but got null');
    expect((await errorOf(() => Model.loadFromBytes(null as never))).message).toBe('loadFromBytes: saved must be an object {architecture, weights} (what saveToBytes returns), but got null');
    expect((await errorOf(() => Model.loadFromBytes({ architecture: 42 } as never))).message).toBe('loadFromBytes: architecture must be the architecture as JSON text or UTF-8 bytes, but got number');
    expect((await errorOf(() => Model.loadFromBytes({ architecture, weights: [1, 2] } as never))).message).toBe(
      'loadFromBytes: weights must be the safetensors bytes (a Uint8Array) or null, but got object',
    );
    expect((await errorOf(() => Model.loadFromBytes({ architecture: '{"format": "keraflow",', weights }))).message).toMatch(/^architecture: malformed JSON: /);
    expect((await errorOf(() => Model.loadFromBytes({ architecture, weights: weights.subarray(0, weights.length - 4) }))).message).toMatch(/^weights: /);
    expect((await errorOf(() => Sequential.loadFromBytes({ architecture, weights }))).message).toBe('the architecture holds a Model, not a Sequential; load it with Model.loadFromBytes');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loadFromFile with Files (a browser page\'s <input type="file">)', () => {
  it('loads the two files saveToFile or download writes, the extension choosing the format', async () => {
    const model = smallModel();
    const { architecture, weights } = await model.saveToBytes();
    const loaded = await Model.loadFromFile(new File([architecture], 'small.json'), new File([weights as BlobPart], 'small.safetensors'));
    expect(await outputs(loaded)).toEqual(await outputs(model));
  });

  it('names the file in errors, and refuses a path mixed with a File', async () => {
    const { architecture } = await smallModel().saveToBytes();
    const broken = new File([new Uint8Array([1, 2, 3])], 'small.safetensors');
    expect((await errorOf(() => Model.loadFromFile(new File([architecture], 'small.json'), broken))).message).toMatch(/^small\.safetensors: /);
    expect((await errorOf(() => Model.loadFromFile(new File([architecture], 'small.txt')))).message).toMatch(/^small\.txt: an architecture file must end in \.json, \.yaml or \.yml/);
    expect((await errorOf(() => Model.loadFromFile(new File([architecture], 'small.json'), 'small.safetensors'))).message).toBe(
      'Model.loadFromFile: archPath is a File but weightPath is not; pass the weights as a File too (or null)',
    );
    expect((await errorOf(() => Model.loadFromFile('small.json', new File([], 'small.safetensors')))).message).toBe(
      'Model.loadFromFile: archPath is a path but weightPath a File; pass two paths (Node) or two Files',
    );
  });
});

describe("the browser entry without Node's file features", () => {
  it('saveToFile, loadFromFile with paths and exportTfjs(directory) say what a browser program uses instead', async () => {
    const model = smallModel();
    expect((await errorOf(() => model.saveToFile('m.json', 'm.safetensors'))).message).toBe(
      "saveToFile works on files, which need Node: in Node, import 'keraflow' (its node entry, or 'keraflow/node'); in a browser, use saveToBytes() or download()",
    );
    expect((await errorOf(() => Model.loadFromFile('m.json'))).message).toMatch(
      /^Model\.loadFromFile works on files, which need Node: .*; in a browser, use File objects \(from <input type="file">\) or loadFromBytes\(\)$/,
    );
    expect((await errorOf(() => model.exportTfjs('web'))).message).toMatch(/^exportTfjs works on files, .*; in a browser, use exportTfjsArtifacts\(\)$/);
  });

  it('download needs a page, and a plain file name', async () => {
    const model = smallModel();
    expect((await errorOf(() => model.download())).message).toBe('download needs a browser page to offer downloads; in Node, use saveToFile');
    expect((await errorOf(() => model.download('a/b'))).message).toBe('download: name must be a file name without folders (the downloads are <name>.json and <name>.safetensors), but got "a/b"');
  });
});

describe('exportTfjsArtifacts', () => {
  it('the TensorFlow.js Layers format in memory: the topology, a spec per weight, the weights in that order', async () => {
    const model = smallModel();
    const artifacts = await model.exportTfjsArtifacts();
    expect(artifacts).toMatchObject({ format: 'layers-model', generatedBy: 'keraflow', modelTopology: { class_name: 'Model' } });
    expect(artifacts.weightSpecs.map((spec) => `${spec.name} ${spec.shape}`)).toEqual(['d/kernel 3,2', 'd/bias 2', 'e/kernel 2,1', 'e/bias 1']);
    const kernel = new Float32Array(artifacts.weightData, 0, 6);
    expect([...kernel]).toEqual([...(await model.parameters()[0].variable.data())]);
  });
});
