import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import * as initializations from '../../initializations.ts';
import { registerLayer } from '../registry.ts';
import { recurrentKeras } from './keras.ts';
import { Recurrent, recurrentArgs, recurrentParams, type GatedRecurrentOptions, type StepContext } from './recurrent.ts';

export interface LSTMOptions extends GatedRecurrentOptions {
  /** How the forget gate's bias b_f starts (default one, as Keras 1: remember by default). */
  forgetBiasInit?: string | initializations.Initialization;
}

/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997), as Keras 1:
 *   i = σ(x·W_i + h·U_i + b_i),  f = σ(x·W_f + h·U_f + b_f),  o = σ(x·W_o + h·U_o + b_o),
 *   c' = f * c + i * activation(x·W_c + h·U_c + b_c),  h' = o * activation(c'),
 * σ the inner activation. Parameters W_i, W_f, W_c, W_o, U_i, ..., b_i, ...
 */
export class LSTM extends Recurrent {
  static override readonly spec: LayerSpec = {
    className: 'LSTM',
    doc: 'Long short-term memory: input, forget and output gates around a cell state.',
    args: recurrentArgs({
      gated: true,
      extra: [{ name: 'forgetBiasInit', type: 'initialization', default: 'one', doc: 'Initialization of the forget gate bias b_f.' }],
    }),
    params: recurrentParams(['i', 'f', 'c', 'o']),
    inputs: 'single',
    keras: recurrentKeras('LSTM', ['i', 'f', 'c', 'o'], 'c', (args, keras) => {
      const forget = keras.initializer('forgetBiasInit').class_name;
      if (forget !== 'Ones' && forget !== 'Zeros') keras.unsupported('forgetBiasInit', 'is neither one nor zero, and Keras has only unit_forget_bias');
      return { unit_forget_bias: forget === 'Ones', implementation: 2 };
    }),
  };

  protected readonly gates = ['i', 'f', 'c', 'o'];
  protected readonly stateCount = 2;
  private readonly innerActivation: activations.Activation;
  private readonly forgetBiasInit: initializations.Initialization;

  constructor(outputDim: number, options: LSTMOptions = {}) {
    super([outputDim], options as LayerOptions & Record<string, unknown>);
    this.innerActivation = activations.get(this.args.innerActivation as string, { layer: this.name, argument: 'innerActivation' });
    this.forgetBiasInit = initializations.get(this.args.forgetBiasInit as string, { layer: this.name, argument: 'forgetBiasInit' });
  }

  protected override biasInitialization(gate: string): initializations.Initialization {
    return gate === 'f' ? this.forgetBiasInit : initializations.zero;
  }

  protected step([h, c]: readonly tf.Tensor[], context: StepContext): tf.Tensor[] {
    const [i, f, candidate, o] = context.gates(h, [
      { gates: [0, 1, 3], activation: this.innerActivation },
      { gates: [2], activation: this.activation },
    ]);
    const cell = tf.add(tf.mul(f, c), tf.mul(i, candidate));
    return [tf.mul(o, this.activation(cell)), cell];
  }
}

registerLayer(LSTM);
