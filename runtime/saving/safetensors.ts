import { KeraflowError } from '../errors.ts';

/**
 * The safetensors layout (https://github.com/huggingface/safetensors), so
 * that any safetensors reader can open Keraflow's weight files:
 *
 *   8 bytes   N, the header's size, an unsigned little-endian 64-bit integer
 *   N bytes   the header: UTF-8 JSON, starting with `{`, maybe padded with
 *             spaces: {"name": {"dtype": "F32", "shape": [2, 3],
 *             "data_offsets": [begin, end]}, ..., "__metadata__": {str: str}}
 *   the rest  the byte buffer: each tensor's values, little-endian, in C
 *             (row-major) order, at [begin, end) relative to the buffer's start
 *
 * Reading checks every number before it is used: the header's size against
 * the file, each range against the buffer and against its dtype and shape,
 * and that the ranges tile the buffer (sorted, no overlap, no hole, ending at
 * the file's end) — as the reference implementation does. Nothing in the file
 * is evaluated; tensors go into a Map, so no name reaches an object prototype.
 */

/** One tensor as it is written: float32 values in row-major order. */
export interface TensorEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** One tensor as read: converted to float32, with the dtype the file had. */
export interface ReadTensor {
  readonly dtype: string;
  readonly shape: number[];
  readonly data: Float32Array;
}

/** Header sizes above this are refused (the reference implementation's limit). */
const MAX_HEADER_SIZE = 100 * 1024 * 1024;

/** The dtypes read (all converted to float32), with their sizes in bytes. Integer and boolean tensors are refused. */
const READABLE_DTYPES: Readonly<Record<string, number>> = { F32: 4, F64: 8, F16: 2, BF16: 2 };
const KNOWN_DTYPES = new Set(['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64']);

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The bytes of a safetensors file holding `tensors` (in this order) and string `metadata`. */
export function encodeSafetensors(tensors: readonly TensorEntry[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const tensor of tensors) {
    const size = tensor.data.length * 4;
    header[tensor.name] = { dtype: 'F32', shape: [...tensor.shape], data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  // Pad with spaces so that the buffer starts 8-byte aligned, as the reference writer does.
  const headerSize = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerSize + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerSize), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerSize);
  let position = 8 + headerSize;
  for (const tensor of tensors) {
    if (littleEndian) {
      bytes.set(new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength), position);
    } else {
      tensor.data.forEach((value, i) => view.setFloat32(position + 4 * i, value, true));
    }
    position += tensor.data.byteLength;
  }
  return bytes;
}

/**
 * The tensors of a safetensors file, checked and converted to float32;
 * every problem is a KeraflowError naming `file` (and the tensor).
 */
