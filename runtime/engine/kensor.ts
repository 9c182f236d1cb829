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
  ) {}

  /** Everything that can stand for a Kensor (an Input, an Input-headed Sequential) has this. */
  asKensor(): Kensor {
    return this;
  }

  toString(): string {
    return `Kensor(${formatShape(this.shape)}, ${this.dtype}, from ${this.origin.layer.name})`;
  }
}

/** A Kensor, or something that stands for one. */
export interface KensorLike {
  asKensor(): Kensor;
}

export function isKensorLike(value: unknown): value is KensorLike {
  return typeof value === 'object' && value !== null && typeof (value as KensorLike).asKensor === 'function';
}
