/**
 * Gradients need tfjs-core's gradient functions registered. tfjs-core ships
 * them only as ESM files with extensionless imports, which Node cannot load;
 * the Node bundle of @tensorflow/tfjs-layers registers all of them, in the
 * global registry every copy of tfjs-core shares. Loaded on first use
 * (about 200 ms, once), so that predicting never pays for it.
 */
let loading: Promise<void> | undefined;

export function loadGradients(): Promise<void> {
  loading ??= import('@tensorflow/tfjs-layers').then(() => undefined);
  return loading;
}
