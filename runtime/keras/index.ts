/**
 * keraflow/keras: the Keras 3 dialect's layers, under Keras's names,
 * argument names, positions and defaults; the rest (Model, training,
 * saving) is the main entry's.
 *
 *   import { layers } from 'keraflow/keras';
 *   const hidden = new layers.Dense(64, { activation: 'relu' });
 *
 * Browser-safe: it imports nothing of Node's.
 */
export * as layers from './layers/index.ts';
export * as initializers from './initializers.ts';
export * as regularizers from './regularizers.ts';
export * as constraints from './constraints.ts';
export { KerasLayer } from './keras-layer.ts';
