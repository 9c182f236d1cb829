import * as tf from '@tensorflow/tfjs-core';
import type { ConstraintLike } from '../constraints.ts';
import type { Shape } from '../engine/dimension.ts';
import type { DType } from '../engine/kensor.ts';
import { Layer, type CallContext, type LayerOptions, type PerParameter } from '../engine/layer.ts';
import { kerasInitializer, type KerasObject } from '../engine/keras.ts';
import { toSnakeCase } from '../engine/naming.ts';
import { kerasInitialization } from './layers/arguments.ts';
import { KeraflowError } from '../errors.ts';
import { assignToSlots } from '../engine/argument-passing.ts';
import { arrayDataRank, isArrayData, toTensor } from '../engine/data.ts';
import { kerasWeightsOf, variablesFromKerasWeights } from './keras-weights.ts';
import * as initializations from '../initializations.ts';
import type * as regularizers from '../regularizers.ts';

type Shapes = Shape | Shape[];
type TensorsFor<S extends Shapes> = S extends Shape[] ? tf.Tensor[] : tf.Tensor;

/**
 * A layer of the Keras 3 dialect. Its spec is Keras's (names, argument
 * names and positions, defaults, axes counting the batch); its math is the
 * Keraflow layer it translates its arguments into (`makeSibling`), which it
 * builds inside itself under its own name and runs: one implementation of
 * each computation, two specs. The sibling's parameters are this layer's, and
 * its Keras mapping exports this layer (`kerasCounterpart`).
 */
export abstract class KerasLayer<S extends Shapes = Shape> extends Layer<S> {
  /** The Keraflow layer that computes this one. */
  readonly sibling: Layer<S>;

  /** `initialWeights` as given: by Keras's weight names, set once the sibling has built its variables. */
  private readonly initialKerasWeights: unknown;

  constructor(positional: readonly unknown[], options: LayerOptions) {
    // initialWeights name Keras's weights, not the sibling's variables that Layer would check them against.
    super(positional, { ...options, initialWeights: undefined });
    this.initialKerasWeights = options.initialWeights;
    this.sibling = this.makeSibling({
      name: this.name,
      trainable: this.trainable,
      regularizers: this.perParameter<regularizers.RegularizerLike>('Regularizer', 'regularizers', options.regularizers),
      constraints: this.perParameter<ConstraintLike>('Constraint', 'constraints', options.constraints),
    });
  }

  /** The Keraflow layer for this layer's arguments (`this.args`), with these common options. */
  protected abstract makeSibling(options: LayerOptions): Layer<S>;

  /**
   * Keras's weights of this layer (`kernel`, `bias`, `recurrent`...), each
   * with the sibling's parameters that hold it (`W`; a recurrent kernel's
   * gates `W_i`, `W_f`...): the weight arguments (`kernelRegularizer`,
   * `biasConstraint`) apply to those parameters. Default: none.
   */
  protected weightParams(): Readonly<Record<string, readonly string[]>> {
    return {};
  }

  /**
   * The sibling's regularizers (or constraints) by parameter, from the Keras
   * weight arguments (`<weight>Regularizer`); the common option
   * (`regularizers={W: ...}`) when none is given. Both is an error.
   */
  private perParameter<T>(suffix: 'Regularizer' | 'Constraint', option: string, common: PerParameter<T> | undefined): PerParameter<T> | undefined {
    const active = new Set(this.paramNames());
    const byParam: Record<string, T> = {};
    const given: string[] = [];
    for (const [weight, params] of Object.entries(this.weightParams())) {
      const value = this.args[`${weight}${suffix}`] as T | null | undefined;
      if (value === null || value === undefined) continue;
      given.push(`${weight}${suffix}`);
      for (const param of params) if (active.has(param)) byParam[param] = value;
    }
    if (given.length === 0) return common;
    if (common !== undefined) {
      throw new KeraflowError((words) => `${this.name} (${this.className}): give ${given.map(words.argument).join(', ')} or ${words.argument(option)}, not both`, {
        layer: this.name,
        argument: option,
        expected: `either ${given.join(', ')} or ${option}`,
        given: 'both',
      });
    }
    return byParam;
  }

  override takesList(): boolean {
    return this.sibling.takesList();
  }

  override checkInputDtypes(dtypes: readonly DType[]): void {
    this.sibling.checkInputDtypes(dtypes);
  }

  override outputDtype(dtypes: readonly DType[]): DType {
    return this.sibling.outputDtype(dtypes);
  }

  override checkInputShape(shapes: S): void {
    this.sibling.checkInputShape(shapes);
  }

