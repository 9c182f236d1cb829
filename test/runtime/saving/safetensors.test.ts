import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dense, Input, Model } from '../../../runtime/node.ts';
import { decodeSafetensors, encodeSafetensors } from '../../../runtime/saving/safetensors.ts';
import { temporaryFolder, weightValues } from './helpers.ts';

const folder = temporaryFolder();

/**
 * A safetensors file as the published layout describes it
 * (https://github.com/huggingface/safetensors#format): an 8-byte
 * little-endian header size, the UTF-8 JSON header, then the byte buffer,
 * offsets relative to the buffer. Written by hand, without our writer.
 */
function handMade(header: Record<string, unknown>, buffer: Uint8Array, padding = 0): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padding));
  const bytes = new Uint8Array(8 + json.length + buffer.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(buffer, 8 + json.length);
  return bytes;
}

function littleEndian(kind: 'F32' | 'F64' | 'F16' | 'BF16', values: number[]): Uint8Array {
  const size = { F32: 4, F64: 8, F16: 2, BF16: 2 }[kind];
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => {
    if (kind === 'F32') view.setFloat32(i * 4, value, true);
    if (kind === 'F64') view.setFloat64(i * 8, value, true);
    if (kind === 'BF16') {
      const scratch = new DataView(new ArrayBuffer(4));
      scratch.setFloat32(0, value);
      view.setUint16(i * 2, scratch.getUint32(0) >>> 16, true);
    }
  });
  return bytes;
}

/** A model Input [3] -> Dense 2 ('d'), saved; returns it and the architecture path. */
async function savedModel(): Promise<{ model: Model; archPath: string; directory: string }> {
  const directory = folder();
  const input = new Input([3], { name: 'x' });
  const model = new Model(input, new Dense(2, { name: 'd' }).apply(input));
  const archPath = path.join(directory, 'model.json');
  await model.saveToFile(archPath);
  return { model, archPath, directory };
}

describe('safetensors: readable by any reader, reads any writer', () => {
  it('a file written here parses by hand with the published layout', async () => {
    const { model, directory } = await savedModel();
    const weightPath = path.join(directory, 'weights.safetensors');
    await model.saveToFile(path.join(directory, 'again.json'), weightPath);
    const bytes = fs.readFileSync(weightPath);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerSize = Number(view.getBigUint64(0, true));
    expect(bytes[8]).toBe('{'.charCodeAt(0));
    expect((8 + headerSize) % 8).toBe(0); // padded with spaces so that the data is aligned
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerSize)));
    expect(header).toEqual({
      __metadata__: { format: 'keraflow' },
      'd/W': { dtype: 'F32', shape: [3, 2], data_offsets: [0, 24] },
      'd/b': { dtype: 'F32', shape: [2], data_offsets: [24, 32] },
    });
    expect(bytes.length).toBe(8 + headerSize + 32);
    const read = (begin: number, count: number) => Array.from({ length: count }, (_, i) => view.getFloat32(8 + headerSize + begin + 4 * i, true));
    expect(read(0, 6)).toEqual(weightValues(model)['d/W']);
    expect(read(24, 2)).toEqual(weightValues(model)['d/b']);
  });

  it('a file made by hand from the layout (unpadded, keys in any order, other float dtypes) loads', async () => {
    const { archPath, directory } = await savedModel();
    const W = [1, 2, 3, 4, 5, 6];
    const b = [0.5, -0.25];
    const file = path.join(directory, 'hand.safetensors');
    fs.writeFileSync(
      file,
      handMade(
        { 'd/b': { dtype: 'F32', shape: [2], data_offsets: [48, 56] }, 'd/W': { dtype: 'F64', shape: [3, 2], data_offsets: [0, 48] } },
        new Uint8Array([...littleEndian('F64', W), ...littleEndian('F32', b)]),
      ),
    );
    const loaded = await Model.loadFromFile(archPath, file);
    expect(weightValues(loaded)).toEqual({ 'd/W': W, 'd/b': b });
    expect(Array.from((loaded.predict([[1, 1, 1]]) as any).dataSync())).toEqual([9.5, 11.75]);
  });

  it('F16 and BF16 are read as float32; metadata and trailing header spaces are accepted', () => {
    const half = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001]).buffer); // 1, -2, 0.333..., the smallest subnormal
    const bytes = handMade(
      { __metadata__: { producer: 'hand' }, h: { dtype: 'F16', shape: [4], data_offsets: [0, 8] }, bf: { dtype: 'BF16', shape: [2], data_offsets: [8, 12] } },
      new Uint8Array([...half, ...littleEndian('BF16', [1.5, -3])]),
      5,
    );
    const { tensors, metadata } = decodeSafetensors(bytes, 'hand.safetensors');
    expect(Array.from(tensors.get('h')!.data)).toEqual([1, -2, Math.fround(0.333251953125), Math.fround(2 ** -24)]);
    expect(Array.from(tensors.get('bf')!.data)).toEqual([1.5, -3]);
    expect(tensors.get('h')!.dtype).toBe('F16');
    expect(metadata.get('producer')).toBe('hand');
  });

  it('encode then decode gives the same tensors, empty tensors included', () => {
    const tensors = [
      { name: 'a/W', shape: [2, 2], data: new Float32Array([1, -2, 3.5, 1e-30]) },
      { name: 'a/empty', shape: [0, 3], data: new Float32Array(0) },
      { name: 'b/scalar', shape: [], data: new Float32Array([7]) },
    ];
    const { tensors: read } = decodeSafetensors(encodeSafetensors(tensors), 'memory');
    for (const tensor of tensors) {
      expect(read.get(tensor.name)!.shape).toEqual(tensor.shape);
      expect(Array.from(read.get(tensor.name)!.data)).toEqual(Array.from(tensor.data));
    }
  });
});
