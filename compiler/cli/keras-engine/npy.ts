/**
 * NumPy's `.npy` format (version 1.0), for handing arrays to Python without
 * text: the magic string, a header dict padded to 64 bytes, then the raw
 * little-endian values. Only what `keraflow train --engine keras` writes:
 * float32 and int32 arrays in C order.
 */
export function encodeNpy(values: Float32Array | Int32Array, shape: readonly number[]): Uint8Array {
  const descr = values instanceof Int32Array ? '<i4' : '<f4';
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`;
  // Magic (6) + version (2) + length (2) + header + '\n': a multiple of 64, so the data is aligned.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const bytes = new Uint8Array(10 + header.length + values.byteLength);
  bytes.set([0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0)), 1, 0, header.length & 0xff, header.length >> 8]);
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
  // Typed arrays are in the platform's order: little-endian wherever Node runs.
  bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 10 + header.length);
  return bytes;
}
