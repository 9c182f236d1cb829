/**
 * The optimizers' update rules (runtime/training/optimizers/update-rules.ts)
 * as functions of Keraflow's WebAssembly module (wat.ts adds them to the
 * products): one pass over a parameter computes its new value and its
 * slots' (tfjs runs each operation as a kernel of its own: an RMSprop update
 * of an MLP was 6 passes over its 670 k parameters, ~2.7 ms of a 16 ms step).
 *
 * A rule's function takes the byte addresses of its tensors, then of its
 * outputs, then a block of them seen as rows of `ld` values (rows [i0, i1),
 * columns [j0, j1): threads split a weight matrix by the columns they take
 * in its products), then its coefficients (f32): four elements at a time,
 * then one at a time. Each operation is the
 * float32 operation tfjs's kernel does (SIMD has no fused multiply-add), so
 * the results are the same bits.
 */
import { isNewValue, newValues, UPDATE_RULES, type UpdateExpression, type UpdateRule } from '../../../training/optimizers/update-rules.ts';

/** The name a step has in locals and parameters: `x'` is `x_new`, an intermediate value `step_u`. */
const localName = (step: string) => (isNewValue(step) ? `${step.slice(0, -1)}_new` : `step_${step}`);

/** `expression` as four lanes (`vector`) or one float. */
function expressionText(rule: UpdateRule, expression: UpdateExpression, vector: boolean): string {
  if (typeof expression === 'string') {
    if (rule.coefficients.includes(expression)) return `(local.get $${vector ? 'splat' : 'c'}_${expression})`;
    return `(local.get $${vector ? 'v' : 's'}_${rule.tensors.includes(expression) ? expression : localName(expression)})`;
  }
  const type = vector ? 'f32x4' : 'f32';
  if (expression.length === 2) return `(${type}.${expression[0]} ${expressionText(rule, expression[1], vector)})`;
  return `(${type}.${expression[0]} ${expressionText(rule, expression[1], vector)} ${expressionText(rule, expression[2], vector)})`;
}

/** One element (or four) at $i: load the tensors, compute the steps in order, store the new values. */
function stepText(rule: UpdateRule, vector: boolean): string {
  const [prefix, load, store] = vector ? ['v', 'v128.load', 'v128.store'] : ['s', 'f32.load', 'f32.store'];
  const lines = ['(local.set $offset (i32.shl (local.get $i) (i32.const 2)))'];
  for (const tensor of rule.tensors) lines.push(`(local.set $${prefix}_${tensor} (${load} (i32.add (local.get $${tensor}) (local.get $offset))))`);
  for (const [step, expression] of rule.steps) {
    const name = localName(step);
    lines.push(`(local.set $${prefix}_${name} ${expressionText(rule, expression, vector)})`);
    if (isNewValue(step)) lines.push(`(${store} (i32.add (local.get $out_${name}) (local.get $offset)) (local.get $${prefix}_${name}))`);
  }
  return lines.join('\n');
}

function ruleFunction(name: string, rule: UpdateRule): string {
  const outputs = newValues(rule).map(localName);
  const values = [...rule.tensors, ...rule.steps.map(([step]) => localName(step))];
  const parameters = [
    ...rule.tensors.map((tensor) => `(param $${tensor} i32)`),
    ...outputs.map((output) => `(param $out_${output} i32)`),
    '(param $i0 i32) (param $i1 i32) (param $j0 i32) (param $j1 i32) (param $ld i32)',
    ...rule.coefficients.map((coefficient) => `(param $c_${coefficient} f32)`),
  ];
  const locals = [
    '(local $row i32) (local $i i32) (local $end i32) (local $offset i32)',
    ...values.map((value) => `(local $v_${value} v128) (local $s_${value} f32)`),
    ...rule.coefficients.map((coefficient) => `(local $splat_${coefficient} v128)`),
  ];
  const splats = rule.coefficients.map((coefficient) => `(local.set $splat_${coefficient} (f32x4.splat (local.get $c_${coefficient})))`);
  return `(func (export "${name}") ${parameters.join(' ')}
${locals.join(' ')}
${splats.join('\n')}
(local.set $row (local.get $i0))
(block $rows_done (loop $rows
(br_if $rows_done (i32.ge_s (local.get $row) (local.get $i1)))
(local.set $i (i32.add (i32.mul (local.get $row) (local.get $ld)) (local.get $j0)))
(local.set $end (i32.add (i32.mul (local.get $row) (local.get $ld)) (local.get $j1)))
(block $vectors_done (loop $vectors
(br_if $vectors_done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $end)))
${stepText(rule, true)}
(local.set $i (i32.add (local.get $i) (i32.const 4)))
(br $vectors)))
(block $singles_done (loop $singles
(br_if $singles_done (i32.ge_s (local.get $i) (local.get $end)))
${stepText(rule, false)}
(local.set $i (i32.add (local.get $i) (i32.const 1)))
(br $singles)))
(local.set $row (i32.add (local.get $row) (i32.const 1)))
(br $rows))))`;
}

/** Every rule of UPDATE_RULES as a function, exported by its name. */
export function updateFunctions(): string {
  return Object.entries(UPDATE_RULES)
    .map(([name, rule]) => ruleFunction(name, rule))
    .join('\n');
}
