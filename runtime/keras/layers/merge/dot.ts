import type { Shape } from '../../../engine/dimension.ts';
import type { Layer, LayerOptions, LayerSpec } from '../../../engine/layer.ts';
import type { ArgsOf, Assert, OptionsOf, SameType } from '../../../engine/spec.ts';
import { Dot as KeraflowDot } from '../../../layers/merge/dot.ts';
import { registerLayer } from '../../../layers/registry.ts';
import { KerasLayer } from '../../keras-layer.ts';

// <options of Dot>: generated from the spec by runtime/layers/options-source.ts; do not edit.
/** The options of Dot, after its positional arguments; every layer also takes LayerOptions. */
export interface DotOptions extends LayerOptions {
  /** true: each input is L2-normalized along its axis first, which makes the product the cosine similarity. Default: false. */
  normalize?: boolean;
}
/** Checked by tsc: DotOptions says what Dot.spec says. */
export type DotOptionsFollowSpec = Assert<SameType<DotOptions, LayerOptions & OptionsOf<typeof Dot.spec>>>;
// </options>

/** Keras 3's Dot: the per-sample dot product along `axes`, which count the batch axis (0, never allowed) as Keras does; runs Keraflow's Dot with includeBatchDim. */
export class Dot extends KerasLayer<Shape[]> {
  static override readonly spec = {
    className: 'Dot',
    dialect: 'keras',
    doc: 'The dot product of two tensors along one axis of each (batch axis 0, not allowed), per sample; with normalize, the cosine similarity.',
    shape: KeraflowDot.spec.shape,
    args: [
      {
        name: 'axes',
        type: 'intOrIntList',
        length: 2,
        positional: true,
        required: true,
        doc: 'The axis to multiply along, one for both inputs or (first, second), the batch axis being 0; negative counts from the end.',
      },
      { name: 'normalize', type: 'bool', default: false, doc: 'true: each input is L2-normalized along its axis first, which makes the product the cosine similarity.' },
    ],
    params: [],
    inputs: 'list',
    keras: KeraflowDot.spec.keras,
  } as const satisfies LayerSpec;
  declare readonly args: ArgsOf<typeof Dot.spec>;

  constructor(axes: number | [number, number], options: DotOptions = {}) {
    super([axes], options);
  }

  protected makeSibling(options: LayerOptions): Layer<Shape[]> {
    return new KeraflowDot(this.args.axes as number | [number, number], { normalize: this.args.normalize, includeBatchDim: true, ...options });
  }
}

registerLayer(Dot);
