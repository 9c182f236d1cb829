import * as tf from '@tensorflow/tfjs-core';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { recurrentKeras } from './keras.ts';
import { Recurrent, recurrentArgs, recurrentParams, type RecurrentOptions, type StepContext } from './recurrent.ts';

/**
 * Fully connected recurrence: h_t = activation(x_t · W + h_{t-1} · U + b).
 * Parameters: W [inputDim, outputDim], U [outputDim, outputDim], b [outputDim].
 */
export class SimpleRNN extends Recurrent {
  static override readonly spec: LayerSpec = {
    className: 'SimpleRNN',
    doc: 'Fully connected recurrent layer: h = activation(x · W + h_prev · U + b) at each step.',
    args: recurrentArgs({ gated: false }),
    params: recurrentParams(['']),
    inputs: 'single',
    keras: recurrentKeras('SimpleRNN', [''], null),
  };

  protected readonly gates = [''];
  protected readonly stateCount = 1;

  constructor(outputDim: number, options: RecurrentOptions = {}) {
    super([outputDim], options as LayerOptions & Record<string, unknown>);
  }

  protected step([h]: readonly tf.Tensor[], context: StepContext): tf.Tensor[] {
    return context.gates(h, [{ gates: [0], activation: this.activation }]);
  }
}

registerLayer(SimpleRNN);