export function decodeSafetensors(bytes: Uint8Array, file: string): { tensors: Map<string, ReadTensor>; metadata: Map<string, string> } {
  const fail = (problem: string, key?: string): never => {
    throw new KeraflowError(`${file}: ${problem}`, { argument: 'weightPath', key, given: file, expected: 'a safetensors file' });
  };
  if (bytes.length < 8) fail(`is truncated: ${bytes.length} bytes, too short for the 8-byte header size`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declaredSize = view.getBigUint64(0, true);
  if (declaredSize > BigInt(bytes.length - 8)) {
    fail(`header size ${declaredSize} is larger than the file (${bytes.length} bytes): the file is truncated or not safetensors`);
  }
  const headerSize = Number(declaredSize);
  if (headerSize > MAX_HEADER_SIZE) fail(`header size ${headerSize} is over the ${MAX_HEADER_SIZE}-byte limit`);
  if (headerSize < 2 || bytes[8] !== 0x7b) fail('header does not start with "{": not a safetensors file');

  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerSize)));
  } catch (error) {
    fail(`header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');

  const bufferStart = 8 + headerSize;
  const bufferLength = bytes.length - bufferStart;
  const metadata = new Map<string, string>();
  const entries: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('__metadata__ must map strings to strings');
      for (const [key, text] of Object.entries(value as Record<string, unknown>)) {
        if (typeof text !== 'string') fail(`__metadata__ entry '${key}' must be a string`, key);
        metadata.set(key, text as string);
      }
      continue;
    }
    entries.push({ name, ...checkEntry(name, value, fail) });
  }

  // The ranges must tile the buffer: sorted, no overlap, no hole, up to its end.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expectedBegin = 0;
  for (const [index, entry] of sorted.entries()) {
    if (entry.end > bufferLength) {
      fail(`tensor '${entry.name}' has data_offsets [${entry.begin}, ${entry.end}], beyond the ${bufferLength} bytes of data: the file is truncated or the offsets are out of range`, entry.name);
    }
    if (entry.begin < expectedBegin) {
      fail(`tensor '${entry.name}' at [${entry.begin}, ${entry.end}] overlaps tensor '${sorted[index - 1].name}' at [${sorted[index - 1].begin}, ${sorted[index - 1].end}]`, entry.name);
    }
    if (entry.begin > expectedBegin) {
      fail(`bytes [${expectedBegin}, ${entry.begin}) of the data belong to no tensor (a hole before '${entry.name}')`, entry.name);
    }
    expectedBegin = entry.end;
  }
  if (expectedBegin !== bufferLength) {
    fail(`the tensors cover ${expectedBegin} bytes of data, but the file holds ${bufferLength}: trailing bytes belong to no tensor`);
  }

  const tensors = new Map<string, ReadTensor>();
  for (const entry of entries) {
    tensors.set(entry.name, { dtype: entry.dtype, shape: entry.shape, data: toFloat32(view, bufferStart + entry.begin, entry.end - entry.begin, entry.dtype) });
  }
  return { tensors, metadata };
}

function checkEntry(name: string, value: unknown, fail: (problem: string, key?: string) => never): { dtype: string; shape: number[]; begin: number; end: number } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`tensor '${name}' must be {dtype, shape, data_offsets}`, name);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  const extra = Object.keys(value as object).filter((key) => !['dtype', 'shape', 'data_offsets'].includes(key));
  if (extra.length > 0) fail(`tensor '${name}' has unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')}`, name);
  if (typeof dtype !== 'string' || !KNOWN_DTYPES.has(dtype)) fail(`tensor '${name}' has dtype ${JSON.stringify(dtype)}, which is not a safetensors dtype`, name);
  const elementSize = Object.hasOwn(READABLE_DTYPES, dtype as string) ? READABLE_DTYPES[dtype as string] : undefined;
  if (elementSize === undefined) {
    fail(`tensor '${name}' has dtype ${dtype}, which is not read (parameters are floats: ${Object.keys(READABLE_DTYPES).join(', ')})`, name);
  }
  const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (!Array.isArray(shape) || !shape.every(isCount)) fail(`tensor '${name}' has shape ${JSON.stringify(shape)}, not a list of sizes`, name);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
    fail(`tensor '${name}' has data_offsets ${JSON.stringify(offsets)}, not [begin, end] with 0 ≤ begin ≤ end`, name);
  }
  const [begin, end] = offsets as [number, number];
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  if (end - begin !== count * elementSize!) {
    fail(`tensor '${name}' has data_offsets [${begin}, ${end}] (${end - begin} bytes), but ${dtype} of shape [${(shape as number[]).join(', ')}] takes ${count * elementSize!}`, name);
  }
  return { dtype: dtype as string, shape: shape as number[], begin, end };
}

function toFloat32(view: DataView, start: number, byteLength: number, dtype: string): Float32Array {
  switch (dtype) {
    case 'F32': {
      // Our files align the data: a view. Otherwise copying aligns it.
      if (littleEndian && (view.byteOffset + start) % 4 === 0) return new Float32Array(view.buffer, view.byteOffset + start, byteLength / 4);
      const copy = new Uint8Array(byteLength);
      copy.set(new Uint8Array(view.buffer, view.byteOffset + start, byteLength));
      const result = new Float32Array(copy.buffer);
      if (!littleEndian) result.forEach((_, i) => (result[i] = view.getFloat32(start + 4 * i, true)));
      return result;
    }
    case 'F64':
      return Float32Array.from({ length: byteLength / 8 }, (_, i) => view.getFloat64(start + 8 * i, true));
    case 'F16':
      return Float32Array.from({ length: byteLength / 2 }, (_, i) => halfToFloat(view.getUint16(start + 2 * i, true)));
    default: // BF16: the top half of a float32.
      return Float32Array.from({ length: byteLength / 2 }, (_, i) => {
        const scratch = new DataView(new ArrayBuffer(4));
        scratch.setUint32(0, view.getUint16(start + 2 * i, true) << 16);
        return scratch.getFloat32(0);
      });
  }
}

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
