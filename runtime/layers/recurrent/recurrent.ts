import * as tf from '@tensorflow/tfjs-core';
import * as activations from '../../activations.ts';
import { formatDim, formatShape, isConcrete, type Shape } from '../../engine/dimension.ts';
import { Layer, type CallArgSpec, type CallContext, type CallShapes, type LayerOptions } from '../../engine/layer.ts';
import type { ArgsOf, ArgSpec } from '../../engine/spec.ts';
import { KeraflowError } from '../../errors.ts';
import * as initializations from '../../initializations.ts';
import { GateProducts, type InputProducts } from './gate-products.ts';

/**
 * What SimpleRNN, GRU and LSTM share: arguments, parameter layout (per gate
 * W_g [inputDim, outputDim], U_g [outputDim, outputDim], b_g [outputDim],
 * all W first, then all U, then all b), shape rules, and the loop over time
 * with masking, going backwards, dropout and state kept across batches.
 * A subclass gives its gates and its step.
 */

/** What every recurrent layer takes before its initializations of its own (LSTM's forgetBiasInit). */
export const recurrentHeadArgs = [
  { name: 'outputDim', type: 'int', positional: true, required: true, min: 1, doc: 'Size of the output and of the state.' },
  { name: 'init', type: 'initialization', default: 'glorot_uniform', doc: 'Initialization of the input weights W.' },
  { name: 'innerInit', type: 'initialization', default: 'orthogonal', doc: 'Initialization of the recurrent weights U.' },
] as const satisfies readonly ArgSpec[];

export const activationArg = { name: 'activation', type: 'activation', default: 'tanh', doc: 'Activation of the output (and of the candidate state).' } as const satisfies ArgSpec;
export const innerActivationArg = { name: 'innerActivation', type: 'activation', default: 'hard_sigmoid', doc: 'Activation of the gates.' } as const satisfies ArgSpec;

/** What every recurrent layer takes after its activations. */
export const recurrentTailArgs = [
  { name: 'dropoutW', type: 'float', default: 0, min: 0, below: 1, doc: 'Fraction of the input units dropped in training.' },
  { name: 'dropoutU', type: 'float', default: 0, min: 0, below: 1, doc: 'Fraction of the recurrent units dropped in training.' },
  { name: 'returnSequences', type: 'bool', default: false, doc: 'true: the output at every step; false: the last output only.' },
  { name: 'returnState', type: 'bool', default: false, doc: 'true: the last states too, as further outputs ([output, h] or, for LSTM, [output, h, c]).' },
  { name: 'goBackwards', type: 'bool', default: false, doc: 'Read the sequence from its end.' },
  { name: 'stateful', type: 'bool', default: false, doc: "Carry each sample's last state into the next batch (needs Input batchSize)." },
  { name: 'unroll', type: 'bool', default: false, doc: 'Accepted for compatibility; the loop always runs step by step.' },
] as const satisfies readonly ArgSpec[];

/** What applying a recurrent layer takes beside the sequence. */
export const recurrentCallArgs = [
  { name: 'initialState', kind: 'tensors', doc: 'The states the loop starts from, [batch, output_dim] each: [h] or, for LSTM, [h, c] (default zeros).' },
] as const satisfies readonly CallArgSpec[];

/** The arguments every recurrent layer has, which this base class reads. */
type RecurrentArgs = ArgsOf<{ args: [...typeof recurrentHeadArgs, typeof activationArg, ...typeof recurrentTailArgs] }>;

/** Parameter names in order for these gates: W_g..., U_g..., b_g... (no suffix for a single unnamed gate). */
export function recurrentParams(gates: readonly string[]): string[] {
  const named = (kind: string) => gates.map((gate) => (gate ? `${kind}_${gate}` : kind));
  return [...named('W'), ...named('U'), ...named('b')];
}

/** Gates that take the same activation of their products. */
export interface GateGroup {
  readonly gates: readonly number[];
  readonly activation: activations.Activation;
}

/** What a step sees: the gates' products for this step's input and state, with dropout applied. */
export interface StepContext {
  /**
   * activation(x·W_g + h·U_g + b_g) for each gate of each group, indexed by
   * gate (an index into the layer's gates). Where the products are fused
   * (see GateProducts), all these gates are one product, and each group's
   * activation one op on the group's block.
   */
  gates(h: tf.Tensor, groups: readonly GateGroup[]): tf.Tensor[];
  /** x·W_g + b_g of gate `g` alone, the input first multiplied by the gate's input dropout mask in training. */
  input(gate: number): tf.Tensor;
  /** `h · U_g` alone, `h` first multiplied by the gate's recurrent dropout mask in training (GRU's (r * h)·U_h). */
  recurrent(h: tf.Tensor, gate: number): tf.Tensor;
}