  override outputShape(shapes: S): Shape {
    return this.sibling.outputShape(shapes);
  }

  protected override initParams(shapes: S): void {
    const fresh = !this.sibling.built;
    this.embed(this.sibling, shapes);
    // Only when the weights were just made (not while recording, nor for a shared layer's next application).
    if (fresh && this.sibling.built) {
      this.initializeOwnWeights();
      if (this.initialKerasWeights !== undefined) this.assignInitialWeights(this.initialKerasWeights);
    }
  }

  /** Keras's weights (`kernel`, `recurrent_kernel`, `bias`...) in Keras's layouts, from the sibling's variables by its Keras mapping. */
  override get weights(): Readonly<Record<string, tf.Tensor>> {
    return kerasWeightsOf(this.sibling);
  }

  override variablesFromWeights(weights: Readonly<Record<string, tf.Tensor>>): Record<string, tf.Tensor> {
    return variablesFromKerasWeights(this.sibling, weights);
  }

  /** Sets the weights `initialWeights` gives (by Keras name, by list in Keras's order, or one array for the first); the others keep their initial values. */
  private assignInitialWeights(initial: unknown): void {
    tf.tidy(() => {
      const current = this.weights;
      const names = Object.keys(current);
      const firstRank = names.length > 0 ? current[names[0]].rank : 0;
      const given = assignToSlots<unknown>(initial, names, {
        owner: this.name,
        argument: 'initialWeights',
        slotKind: 'weight',
        isSingle: (value) => isArrayData(value) && (!Array.isArray(value) || arrayDataRank(value) === firstRank),
      });
      const weights = { ...current };
      for (const [name, value] of given) weights[name] = toTensor(value, current[name].shape, 'float32', { owner: this.name, argument: 'initialWeights', channel: name });
      const variables = this.variables;
      for (const [name, value] of Object.entries(this.variablesFromWeights(weights))) if (value !== variables[name]) variables[name].assign(value);
    });
  }

  /**
   * Keras weights whose initializer this layer applies itself, because the
   * sibling has no argument for it (Dense's bias: Keraflow's starts at zero).
   * Default: none.
   */
  protected ownInitializedWeights(): readonly string[] {
    return [];
  }

  /** Gives the `ownInitializedWeights` their `<weight>Initializer` values (initialWeights, set after, win). */
  private initializeOwnWeights(): void {
    for (const weight of this.ownInitializedWeights()) {
      const argument = `${weight}Initializer`;
      if (!this.givenArgs.has(argument)) continue;
      const initialize = initializations.get(kerasInitialization(this.args[argument] as string | initializations.Initialization), { layer: this.name, argument });
      for (const param of this.weightParams()[weight] ?? []) {
        const variable = this.variables[param];
        if (variable) variable.assign(tf.tidy(() => initialize([...variable.shape])));
      }
    }
  }

  /** The Keras arguments the sibling's Keras mapping cannot write: activity_regularizer (Layer's) and the own initializers. */
  override kerasConfigOverrides(): Record<string, KerasObject | null> {
    const unsupported =
      (argument: string) =>
      (why: string): never => {
        throw new KeraflowError(`${this.name} (${this.className}) cannot be exported to Keras: ${argument} ${why}`, {
          layer: this.name,
          argument,
          expected: 'a value Keras can express',
          given: why,
        });
      };
    const overrides: Record<string, KerasObject | null> = super.kerasConfigOverrides();
    for (const weight of this.ownInitializedWeights()) {
      const argument = `${weight}Initializer`;
      overrides[`${toSnakeCase(weight)}_initializer`] = kerasInitializer(kerasInitialization(this.args[argument]), unsupported(argument));
    }
    return overrides;
  }

  call(input: TensorsFor<S>, context: CallContext): tf.Tensor {
    return this.sibling.call(input as never, context);
  }

  override computeMask(inputs: readonly tf.Tensor[], masks: readonly (tf.Tensor | undefined)[], output: tf.Tensor): tf.Tensor | undefined {
    return this.sibling.computeMask(inputs, masks, output);
  }

  override checkInputValues(input: TensorsFor<S>): void {
    this.sibling.checkInputValues(input as never);
  }

  override kerasCounterpart(): Layer<any> {
    return this.sibling;
  }
}

/** The Keraflow layer a wrapper wraps: a Keras layer's sibling (the math it runs), any other layer itself. */
export function siblingOf(layer: Layer<any>): Layer<any> {
  return layer instanceof KerasLayer ? layer.sibling : layer;
}
