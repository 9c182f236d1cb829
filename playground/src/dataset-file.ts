/**
 * The built-in data sets as the page ships them: `data/NAME.json` says what
 * is in `data/NAME.bin` (gzip of the arrays one after another). The build
 * writes them from the runtime's own loaders (mnist, iris: the same samples
 * and the same split as `keraflow train`), the training worker reads them.
 * MNIST's pixels (k/255) travel as bytes: a quarter of the floats.
 */
import { gunzipSync, gzipSync } from 'fflate';

export type Encoding = 'float32' | 'uint8/255';

export interface ArrayEntry {
  shape: number[];
  encoding: Encoding;
}

export interface DatasetHeader {
  description: string;
  train: { x: ArrayEntry; y: ArrayEntry };
  test: { x: ArrayEntry; y: ArrayEntry };
}

export interface ShapedArray {
  data: Float32Array;
  shape: number[];
}

export interface DatasetArrays {
  description: string;
  train: { x: ShapedArray; y: ShapedArray };
  test: { x: ShapedArray; y: ShapedArray };
}

const parts = ['train', 'test'] as const;
const channels = ['x', 'y'] as const;

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const bytesPerValue = (encoding: Encoding) => (encoding === 'float32' ? 4 : 1);

/** Bytes of uint8/255 hold k/255 exactly only when every value is one: otherwise floats. */
function encodingOf(data: Float32Array): Encoding {
  return data.every((value) => value >= 0 && value <= 1 && Math.abs(value * 255 - Math.round(value * 255)) < 1e-4) ? 'uint8/255' : 'float32';
}

export function encodeDataset(dataset: DatasetArrays): { header: DatasetHeader; body: Uint8Array } {
  const chunks: Uint8Array[] = [];
  const entry = (array: ShapedArray): ArrayEntry => {
    const encoding = encodingOf(array.data);
    chunks.push(encoding === 'float32' ? new Uint8Array(Float32Array.from(array.data).buffer) : Uint8Array.from(array.data, (value) => Math.round(value * 255)));
    return { shape: array.shape, encoding };
  };
  const header: DatasetHeader = {
    description: dataset.description,
    train: { x: entry(dataset.train.x), y: entry(dataset.train.y) },
    test: { x: entry(dataset.test.x), y: entry(dataset.test.y) },
  };
  const all = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return { header, body: gzipSync(all, { level: 9 }) };
}

export function decodeDataset(header: DatasetHeader, body: Uint8Array): DatasetArrays {
  const bytes = gunzipSync(body);
  let offset = 0;
  const read = (entry: ArrayEntry): ShapedArray => {
    const length = sizeOf(entry.shape) * bytesPerValue(entry.encoding);
    const slice = bytes.slice(offset, offset + length);
    offset += length;
    const data = entry.encoding === 'float32' ? new Float32Array(slice.buffer) : Float32Array.from(slice, (value) => value / 255);
    return { data, shape: entry.shape };
  };
  const decoded = { description: header.description } as DatasetArrays;
  for (const part of parts) {
    const [x, y] = channels.map((channel) => read(header[part][channel]));
    decoded[part] = { x, y };
  }
  if (offset !== bytes.length) throw new Error(`the data file holds ${bytes.length} bytes, but its header describes ${offset}`);
  return decoded;
}
