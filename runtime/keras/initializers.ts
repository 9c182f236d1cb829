/**
 * Keras 3's initializer objects (keras.initializers), under Keras's class
 * names, argument names, positions and defaults: `HeNormal(seed=1)`,
 * `TruncatedNormal(0, 0.02)`, `VarianceScaling(2, 'fan_out', 'uniform')`.
 * The Keras dialect (a `use keras` file, `keraflow/keras`) reads its
 * initializer names through them too, so its `he_normal` is Keras's
 * truncated normal; Keraflow's own names keep their meaning
 * (runtime/initializations.ts).
 *
 * An initializer is callable, as Keras's are: `initializer(shape)` is its
 * first value, so an instance is an `Initialization` wherever one is taken
 * (a Keraflow layer's `init` too). Its class name and `getConfig()` save and
 * export it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { AliasRegistry } from '../engine/registry.ts';
import { bindArgumentsOrThrow, type ArgSpec, type ClassSpec } from '../engine/spec.ts';
import { KeraflowError } from '../errors.ts';
import { fans, orthogonal } from '../initializations.ts';

/** The deviation of a standard normal cut at two deviations: Keras divides by it so that a truncated draw keeps the deviation asked for. */
export const TRUNCATED_NORMAL_DEVIATION = 0.87962566103423978;

export interface InitializerClass {
  readonly spec: ClassSpec;
  new (...args: never[]): Initializer;
}

/**
 * A Keras initializer is callable: `initializer(shape)` runs `initialize(shape)`
 * (this interface merges with the class below to give it the call signature).
 */
export interface Initializer {
  (shape: number[]): tf.Tensor;
  /** Every argument, given or defaulted, by camelCase name (set by the constructor on the function it returns). */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** A Keras initializer: its arguments bound by its class's spec (every one positional, as in Keras). */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface gives instances their call signature (they are functions).
export abstract class Initializer {
  constructor(...values: unknown[]) {
    const spec = (new.target as unknown as InitializerClass).spec;
    // An instance is a function with this class's prototype, so that it is called as Keras's are.
    const self = ((shape: number[]) => self.initialize(shape)) as unknown as Initializer;
    Object.setPrototypeOf(self, new.target.prototype);
    // A trailing options object (a saved config's settings by name; {} when there are none) names arguments.
    while (values.length > 0 && values.at(-1) === undefined) values.pop();
    const last = values.at(-1);
    const named = typeof last === 'object' && last !== null && !Array.isArray(last) ? (values.pop() as Record<string, unknown>) : {};
    (self as { settings: Record<string, unknown> }).settings = bindArgumentsOrThrow(spec, values, named).values;
    // biome-ignore lint/correctness/noConstructorReturn: see above.
    return self;
  }

  get className(): string {
    return (this.constructor as InitializerClass).spec.className;
  }

  /** The first value of a parameter of this shape. */
  abstract initialize(shape: number[]): tf.Tensor;

  /** Every argument by camelCase name, as Keras's get_config writes them. */
  getConfig(): Record<string, unknown> {
    return { ...this.settings };
  }

