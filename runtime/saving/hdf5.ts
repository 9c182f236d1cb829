import h5wasm, { type Group } from 'h5wasm';

/**
 * HDF5 files as bytes, through h5wasm (the HDF5 C library compiled to
 * WebAssembly): written in h5wasm's in-memory file system, read back and
 * removed, so that nothing touches the disk and it runs in a browser too.
 */

/** A group and what it holds: string attributes and float32 datasets. */
export interface Hdf5Group {
  /** Slash-separated, from the root (`layers/dense/vars`); parents are made as needed. */
  readonly path: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly datasets: readonly { readonly name: string; readonly shape: readonly number[]; readonly data: Float32Array }[];
}

let fileCount = 0;

/** The bytes of an HDF5 file holding these groups (in this order; the root is implicit). */
export async function writeHdf5(groups: readonly Hdf5Group[]): Promise<Uint8Array> {
  const { FS } = await h5wasm.ready;
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
    return FS!.readFile(name);
  } finally {
    if (open) file.close();
    FS!.unlink(name);
  }
}
