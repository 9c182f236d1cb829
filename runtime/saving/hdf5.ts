import type { Group } from 'h5wasm';

/**
 * HDF5 files as bytes, through h5wasm (the HDF5 C library compiled to
 * WebAssembly): written in h5wasm's in-memory file system, read back and
 * removed, so that nothing touches the disk and it runs in a browser too.
 * Loaded on first use: its 4 MB module would slow every start of the runtime.
 */

/** A group and what it holds: string attributes and float32 datasets. */
export interface Hdf5Group {
  /** Slash-separated, from the root (`layers/dense/vars`); parents are made as needed. */
  readonly path: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly datasets: readonly { readonly name: string; readonly shape: readonly number[]; readonly data: Float32Array }[];
}

let fileCount = 0;

async function library() {
  const h5wasm = (await import('h5wasm')).default;
  return { h5wasm, FS: (await h5wasm.ready).FS! };
}

/** The bytes of an HDF5 file holding these groups (in this order; the root is implicit). */
export async function writeHdf5(groups: readonly Hdf5Group[]): Promise<Uint8Array> {
  const { h5wasm, FS } = await library();
  const name = `/keraflow-${++fileCount}.h5`;
  const file = new h5wasm.File(name, 'w');
  let open = true;
  try {
    const made = new Set<string>();
    const group = (path: string) => {
      const parts = path.split('/');
      for (let depth = 1; depth <= parts.length; depth++) {
        const prefix = parts.slice(0, depth).join('/');
        if (!made.has(prefix)) {
          file.create_group(prefix);
          made.add(prefix);
        }
      }
      return file.get(path) as Group;
    };
    for (const { path, attributes, datasets } of groups) {
      const target = group(path);
      for (const [key, value] of Object.entries(attributes)) target.create_attribute(key, value);
      for (const dataset of datasets) {
        // A copy: h5wasm may keep a view of the array, whose buffer tfjs can reuse.
        target.create_dataset({ name: dataset.name, data: new Float32Array(dataset.data), shape: [...dataset.shape], dtype: '<f' });
      }
    }
    file.close();
    open = false;
    return FS.readFile(name);
  } finally {
    if (open) file.close();
    FS.unlink(name);
  }
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether the bytes have HDF5's signature: at 0, or after a user block of 512, 1024, 2048... bytes (the HDF5 format's rule). */
export function isHdf5(bytes: Uint8Array): boolean {
  for (let offset = 0; offset + SIGNATURE.length <= bytes.length; offset = offset === 0 ? 512 : offset * 2) {
    if (SIGNATURE.every((byte, index) => bytes[offset + index] === byte)) return true;
  }
  return false;
}

/** Every group of an HDF5 file (given as bytes) that holds datasets, with them in name order: path → [{shape, data}]. */
export async function readHdf5(bytes: Uint8Array): Promise<Map<string, { shape: number[]; data: Float32Array }[]>> {
  const { h5wasm, FS } = await library();
  const name = `/keraflow-${++fileCount}.h5`;
  FS.writeFile(name, bytes);
  const groups = new Map<string, { shape: number[]; data: Float32Array }[]>();
  let file: InstanceType<typeof h5wasm.File> | undefined;
  try {
    file = new h5wasm.File(name, 'r');
    const walk = (group: Group, at: string) => {
      const datasets: { name: string; shape: number[]; data: Float32Array }[] = [];
      for (const key of group.keys()) {
        const child = group.get(key);
        const path = at ? `${at}/${key}` : key;
        if (child instanceof h5wasm.Group) walk(child, path);
        else if (child instanceof h5wasm.Dataset) datasets.push({ name: key, shape: child.shape ?? [], data: datasetValues(child.value) });
      }
      // Keras numbers a group's variables 0, 1, ...: in numeric order.
      datasets.sort((a, b) => Number(a.name) - Number(b.name));
      groups.set(
        at,
        datasets.map(({ shape, data }) => ({ shape, data })),
      );
    };
    walk(file, '');
  } finally {
    file?.close();
    FS.unlink(name);
  }
  return groups;
}

/** A dataset's values as float32: h5wasm gives a scalar dataset (Attention's `scale`) as a plain number, others as an array. */
function datasetValues(value: unknown): Float32Array {
  return typeof value === 'number' ? Float32Array.of(value) : Float32Array.from(value as ArrayLike<number>);
}
