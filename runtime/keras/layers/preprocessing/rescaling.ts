import * as tf from '@tensorflow/tfjs-core';
import type { DType } from '../../../engine/kensor.ts';
import { Layer, type LayerOptions, type LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { registerLayer } from '../../../layers/registry.ts';

// <options of Rescaling>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Rescaling, after its positional arguments; every layer also takes LayerOptions. */
export interface RescalingOptions extends LayerOptions {
  /** Added after scaling. Default: 0. */
  offset?: number;
}
/** Checked by tsc: RescalingOptions says what Rescaling.spec says. */
export type RescalingOptionsFollowSpec = Assert<SameType<RescalingOptions, LayerOptions & OptionsOf<typeof Rescaling.spec>>>;
// </options>

/** Keras 3's Rescaling: x · scale + offset (pixels 0–255 to [0, 1] with scale=1/255); integer input is cast to float first. */
export class Rescaling extends Layer {
  static override readonly spec = {
    className: 'Rescaling',
    dialect: 'keras',
    doc: 'Multiplies by scale, then adds offset: x · scale + offset (integer input is cast to float).',
    shape: 'the input shape',
    args: [
      { name: 'scale', type: 'float', positional: true, required: true, doc: 'The factor, e.g. 1 / 255.' },
      { name: 'offset', type: 'float', default: 0, doc: 'Added after scaling.' },
    ],
    params: [],
    inputs: 'single',
    inputDtype: 'any',
    keras: {
      className: 'Rescaling',
      config: (args) => ({ scale: args.scale, offset: args.offset }),
      fromKeras: {
        args: (config, keras) => {
          // Keras also takes one value per channel.
          for (const key of ['scale', 'offset']) if (typeof (config[key] ?? 0) !== 'number') keras.unsupported(key, `is ${JSON.stringify(config[key])}: Keraflow takes one number`);
          return { scale: config.scale, offset: config.offset ?? 0 };
        },
      },
    },
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Rescaling.spec>;

  constructor(scale: number, options: RescalingOptions = {}) {
    super([scale], options);
  }

  override outputDtype(): DType {
    return 'float32';
  }

  call(x: tf.Tensor): tf.Tensor {
    return tf.add(tf.mul(tf.cast(x, 'float32'), this.args.scale), this.args.offset);
  }
}

registerLayer(Rescaling);