export abstract class Recurrent extends Layer {
  readonly outputDim: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly dropoutW: number;
  readonly dropoutU: number;
  protected readonly init: initializations.Initialization;
  protected readonly innerInit: initializations.Initialization;
  protected readonly activation: activations.Activation;
  /** The state carried across batches when stateful: [batch, outputDim] each. */
  private states?: tf.Variable[];

  /** Gate names, in parameter order ('' alone: W, U, b). */
  protected abstract readonly gates: readonly string[];
  /** How many state tensors the step carries (the first is the output). */
  protected abstract readonly stateCount: number;

  declare readonly args: RecurrentArgs;

  constructor(positional: readonly unknown[], options: LayerOptions) {
    super(positional, options);
    this.outputDim = this.args.outputDim;
    this.returnSequences = this.args.returnSequences;
    this.returnState = this.args.returnState;
    this.goBackwards = this.args.goBackwards;
    this.stateful = this.args.stateful;
    this.dropoutW = this.args.dropoutW;
    this.dropoutU = this.args.dropoutU;
    this.init = initializations.get(this.args.init, { layer: this.name, argument: 'init' });
    this.innerInit = initializations.get(this.args.innerInit, { layer: this.name, argument: 'innerInit' });
    this.activation = activations.get(this.args.activation, { layer: this.name, argument: 'activation' });
  }

  /** One time step: from the states and this step's products (`context`), the new states (the first is the output). */
  protected abstract step(states: readonly tf.Tensor[], context: StepContext): tf.Tensor[];

  /** How b_g starts (LSTM's forget gate overrides it); zeros by default. */
  protected biasInitialization(_gate: string): initializations.Initialization {
    return initializations.zero;
  }

  override checkInputShape(shape: Shape): void {
    if (shape.length !== 3) throw this.shapeError('takes sequences [batch, time, features] (rank 3)', shape, { expected: '[batch, time, features]', reason: 'rank' });
    if (!isConcrete(shape[2])) {
      throw this.shapeError(`needs a concrete feature (last) dimension, found ${formatDim(shape[2])}`, shape, { expected: 'a concrete last dimension', reason: 'concrete' });
    }
    if (this.stateful && !isConcrete(shape[0])) {
      throw this.shapeError('is stateful and needs a fixed batch size (give the Input a batchSize)', shape, { expected: 'a fixed batch size' });
    }
  }

  override outputShape(shape: Shape): Shape {
    return this.returnSequences ? [shape[0], shape[1], this.outputDim] : [shape[0], this.outputDim];
  }

  /** With returnState, the last states follow the output, [batch, outputDim] each; `initialState` must have that shape. */
  override outputShapes(shape: Shape, call: CallShapes, first: Shape): Shape[] {
    const stateShape: Shape = [shape[0], this.outputDim];
    const initial = call.tensors.initialState as readonly Shape[] | undefined;
    if (initial) {
      const names = this.stateCount === 2 ? '[h, c]' : '[h]';
      if (initial.length !== this.stateCount) {
        throw this.shapeError(`takes ${this.stateCount} initial state${this.stateCount > 1 ? 's' : ''} ${names}`, initial, { expected: names, reason: 'list' });
      }
      for (const state of initial) {
        if (state.length !== 2 || state[1] !== this.outputDim) {
          throw this.shapeError(`takes initial states of shape ${formatShape(stateShape)}`, initial, { expected: formatShape(stateShape) });
        }
      }
    }
    return this.returnState ? [first, ...Array.from({ length: this.stateCount }, () => stateShape)] : [first];
  }

  protected override initParams(shape: Shape): void {
    const names = recurrentParams(this.gates);
    const count = this.gates.length;
    this.gates.forEach((_, g) => this.addParam(names[g], [shape[2], this.outputDim], this.init));
    this.gates.forEach((_, g) => this.addParam(names[count + g], [this.outputDim, this.outputDim], this.innerInit));
    this.gates.forEach((gate, g) => this.addParam(names[2 * count + g], [this.outputDim], this.biasInitialization(gate)));
  }

  override ensureBuilt(shape: Shape, symbolicGraph: boolean): void {
    super.ensureBuilt(shape, symbolicGraph);
    // State tensors exist with the parameters (not in the checker's symbolic mode), so running leaks nothing.
    if (this.stateful && !this.states && Object.keys(this.weights).length > 0) {
      const batch = shape[0] as number;
      this.states = Array.from({ length: this.stateCount }, () => tf.variable(tf.zeros([batch, this.outputDim]), false));
    }
  }

