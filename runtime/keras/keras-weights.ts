import * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '../engine/layer.ts';
import { KeraflowError } from '../errors.ts';

/**
 * A Keraflow layer's variables as Keras 3's weights: the names and layouts
 * its Keras mapping (`spec.keras.weights`, which the exports also read)
 * gives them, in Keras's order. A Keras weight that is one variable as it is
 * (Dense's kernel is W) is that variable; one Keras joins from several (an
 * LSTM's kernel from its four gates) is a new tensor the caller disposes.
 * A layer without a mapping keeps its own names.
 */
export function kerasWeightsOf(layer: Layer<any>): Record<string, tf.Tensor> {
  const mapping = layer.spec.keras;
  const variables = layer.variables;
  if (!mapping?.weights || Object.keys(variables).length === 0) return { ...variables };
  return present(mapping.weights(variables, layer.args));
}

/**
 * A layer's weights as the Keras dialect's layer of its Keras class has
 * them: its own for a layer of that dialect, else `kerasWeightsOf`. For
 * weights made by Keraflow layers and read by a `use keras` file's (keraflow
 * import, the Keras engine's trained weights).
 */
export function kerasDialectWeights(layer: Layer<any>): Record<string, tf.Tensor> {
  return layer.spec.dialect === 'keras' ? { ...layer.weights } : kerasWeightsOf(layer);
}

/**
 * The way back of `kerasWeightsOf`: the values of the layer's variables
 * (by variable name) from all of its Keras weights, of the shapes
 * `kerasWeightsOf` gives. The mapping only moves values (renames, joins,
 * stacks), so the way back follows from it: the mapping applied to each
 * variable's positions tells where every Keras value goes.
 */
export function variablesFromKerasWeights(layer: Layer<any>, weights: Readonly<Record<string, tf.Tensor>>): Record<string, tf.Tensor> {
  const mapping = layer.spec.keras;
  const variables = Object.entries(layer.variables);
  if (!mapping?.weights || variables.length === 0) return { ...weights };
  const keras = mapping.weights;
  return tf.tidy(() => {
    let total = 0;
    const positions: Record<string, tf.Tensor> = {};
    for (const [name, variable] of variables) {
      positions[name] = tf.reshape(tf.range(total, total + variable.size, 1, 'int32'), variable.shape);
      total += variable.size;
    }
    const layout = Object.entries(present(keras(positions, layer.args)));
    const where = tf.concat(layout.map(([, position]) => tf.reshape(position, [-1]))).dataSync();
    // Where each variable's value sits among the Keras weights laid end to end.
    const source = new Int32Array(total).fill(-1);
    where.forEach((position, index) => (source[position] = index));
    if (where.length !== total || source.includes(-1)) {
      throw new KeraflowError(`${layer.name} (${layer.className}): its Keras mapping does not lay out each variable once, so its Keras weights cannot be read back`, {
        layer: layer.name,
        expected: 'a Keras mapping that moves each value once',
        given: `${where.length} positions for ${total} values`,
      });
    }
    const values = tf.gather(tf.concat(layout.map(([name]) => tf.reshape(weights[name], [-1]))), tf.tensor1d(source, 'int32'));
    const sizes = variables.map(([, variable]) => variable.size);
    const parts = tf.split(values, sizes);
    return Object.fromEntries(variables.map(([name, variable], k) => [name, tf.reshape(parts[k], variable.shape)]));
  });
}

/** A mapping's weights without the entries it leaves out (undefined: a variable this configuration lacks). */
function present(weights: Record<string, tf.Tensor | undefined>): Record<string, tf.Tensor> {
  return Object.fromEntries(Object.entries(weights).filter((entry): entry is [string, tf.Tensor] => entry[1] !== undefined));
}
