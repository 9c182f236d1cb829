/**
 * What Node adds to the runtime, provided before runtime/index.ts starts a
 * backend (runtime/node.ts imports this first): the native backend, and
 * saving, loading and exporting with files. Each is loaded on first use.
 */
import { provideNativeBackend } from './backends/backend.ts';
import { provideNodeFeatures } from './engine/node-features.ts';
import { nodeThreadedWasm } from './backends/wasm-threads-node.ts';
import { provideThreadedWasm } from './backends/wasm-threads.ts';
import { startNodeGemmHelper } from './backends/wasm/gemm/helpers-node.ts';
import { provideGemmHelpers } from './backends/wasm/gemm/helpers.ts';
import { startNodeReplica } from './training/parallel/node-replicas.ts';
import { provideReplicaThreads } from './training/parallel/replicas.ts';

// Optional: its install downloads libtensorflow, which not every machine can.
provideNativeBackend(() => import('@tensorflow/tfjs-node' as string));

// The wasm backend's threaded build, started with Node's workers.
provideThreadedWasm(nodeThreadedWasm);
// Its matrix products' helper threads (they share the threaded build's memory).
provideGemmHelpers(startNodeGemmHelper);

// Data-parallel training: replicas of the model on worker threads.
provideReplicaThreads(startNodeReplica);

provideNodeFeatures({
  saveModel: async (...args) => (await import('./saving/model-file.ts')).saveModel(...args),
  loadModel: async (...args) => (await import('./saving/model-file.ts')).loadModel(...args),
  exportTfjs: async (...args) => (await import('./saving/tfjs-export-file.ts')).exportTfjs(...args),
  exportKeras: async (...args) => (await import('./saving/keras-export.ts')).exportKeras(...args),
  readFile: async (...args) => (await import('./saving/atomic-write.ts')).readFileOrThrow(...args),
});
