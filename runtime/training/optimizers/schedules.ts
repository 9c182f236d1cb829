import { isPlainObject } from '../../engine/argument-passing.ts';
import { keysToCamelCase, keysToSnakeCase } from '../../engine/naming.ts';
import { AliasRegistry } from '../../engine/registry.ts';
import { bindArgumentsOrThrow, type ClassSpec } from '../../engine/spec.ts';
import { describeValue, KeraflowError } from '../../errors.ts';

/**
 * Learning-rate schedules, as Keras 3 has them (keras.optimizers.schedules):
 * an optimizer given one as its `learningRate` uses, for each update, the
 * rate at the number of updates done before it (0 for the first).
 * Constructed from positional arguments then options, as layers are:
 * `new schedules.ExponentialDecay(0.1, 1000, 0.96, { staircase: true })`.
 */
export abstract class LearningRateSchedule {
  static readonly spec: ClassSpec;
  /** Every argument, given or defaulted, by camelCase name. */
  readonly args: Readonly<Record<string, unknown>>;

  constructor(positional: readonly unknown[], options: Record<string, unknown>) {
    const spec = (this.constructor as typeof LearningRateSchedule).spec;
    if (!isPlainObject(options)) {
      throw new KeraflowError(`${spec.className} takes its options as an object, but got ${describeValue(options)}`, {
        layer: spec.className,
        argument: 'options',
        expected: 'an options object',
        given: describeValue(options),
      });
    }
    this.args = bindArgumentsOrThrow(spec, positional, options).values;
  }

  get className(): string {
    return (this.constructor as typeof LearningRateSchedule).spec.className;
  }

  /** The learning rate after `step` updates. */
  abstract at(step: number): number;

  /** `{class_name, config}` with snake_case keys, as Keras serializes a schedule (training.json). */
  toJSON(): { class_name: string; config: Record<string, unknown> } {
    return { class_name: this.className, config: keysToSnakeCase({ ...this.args }) };
  }
}

export interface ScheduleClass {
  readonly spec: ClassSpec;
  new (...args: never[]): LearningRateSchedule;
}

const positiveInteger = (name: string, doc: string) => ({ name, type: 'int' as const, positional: true, required: true, min: 1, doc });
const initialRate = { name: 'initialLearningRate', type: 'float' as const, positional: true, required: true, min: 0, doc: 'The learning rate at step 0.' };

/** initial · rate^(step / decay_steps); with staircase, the exponent is floored (the rate drops every decay_steps). */
export class ExponentialDecay extends LearningRateSchedule {
  static override readonly spec: ClassSpec = {
    className: 'ExponentialDecay',
    doc: 'initial_learning_rate · decay_rate^(step / decay_steps), the exponent floored with staircase.',
    args: [
      initialRate,
      positiveInteger('decaySteps', 'Steps over which the rate is multiplied by decay_rate once.'),
      { name: 'decayRate', type: 'float', positional: true, required: true, min: 0, doc: 'The factor per decay_steps steps.' },
      { name: 'staircase', type: 'bool', default: false, doc: 'Whether the rate drops in steps (a floored exponent) rather than smoothly.' },
    ],
  };

  constructor(initialLearningRate: number, decaySteps: number, decayRate: number, options: { staircase?: boolean } = {}) {
    super([initialLearningRate, decaySteps, decayRate], options);
  }

  at(step: number): number {
    const { initialLearningRate, decaySteps, decayRate, staircase } = this.args as { initialLearningRate: number; decaySteps: number; decayRate: number; staircase: boolean };
    const exponent = step / decaySteps;
    return initialLearningRate * decayRate ** (staircase ? Math.floor(exponent) : exponent);
  }
}

/** values[0] up to boundaries[0] (inclusive), values[1] up to boundaries[1], ..., the last value after the last boundary. */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  static override readonly spec: ClassSpec = {
    className: 'PiecewiseConstantDecay',
    doc: 'values[i] while the step is at most boundaries[i] (and past the one before); the last value after the last boundary.',
    args: [
      { name: 'boundaries', type: 'intList', positional: true, required: true, min: 0, doc: 'Increasing steps where the rate changes.' },
      {
        name: 'values',
        type: 'any',
        positional: true,
        required: true,
        accepts: 'a list of numbers ≥ 0, one more than the boundaries',
        doc: 'The rates, one more than the boundaries.',
        check: (value) => (Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0) ? undefined : 'a list of numbers ≥ 0'),
      },
    ],
  };

  constructor(boundaries: readonly number[], values: readonly number[]) {
    super([boundaries, values], {});
    const bounds = this.args.boundaries as number[];
    const rates = this.args.values as number[];
    if (rates.length !== bounds.length + 1 || bounds.some((b, i) => i > 0 && b <= bounds[i - 1])) {
      throw new KeraflowError(`PiecewiseConstantDecay needs increasing boundaries and one more value than boundaries, but got ${bounds.length} boundaries and ${rates.length} values`, {
        layer: 'PiecewiseConstantDecay',
        argument: 'values',
        expected: `${bounds.length + 1} values after increasing boundaries`,
        given: `${rates.length} values`,
      });
    }
  }

  at(step: number): number {
    const bounds = this.args.boundaries as number[];
    const index = bounds.findIndex((boundary) => step <= boundary);
    return (this.args.values as number[])[index === -1 ? bounds.length : index];
  }
}

/** initial · ((1 - alpha) · ½(1 + cos(π · min(step, decay_steps) / decay_steps)) + alpha). */
export class CosineDecay extends LearningRateSchedule {
  static override readonly spec: ClassSpec = {
    className: 'CosineDecay',
    doc: 'A half cosine from initial_learning_rate down to alpha · initial_learning_rate over decay_steps, then constant.',
    args: [
      initialRate,
      positiveInteger('decaySteps', 'Steps over which the rate decays.'),
      { name: 'alpha', type: 'float', default: 0, min: 0, max: 1, doc: 'The final rate, as a fraction of the initial one.' },
    ],
  };

  constructor(initialLearningRate: number, decaySteps: number, options: { alpha?: number } = {}) {
    super([initialLearningRate, decaySteps], options);
  }

  at(step: number): number {
    const { initialLearningRate, decaySteps, alpha } = this.args as { initialLearningRate: number; decaySteps: number; alpha: number };
    const cosine = 0.5 * (1 + Math.cos((Math.PI * Math.min(step, decaySteps)) / decaySteps));
    return initialLearningRate * ((1 - alpha) * cosine + alpha);
  }
}

export const registry = new AliasRegistry<ScheduleClass>('learning-rate schedule');
for (const cls of [ExponentialDecay, PiecewiseConstantDecay, CosineDecay]) registry.register([cls.spec.className], cls as ScheduleClass, cls.spec.doc);

/** A schedule from `{class_name, config}` (training.json), its positional arguments taken by name. */
export function fromJSON(value: { class_name: string; config?: Record<string, unknown> }): LearningRateSchedule {
  const cls = registry.get(value.class_name, { argument: 'learningRate' });
  const config = keysToCamelCase(value.config ?? {}) as Record<string, unknown>;
  const positional = cls.spec.args.filter((arg) => arg.positional).map((arg) => config[arg.name]);
  const options = Object.fromEntries(Object.entries(config).filter(([name]) => !cls.spec.args.some((arg) => arg.positional && arg.name === name)));
  return new (cls as unknown as new (...args: unknown[]) => LearningRateSchedule)(...positional, ...(cls === PiecewiseConstantDecay ? [] : [options]));
}
