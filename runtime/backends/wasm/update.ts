/**
 * The optimizers' fused updates on wasm (runtime/training/optimizers/
 * update.ts runs this kernel where it is registered): one pass of Keraflow's
 * own WebAssembly computes a parameter's new value and its slots' from the
 * rule of update-rules.ts, where tfjs ran a kernel (a pass over the whole
 * parameter) for every operation of the rule. Same bits as those kernels.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { newValues, OPTIMIZER_UPDATE_KERNEL, UPDATE_RULES, type UpdateRuleName } from '../../training/optimizers/update-rules.ts';
import { update } from './gemm/gemm.ts';
import { Heap, type KernelArgs } from './heap.ts';

export { OPTIMIZER_UPDATE_KERNEL };

/** attrs: `rule` (a name of UPDATE_RULES) and `coefficients` (its numbers, in its order); inputs by the rule's tensor names. */
export function optimizerUpdate({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const heap = new Heap(backend);
  const name = attrs?.rule as UpdateRuleName;
  const rule = UPDATE_RULES[name];
  const tensors = rule.tensors.map((tensor) => inputs[tensor]);
  const shape = [...tensors[0].shape];
  const outputs = newValues(rule).map(() => heap.output(shape));
  const addresses = (list: TensorInfo[]) => list.map((tensor) => heap.byteOffset(tensor));
  update(heap.memory, name, addresses(tensors), addresses(outputs), shape, attrs?.coefficients as number[]);
  return outputs;
}