  /** The seed (undefined: none), as tf.js's random functions take it. */
  protected get seed(): number | undefined {
    return (this.settings.seed as number | null | undefined) ?? undefined;
  }
}

const seedArg = {
  name: 'seed',
  type: 'int',
  positional: true,
  default: null,
  nullable: true,
  doc: 'Seed of the draw: the same seed gives the same values; none: a new draw each time.',
} as const satisfies ArgSpec;
const meanArg = { name: 'mean', type: 'float', positional: true, default: 0, doc: 'Mean of the values.' } as const satisfies ArgSpec;
const stddevArg = { name: 'stddev', type: 'float', positional: true, default: 0.05, min: 0, doc: 'Standard deviation of the values.' } as const satisfies ArgSpec;
const gainArg = { name: 'gain', type: 'float', positional: true, default: 1, doc: 'Factor the matrix is multiplied by.' } as const satisfies ArgSpec;

export class RandomNormal extends Initializer {
  static readonly spec: ClassSpec = { className: 'RandomNormal', doc: 'Normal with mean `mean` and deviation `stddev`.', args: [meanArg, stddevArg, seedArg] };
  constructor(mean?: number, stddev?: number, seed?: number | null) {
    super(mean, stddev, seed);
  }
  initialize(shape: number[]): tf.Tensor {
    return tf.randomNormal(shape, this.settings.mean as number, this.settings.stddev as number, 'float32', this.seed);
  }
}

export class TruncatedNormal extends Initializer {
  static readonly spec: ClassSpec = {
    className: 'TruncatedNormal',
    doc: 'Normal with mean `mean` and deviation `stddev`, cut at two deviations (what is drawn beyond is drawn again).',
    args: [meanArg, stddevArg, seedArg],
  };
  constructor(mean?: number, stddev?: number, seed?: number | null) {
    super(mean, stddev, seed);
  }
  initialize(shape: number[]): tf.Tensor {
    return tf.truncatedNormal(shape, this.settings.mean as number, this.settings.stddev as number, 'float32', this.seed);
  }
}

export class RandomUniform extends Initializer {
  static readonly spec: ClassSpec = {
    className: 'RandomUniform',
    doc: 'Uniform on [minval, maxval).',
    args: [{ name: 'minval', type: 'float', positional: true, default: -0.05, doc: 'Lower bound.' }, { name: 'maxval', type: 'float', positional: true, default: 0.05, doc: 'Upper bound.' }, seedArg],
  };
  constructor(minval?: number, maxval?: number, seed?: number | null) {
    super(minval, maxval, seed);
  }
  initialize(shape: number[]): tf.Tensor {
    return tf.randomUniform(shape, this.settings.minval as number, this.settings.maxval as number, 'float32', this.seed);
  }
}

type Mode = 'fan_in' | 'fan_out' | 'fan_avg';
type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

/** Keras's VarianceScaling draw: deviation sqrt(scale / n), n the fan `mode` picks. */
function varianceScaled(shape: number[], scale: number, mode: Mode, distribution: Distribution, seed: number | undefined): tf.Tensor {
  const { fanIn, fanOut } = fans(shape);
  const n = mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
  const variance = scale / Math.max(1, n);
  if (distribution === 'uniform') {
    const limit = Math.sqrt(3 * variance);
    return tf.randomUniform(shape, -limit, limit, 'float32', seed);
  }
  if (distribution === 'untruncated_normal') return tf.randomNormal(shape, 0, Math.sqrt(variance), 'float32', seed);
  return tf.truncatedNormal(shape, 0, Math.sqrt(variance) / TRUNCATED_NORMAL_DEVIATION, 'float32', seed);
}

export class VarianceScaling extends Initializer {
  static readonly spec: ClassSpec = {
    className: 'VarianceScaling',
    doc: 'Deviation sqrt(scale / n), n the fan `mode` picks, drawn from `distribution` (a truncated normal corrected for its cut).',
    args: [
      { name: 'scale', type: 'float', positional: true, default: 1, above: 0, doc: 'Scaling factor of the variance.' },
      { name: 'mode', type: 'enum', positional: true, values: ['fan_in', 'fan_out', 'fan_avg'], default: 'fan_in', doc: 'Which fan n is: inputs, outputs, or their mean.' },
      {
        name: 'distribution',
        type: 'enum',
        positional: true,
        values: ['truncated_normal', 'untruncated_normal', 'uniform', 'normal'],
        default: 'truncated_normal',
        doc: "The distribution drawn from ('normal' is 'truncated_normal', as in Keras).",
      },
      seedArg,
    ],
  };
  constructor(scale?: number, mode?: Mode, distribution?: Distribution | 'normal', seed?: number | null) {
    super(scale, mode, distribution, seed);
    // Keras reads 'normal' as 'truncated_normal' and saves it so.
    if (this.settings.distribution === 'normal') (this.settings as Record<string, unknown>).distribution = 'truncated_normal';
  }
  initialize(shape: number[]): tf.Tensor {
    const { scale, mode, distribution } = this.settings as { scale: number; mode: Mode; distribution: Distribution };
    return varianceScaled(shape, scale, mode, distribution, this.seed);
  }
}

/** A VarianceScaling of fixed settings, whose only argument is the seed (GlorotNormal, HeUniform...). */
function varianceScalingClass(className: string, scale: number, mode: Mode, distribution: Distribution, doc: string): InitializerClass {
  return class extends Initializer {
    static readonly spec: ClassSpec = { className, doc, args: [seedArg] };
    initialize(shape: number[]): tf.Tensor {
      return varianceScaled(shape, scale, mode, distribution, this.seed);
    }
  };
}

/** The TypeScript type of a seed-only initializer class. */
type SeededClass = InitializerClass & (new (seed?: number | null) => Initializer);

export const GlorotNormal = varianceScalingClass('GlorotNormal', 1, 'fan_avg', 'truncated_normal', 'Truncated normal with deviation sqrt(2 / (fan_in + fan_out)).') as SeededClass;
export const GlorotUniform = varianceScalingClass('GlorotUniform', 1, 'fan_avg', 'uniform', 'Uniform on ±sqrt(6 / (fan_in + fan_out)).') as SeededClass;
export const HeNormal = varianceScalingClass('HeNormal', 2, 'fan_in', 'truncated_normal', 'Truncated normal with deviation sqrt(2 / fan_in).') as SeededClass;
export const HeUniform = varianceScalingClass('HeUniform', 2, 'fan_in', 'uniform', 'Uniform on ±sqrt(6 / fan_in).') as SeededClass;
export const LecunNormal = varianceScalingClass('LecunNormal', 1, 'fan_in', 'truncated_normal', 'Truncated normal with deviation sqrt(1 / fan_in).') as SeededClass;
export const LecunUniform = varianceScalingClass('LecunUniform', 1, 'fan_in', 'uniform', 'Uniform on ±sqrt(3 / fan_in).') as SeededClass;

export class Orthogonal extends Initializer {
  static readonly spec: ClassSpec = { className: 'Orthogonal', doc: 'A random orthogonal matrix times `gain`, over the last axis.', args: [gainArg, seedArg] };
  constructor(gain?: number, seed?: number | null) {
    super(gain, seed);
  }
  initialize(shape: number[]): tf.Tensor {
    return orthogonal(shape, this.settings.gain as number, this.seed);
  }
}

export class Identity extends Initializer {
  static readonly spec: ClassSpec = { className: 'Identity', doc: '`gain` times the identity matrix (2-D parameters only; ones on the diagonal of a rectangular one).', args: [gainArg] };
  constructor(gain?: number) {
    super(gain);
  }
  initialize(shape: number[]): tf.Tensor {
    if (shape.length !== 2) {
      throw new KeraflowError(`Identity initializes 2-D parameters only, but got shape [${shape.join(', ')}]`, { expected: 'a 2-D parameter', given: `shape [${shape.join(', ')}]` });
    }
    return tf.tidy(() => tf.mul(tf.eye(shape[0], shape[1]), this.settings.gain as number));
  }
}

export class Constant extends Initializer {
  static readonly spec: ClassSpec = { className: 'Constant', doc: 'Every value `value`.', args: [{ name: 'value', type: 'float', positional: true, default: 0, doc: 'The value.' }] };
  constructor(value?: number) {
    super(value);
  }
  initialize(shape: number[]): tf.Tensor {
    return tf.fill(shape, this.settings.value as number);
  }
}

export class Zeros extends Initializer {
  static readonly spec: ClassSpec = { className: 'Zeros', doc: 'All zeros.', args: [] };
  initialize(shape: number[]): tf.Tensor {
    return tf.zeros(shape);
  }
}

export class Ones extends Initializer {
  static readonly spec: ClassSpec = { className: 'Ones', doc: 'All ones.', args: [] };
  initialize(shape: number[]): tf.Tensor {
    return tf.ones(shape);
  }
}

/** Keras 3's initializer classes by class name and by Keras's function name (`he_normal`), the names a `use keras` file takes. */
export const registry = new AliasRegistry<InitializerClass>('initializer');
const classes: [InitializerClass, ...string[]][] = [
  [RandomNormal, 'random_normal'],
  [TruncatedNormal, 'truncated_normal'],
  [RandomUniform, 'random_uniform'],
  [VarianceScaling, 'variance_scaling'],
  [GlorotNormal, 'glorot_normal'],
  [GlorotUniform, 'glorot_uniform'],
  [HeNormal, 'he_normal'],
  [HeUniform, 'he_uniform'],
  [LecunNormal, 'lecun_normal'],
  [LecunUniform, 'lecun_uniform'],
  [Orthogonal, 'orthogonal', 'OrthogonalInitializer'],
  // Keras's alias IdentityInitializer is the one a `use keras` file calls: Identity() there is the layer.
  [Identity, 'identity', 'IdentityInitializer'],
  [Constant, 'constant'],
  [Zeros, 'zeros'],
  [Ones, 'ones'],
];
for (const [cls, ...aliases] of classes) registry.register([cls.spec.className, ...aliases], cls, cls.spec.doc);

/** An initializer argument's value as the Keras dialect means it: a Keras initializer name is Keras's object (its he_normal truncated); anything else is kept. */
export function asKerasInitializer<T>(value: T): T | Initializer {
  if (typeof value !== 'string' || !registry.has(value)) return value;
  return new (registry.get(value) as unknown as new () => Initializer)();
}
