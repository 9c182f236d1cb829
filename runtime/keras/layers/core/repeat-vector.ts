import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { Shape } from '../../../engine/dimension.ts';
import type { ArgsOf } from '../../../engine/spec.ts';
import { Repeat } from '../../../layers/core/repeat.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

/** Keras 3's RepeatVector: [features] -> [n, features]; runs Keraflow's Repeat on its first axis. */
export class RepeatVector extends KerasLayer {
  static override readonly spec = {
    className: 'RepeatVector',
    dialect: 'keras',
    doc: 'Repeats each vector n times: [features] -> [n, features].',
    shape: '[d] -> [n, d]',
    args: [{ name: 'n', type: 'int', positional: true, required: true, min: 1, doc: 'How many times to repeat.' }],
    params: [],
    inputs: 'single',
    keras: Repeat.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof RepeatVector.spec>;

  constructor(n: number, options: LayerOptions = {}) {
    super([n], options);
  }

  protected makeSibling(options: LayerOptions): Layer {
    return new Repeat(this.args.n, { axis: 0, ...options });
  }

  /** Keras's RepeatVector takes vectors only. */
  override checkInputShape(shape: Shape): void {
    if (shape.length !== 2) throw this.shapeError('takes vectors: inputs of rank 2 (batch included)', shape, { reason: 'rank' });
    super.checkInputShape(shape);
  }
}

registerLayer(RepeatVector);
