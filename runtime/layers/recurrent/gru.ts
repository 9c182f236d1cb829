import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import type { LayerOptions, LayerSpec } from '../../engine/layer.ts';
import { registerLayer } from '../registry.ts';
import { recurrentKeras } from './keras.ts';
import { Recurrent, recurrentArgs, recurrentParams, type GatedRecurrentOptions, type StepContext } from './recurrent.ts';

/**
 * Gated recurrent unit (Cho et al. 2014), with the reset gate applied to the
 * state before its product with U_h (Keras 1; tf.layers with resetAfter false):
 *   z = σ(x·W_z + h·U_z + b_z),  r = σ(x·W_r + h·U_r + b_r),
 *   h' = z * h + (1 - z) * activation(x·W_h + (r * h)·U_h + b_h),
 * σ the inner activation. Parameters W_z, W_r, W_h, U_z, U_r, U_h, b_z, b_r, b_h.
 */
export class GRU extends Recurrent {
  static override readonly spec: LayerSpec = {
    className: 'GRU',
    doc: 'Gated recurrent unit: update gate z, reset gate r, candidate state h.',
    args: recurrentArgs({ gated: true }),
    params: recurrentParams(['z', 'r', 'h']),
    inputs: 'single',
    keras: recurrentKeras('GRU', ['z', 'r', 'h'], 'h', () => ({ reset_after: false, implementation: 2 })),
  };

  protected readonly gates = ['z', 'r', 'h'];
  protected readonly stateCount = 1;
  private readonly innerActivation: activations.Activation;

  constructor(outputDim: number, options: GatedRecurrentOptions = {}) {
    super([outputDim], options as LayerOptions & Record<string, unknown>);
    this.innerActivation = activations.get(this.args.innerActivation as string, { layer: this.name, argument: 'innerActivation' });
  }

  protected step([h]: readonly tf.Tensor[], context: StepContext): tf.Tensor[] {
    // z and r take h itself (one fused product); the candidate takes r * h, known only after r.
    const [z, r] = context.gates(h, [{ gates: [0, 1], activation: this.innerActivation }]);
    const candidate = this.activation(tf.add(context.input(2), context.recurrent(tf.mul(r, h), 2)));
    return [tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate))];
  }
}

registerLayer(GRU);
