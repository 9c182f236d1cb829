/**
 * The element-wise update rules of the optimizers, written once as data:
 * the optimizers evaluate them (update.ts), with TensorFlow.js's ops on any
 * backend, or, on wasm, as one fused pass of Keraflow's own WebAssembly
 * (runtime/backends/wasm/gemm/update-wat.ts generates it from these rules).
 * Every operation is a float32 operation in the order written, so the two
 * give the same bits: tfjs's kernels round each op to float32 as well.
 *
 * A rule reads tensors (the parameter `p`, its gradient `g`, its slots) and
 * number coefficients, and computes steps in order: a step named `x'` is the
 * new value of the tensor `x` (stored); a step with another name is a value
 * later steps use (computed once, not stored). Later steps may use earlier
 * ones by name.
 */

/** The kernel that runs a rule as one pass, where a backend registers it (wasm: runtime/backends/wasm/update.ts). */
export const OPTIMIZER_UPDATE_KERNEL = 'KeraflowOptimizerUpdate';

/** A tensor or coefficient by name, or an operation on expressions. */
export type UpdateExpression = string | readonly ['add' | 'sub' | 'mul' | 'div' | 'max', UpdateExpression, UpdateExpression] | readonly ['sqrt' | 'abs', UpdateExpression];

export interface UpdateRule {
  /** The tensors read, the parameter and its gradient first. */
  readonly tensors: readonly string[];
  /** The numbers it takes (each rounded to float32, as a tfjs scalar is). */
  readonly coefficients: readonly string[];
  /** The steps, in order: `x'` replaces the tensor `x`; other names are intermediate values. */
  readonly steps: readonly (readonly [string, UpdateExpression])[];
}

/** Whether a step is the new value of a tensor (`x'`), stored, rather than an intermediate value. */
export const isNewValue = (step: string): boolean => step.endsWith("'");

/** The tensors a rule gives new values, as their steps' names (`x'`), in order. */
export function newValues(rule: UpdateRule): string[] {
  return rule.steps.map(([step]) => step).filter(isNewValue);
}

const moving = (average: string, value: UpdateExpression, decay: string, rest: string): UpdateExpression => ['add', ['mul', average, decay], ['mul', value, rest]];

export const UPDATE_RULES = {
  /** p' = p - lr·g */
  sgd: { tensors: ['p', 'g'], coefficients: ['lr'], steps: [["p'", ['sub', 'p', ['mul', 'g', 'lr']]]] },
  /** v' = momentum·v - lr·g; p' = p + v' */
  momentum: {
    tensors: ['p', 'g', 'v'],
    coefficients: ['lr', 'momentum'],
    steps: [
      ["v'", ['sub', ['mul', 'v', 'momentum'], ['mul', 'g', 'lr']]],
      ["p'", ['add', 'p', "v'"]],
    ],
  },
  /** v' = momentum·v - lr·g; p' = p + momentum·v' - lr·g */
  nesterov: {
    tensors: ['p', 'g', 'v'],
    coefficients: ['lr', 'momentum'],
    steps: [
      ["v'", ['sub', ['mul', 'v', 'momentum'], ['mul', 'g', 'lr']]],
      ["p'", ['sub', ['add', 'p', ['mul', "v'", 'momentum']], ['mul', 'g', 'lr']]],
    ],
  },
  /** a' = rho·a + (1 - rho)·g²; p' = p - lr·g / (√a' + epsilon) */
  rmsprop: {
    tensors: ['p', 'g', 'a'],
    coefficients: ['rho', 'oneMinusRho', 'lr', 'epsilon'],
    steps: [
      ["a'", moving('a', ['mul', 'g', 'g'], 'rho', 'oneMinusRho')],
      ["p'", ['sub', 'p', ['div', ['mul', 'g', 'lr'], ['add', ['sqrt', "a'"], 'epsilon']]]],
    ],
  },
  /** s' = s + g²; p' = p - lr·g / (√s' + epsilon) */
  adagrad: {
    tensors: ['p', 'g', 's'],
    coefficients: ['lr', 'epsilon'],
    steps: [
      ["s'", ['add', 's', ['mul', 'g', 'g']]],
      ["p'", ['sub', 'p', ['div', ['mul', 'g', 'lr'], ['add', ['sqrt', "s'"], 'epsilon']]]],
    ],
  },
  /** a' = rho·a + (1 - rho)·g²; u = g·√(d + epsilon) / √(a' + epsilon); p' = p - lr·u; d' = rho·d + (1 - rho)·u² */
  adadelta: {
    tensors: ['p', 'g', 'a', 'd'],
    coefficients: ['rho', 'oneMinusRho', 'lr', 'epsilon'],
    steps: [
      ["a'", moving('a', ['mul', 'g', 'g'], 'rho', 'oneMinusRho')],
      ['u', ['div', ['mul', 'g', ['sqrt', ['add', 'd', 'epsilon']]], ['sqrt', ['add', "a'", 'epsilon']]]],
      ["p'", ['sub', 'p', ['mul', 'u', 'lr']]],
      ["d'", moving('d', ['mul', 'u', 'u'], 'rho', 'oneMinusRho')],
    ],
  },
  /** m' = beta1·m + (1 - beta1)·g; u' = max(beta2·u, |g|); p' = p - lr_t·m' / (u' + epsilon) */
  adamax: {
    tensors: ['p', 'g', 'm', 'u'],
    coefficients: ['beta1', 'oneMinusBeta1', 'beta2', 'lr', 'epsilon'],
    steps: [
      ["m'", moving('m', 'g', 'beta1', 'oneMinusBeta1')],
      ["u'", ['max', ['mul', 'u', 'beta2'], ['abs', 'g']]],
      ["p'", ['sub', 'p', ['div', ['mul', "m'", 'lr'], ['add', "u'", 'epsilon']]]],
    ],
  },
  /** m' = beta1·m + (1 - beta1)·g; v' = beta2·v + (1 - beta2)·g²; p' = p - lr_t·m' / (√v' + epsilon) */
  adam: {
    tensors: ['p', 'g', 'm', 'v'],
    coefficients: ['beta1', 'oneMinusBeta1', 'beta2', 'oneMinusBeta2', 'lr', 'epsilon'],
    steps: [
      ["m'", moving('m', 'g', 'beta1', 'oneMinusBeta1')],
      ["v'", moving('v', ['mul', 'g', 'g'], 'beta2', 'oneMinusBeta2')],
      ["p'", ['sub', 'p', ['div', ['mul', "m'", 'lr'], ['add', ['sqrt', "v'"], 'epsilon']]]],
    ],
  },
} as const satisfies Record<string, UpdateRule>;

export type UpdateRuleName = keyof typeof UPDATE_RULES;
