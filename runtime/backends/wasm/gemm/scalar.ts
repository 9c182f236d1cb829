/**
 * The module's kernels in plain JavaScript, for a WebAssembly without SIMD
 * (the module of wat.ts needs it; tfjs then runs its plain build): the same
 * arguments and results as `nn`, `nt` and the update rules, at JS speed
 * (~1 GFLOP/s), every operation rounded to float32 as the module's.
 */
import { isNewValue, newValues, UPDATE_RULES, type UpdateExpression, type UpdateRule, type UpdateRuleName } from '../../../training/optimizers/update-rules.ts';

export interface ModuleKernels extends Record<UpdateRuleName, (...args: number[]) => void> {
  nn(a: number, b: number, c: number, bias: number, aRow: number, aK: number, ldb: number, ldc: number, i0: number, i1: number, j0: number, j1: number, k: number): void;
  nt(a: number, b: number, c: number, bias: number, lda: number, ldb: number, ldc: number, i0: number, i1: number, j0: number, j1: number, k: number): void;
}

/** Rule `rule` over the heap: its tensors' addresses, its outputs', i0, i1, j0, j1, ld, its coefficients (update-wat.ts's order). */
function scalarUpdate(memory: WebAssembly.Memory, rule: UpdateRule): (...args: number[]) => void {
  const inputs = rule.tensors.length;
  const outputs = newValues(rule).length;
  return (...args) => {
    const heap = new Float32Array(memory.buffer);
    const [i0, i1, j0, j1, ld] = args.slice(inputs + outputs, inputs + outputs + 5);
    const coefficients = new Map(rule.coefficients.map((name, index) => [name, Math.fround(args[inputs + outputs + 5 + index])]));
    const values = new Map<string, number>();
    const evaluate = (expression: UpdateExpression): number => {
      if (typeof expression === 'string') return coefficients.get(expression) ?? values.get(expression)!;
      if (expression.length === 2) return expression[0] === 'sqrt' ? Math.fround(Math.sqrt(evaluate(expression[1]))) : Math.abs(evaluate(expression[1]));
      const [left, right] = [evaluate(expression[1]), evaluate(expression[2])];
      const operations = { add: left + right, sub: left - right, mul: left * right, div: left / right, max: Math.max(left, right) };
      return Math.fround(operations[expression[0]]);
    };
    for (let row = i0; row < i1; row++) {
      for (let i = row * ld + j0; i < row * ld + j1; i++) {
        rule.tensors.forEach((name, index) => values.set(name, heap[(args[index] >>> 2) + i]));
        let output = inputs;
        for (const [name, expression] of rule.steps) {
          const value = evaluate(expression);
          values.set(name, value);
          if (isNewValue(name)) heap[(args[output++] >>> 2) + i] = value;
        }
      }
    }
  };
}

export function scalarKernels(memory: WebAssembly.Memory): ModuleKernels {
  const updates = Object.fromEntries(Object.entries(UPDATE_RULES).map(([name, rule]) => [name, scalarUpdate(memory, rule)])) as Record<UpdateRuleName, (...args: number[]) => void>;
  // Addresses and strides come in bytes (aRow, aK) or elements (the rest), as for the module.
  const f32 = () => new Float32Array(memory.buffer);
  return {
    ...updates,
    nn(a, b, c, bias, aRow, aK, ldb, ldc, i0, i1, j0, j1, k) {
      const heap = f32();
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) {
          let sum = bias ? heap[(bias >>> 2) + j] : 0;
          for (let p = 0; p < k; p++) sum = Math.fround(sum + Math.fround(heap[(a + i * aRow + p * aK) >>> 2] * heap[(b >>> 2) + p * ldb + j]));
          heap[(c >>> 2) + i * ldc + j] = sum;
        }
      }
    },
    nt(a, b, c, bias, lda, ldb, ldc, i0, i1, j0, j1, k) {
      const heap = f32();
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) {
          let sum = 0;
          for (let p = 0; p < k; p++) sum = Math.fround(sum + Math.fround(heap[(a >>> 2) + i * lda + p] * heap[(b >>> 2) + j * ldb + p]));
          heap[(c >>> 2) + i * ldc + j] = bias ? sum + heap[(bias >>> 2) + j] : sum;
        }
      }
    },
  };
}