  /** Zeroes the carried state (stateful layers); nothing to do otherwise. */
  override resetStates(): void {
    super.resetStates();
    for (const state of this.states ?? []) state.assign(tf.zerosLike(state));
  }

  call(x: tf.Tensor, context: CallContext): tf.Tensor {
    return this.loop(x, context).output;
  }

  /** The output, and with returnState the last states after it. */
  override callAll(x: tf.Tensor, context: CallContext): tf.Tensor[] {
    const { output, states } = this.loop(x, context);
    return this.returnState ? [output, ...states] : [output];
  }

  /** Runs the steps over the sequence: the output (every step's or the last) and the last states. */
  private loop(x: tf.Tensor, context: CallContext): { output: tf.Tensor; states: tf.Tensor[] } {
    const [batch, time, features] = x.shape as [number, number, number];
    if (this.states && batch !== this.states[0].shape[0]) {
      throw new KeraflowError(
        `${this.name} (${this.className}) is stateful with batch size ${this.states[0].shape[0]}, but got a batch of ${batch}: give fit/predict that batchSize and a sample count it divides`,
        { layer: this.name, argument: 'batchSize', expected: String(this.states[0].shape[0]), given: String(batch) },
      );
    }
    const params = this.weights as Record<string, tf.Tensor>;
    const names = recurrentParams(this.gates);
    const count = this.gates.length;
    const [W, U, b] = [0, 1, 2].map((k) => names.slice(k * count, (k + 1) * count).map((n) => params[n]));
    const training = context.training;

    // Time-major [time, batch, features], so that each step is a contiguous slice (a strided one is slow on cpu).
    let timeMajor = tf.transpose(x, [1, 0, 2]);
    if (this.goBackwards) timeMajor = tf.reverse(timeMajor, 0);
    const products = new GateProducts(
      timeMajor,
      W,
      U,
      b,
      {
        // One mask per sample and gate, the same at every step (Gal & Ghahramani), as Keras 1.
        input: training && this.dropoutW > 0 ? W.map(() => dropoutMask([batch, features], this.dropoutW)) : undefined,
        recurrent: training && this.dropoutU > 0 ? U.map(() => dropoutMask([batch, this.outputDim], this.dropoutU)) : undefined,
      },
      inputProducts(),
    );

    // A masked step keeps the previous states (so the output repeats the last kept one).
    let stepMasks: { keep: tf.Tensor[]; skip: tf.Tensor[] } | undefined;
    if (context.mask) {
      // Float before reversing: wasm's Reverse misreads bool tensors.
      let kept = tf.transpose(tf.cast(context.mask, 'float32'));
      if (this.goBackwards) kept = tf.reverse(kept, 0);
      const keep = tf.expandDims(kept, 2);
      // 1 - keep for every step in one op, not one per step.
      stepMasks = { keep: tf.unstack(keep), skip: tf.unstack(tf.sub(1, keep)) };
    }

    const initial = context.tensors?.initialState as readonly tf.Tensor[] | undefined;
    let states: tf.Tensor[] = initial ? [...initial] : this.states ? [...this.states] : Array.from({ length: this.stateCount }, () => tf.zeros([batch, this.outputDim]));
    const outputs: tf.Tensor[] = [];
    for (let t = 0; t < time; t++) {
      let next = this.step(states, products.at(t));
      if (stepMasks) {
        const keep = stepMasks.keep[t];
        const skip = stepMasks.skip[t];
        next = next.map((state, i) => tf.add(tf.mul(keep, state), tf.mul(skip, states[i])));
      }
      states = next;
      if (this.returnSequences) outputs.push(states[0]);
    }
    if (this.states) this.states.forEach((variable, i) => variable.assign(states[i]));
    return { output: this.returnSequences ? tf.transpose(tf.stack(outputs), [1, 0, 2]) : states[0], states };
  }

  /** With returnSequences the mask goes on with the sequence; the last output has none. */
  override computeMask(_inputs: readonly tf.Tensor[], masks: readonly (tf.Tensor | undefined)[], _output?: tf.Tensor): tf.Tensor | undefined {
    return this.returnSequences ? masks[0] : undefined;
  }
}

/** Ones scaled by 1 / (1 - rate), with a fraction `rate` zeroed. */
function dropoutMask(shape: number[], rate: number): tf.Tensor {
  return tf.div(tf.cast(tf.greaterEqual(tf.randomUniform(shape), rate), 'float32'), 1 - rate);
}

/** On wasm a slice copies its whole source (see GateProducts): input products per step there, for all steps at once elsewhere. */
function inputProducts(): InputProducts {
  return tf.getBackend() === 'wasm' ? 'per step' : 'all steps at once';
}
