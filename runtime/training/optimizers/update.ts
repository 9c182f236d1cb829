/**
 * Applies an optimizer's update rule (update-rules.ts) to a parameter and
 * its slots: as one fused kernel where the backend registers one (wasm:
 * Keraflow's own WebAssembly, one pass), else with TensorFlow.js's ops, one
 * per operation. Both give the same float32 bits.
 */
import * as tf from '@tensorflow/tfjs-core';
import { newValues, OPTIMIZER_UPDATE_KERNEL, UPDATE_RULES, type UpdateExpression, type UpdateRuleName } from './update-rules.ts';

/**
 * Rule `name` on `tensors` (the rule's tensors in its order: the parameter,
 * its gradient, its slots) with `coefficients` (in the rule's order): each
 * new value `x'` is assigned to the variable given as `x`. Call inside a tidy.
 */
export function applyUpdate(name: UpdateRuleName, tensors: readonly tf.Tensor[], coefficients: readonly number[]): void {
  const rule = UPDATE_RULES[name];
  const computed = fusedUpdate(name, tensors, coefficients) ?? updateWithOps(name, tensors, coefficients);
  newValues(rule).forEach((step, index) => {
    const target = tensors[rule.tensors.indexOf(step.slice(0, -1) as never)];
    (target as tf.Variable).assign(computed[index]);
  });
}

/** The new values from the backend's fused kernel, or undefined where it has none (or for tensors it does not take). */
function fusedUpdate(name: UpdateRuleName, tensors: readonly tf.Tensor[], coefficients: readonly number[]): tf.Tensor[] | undefined {
  if (!tf.getKernel(OPTIMIZER_UPDATE_KERNEL, tf.getBackend())) return undefined;
  const shape = tensors[0].shape;
  if (tensors.some((tensor) => tensor.dtype !== 'float32' || !tf.util.arraysEqual(tensor.shape, shape))) return undefined;
  const rule = UPDATE_RULES[name];
  const inputs = Object.fromEntries(rule.tensors.map((tensorName, index) => [tensorName, tensors[index]]));
  return tf.engine().runKernel(OPTIMIZER_UPDATE_KERNEL, inputs, { rule: name, coefficients: [...coefficients] }) as tf.Tensor[];
}

/** The new values with tfjs's ops: one kernel per operation, the steps in the rule's order. */
function updateWithOps(name: UpdateRuleName, tensors: readonly tf.Tensor[], coefficients: readonly number[]): tf.Tensor[] {
  const rule = UPDATE_RULES[name];
  const values = new Map<string, tf.Tensor | number>([
    ...rule.tensors.map((tensorName, index) => [tensorName, tensors[index]] as const),
    ...rule.coefficients.map((coefficient, index) => [coefficient, coefficients[index]] as const),
  ]);
  const evaluate = (expression: UpdateExpression): tf.Tensor | number => {
    if (typeof expression === 'string') return values.get(expression)!;
    if (expression.length === 2) return (expression[0] === 'sqrt' ? tf.sqrt : tf.abs)(evaluate(expression[1]));
    const operation = { add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div, max: tf.maximum }[expression[0]];
    return operation(evaluate(expression[1]), evaluate(expression[2]));
  };
  for (const [step, expression] of rule.steps) values.set(step, evaluate(expression));
  return newValues(rule).map((step) => values.get(step) as tf.Tensor);
}
