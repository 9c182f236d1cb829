import type { Shape } from './dimension.ts';
import { formatShape } from './dimension.ts';
import type { Layer } from './layer.ts';

export type DType = 'float32' | 'int32';

/** Where a Kensor comes from: the layer application (node) that produced it. */
export interface KensorOrigin {
  readonly layer: Layer<any>;
  /** The Kensors fed to the layer, in order. */
  readonly inputs: readonly Kensor[];
  /** Whether the layer was given a list (multi-input) rather than one Kensor. */
  readonly list: boolean;
  /** Kensors passed by keyword (`initialState`, `attentionMask`), by the layer's call argument name: one Kensor or a list. */
  readonly keywords?: Readonly<Record<string, Kensor | readonly Kensor[]>>;
  /** Call options that are not tensors (`useCausalMask`, `returnAttentionScores`). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Every Kensor the application gave, in order (several: LSTM with returnState); they share this origin. Absent: one. */
  readonly outputs?: readonly Kensor[];
}

/** Every Kensor a layer application reads: its inputs, then its keyword tensors. */
export function originSources(origin: KensorOrigin): Kensor[] {
  return [...origin.inputs, ...Object.values(origin.keywords ?? {}).flatMap((value) => (Array.isArray(value) ? value : [value as Kensor]))];
}

/**
 * A symbolic tensor: the shape (batch dimension first, `null` when any batch
 * size goes) and dtype of a value in the graph, and the layer application
 * that produces it. Kensors hold no data; `Model` runs them.
 */
export class Kensor {
  constructor(
    readonly shape: Shape,
    readonly dtype: DType,
    readonly origin: KensorOrigin,
    /** Which of its application's outputs this is (0 for a layer with one output). */
    readonly outputIndex = 0,
    /**
     * True in a graph that only checks shapes: its layers record their
     * parameters' shapes (which may be symbolic, `T`) and create no tensor.
     * The .kf checker builds its models so, from Inputs made with `symbolicGraph`.
     */
    readonly symbolicGraph = false,
  ) {}

  /** Everything that can stand for a Kensor (an Input, an Input-headed Sequential) has this. */
  asKensor(): Kensor {
    return this;
  }

  /** Every output of the application that made this Kensor: `const [sequence, h, c] = lstm.apply(x)`. */
  [Symbol.iterator](): Iterator<Kensor> {
    return (this.origin.outputs ?? [this])[Symbol.iterator]();
  }

  toString(): string {
    return `Kensor(${formatShape(this.shape)}, ${this.dtype}, from ${this.origin.layer.name}${this.outputIndex > 0 ? ` output ${this.outputIndex}` : ''})`;
  }
}

/** A Kensor, or something that stands for one. */
export interface KensorLike {
  asKensor(): Kensor;
}

export function isKensorLike(value: unknown): value is KensorLike {
  return typeof value === 'object' && value !== null && typeof (value as KensorLike).asKensor === 'function';
}
