/**
 * An Input-headed sequential used as a tensor in a model (`Dense(2)(Encoder())`,
 * `Sequential([Input([3]), Dense(4)]) -> Dense(2)`): its Input, named as the
 * checker named it (`CheckedFile.sequentialInputs`) and listed among the
 * model's inputs, then each item applied in turn, one statement per item:
 *
 *   const encoderInput = at(source, 2, () => new Input([3], { name: "encoder_input" })); // m.kf:2
 *   const encoder1 = at(source, 3, () => new Dense(4).apply(encoderInput)); // m.kf:3
 *
 * which is what the runtime's Input-headed Sequential does when it is made,
 * and works for items that are blocks too (a block is not a runtime layer).
 */
import type * as ast from '../../grammar/ast.ts';
import { toCamelCase } from '../../runtime/engine/naming.ts';
import { emitConstruction, isConstructible } from './constructions.ts';
import { stringLiteral } from './literals.ts';
import { lowerFirst } from './names.ts';
import { layerOf, lineComment, located, type TensorContext } from './tensors.ts';

/** The model being written: where statements go, and its inputs. */
export interface ModelWriter {
  lines: string[];
  inputs: string[];
}

/** The tensor a sequential-making call gives, its statements written first; undefined: the call is not one. */
export function emitSequentialTensor(call: ast.Call, context: TensorContext, writer: ModelWriter): string | undefined {
  const scope = context.scope;
  const inputName = scope.module.file.sequentialInputs.get(call);
  if (inputName === undefined) return undefined;
  const { items, name } = sourceOf(call, context);
  const [first, ...rest] = items;
  const statement = (id: string, code: string, node: ast.Node) => {
    const line = node.range.start.line + 1;
    writer.lines.push(`const ${id} = ${located(code, line, scope)};${lineComment(line, scope)}`);
  };
  let current = scope.allocator.allocate(toCamelCase(inputName));
  statement(current, isConstructible(first) ? emitConstruction(first, scope, [['name', stringLiteral(inputName)]]) : 'undefined', first);
  writer.inputs.push(current);
  rest.forEach((item, index) => {
    const id = scope.allocator.allocate(`${lowerFirst(name)}${index + 1}`);
    statement(id, `${layerOf(item, context)}.apply(${current})`, item);
    current = id;
  });
  return current;
}

/** A named sequential's items and name (its declaration, as the checker resolved the name), or an inline one's list. */
function sourceOf(call: ast.Call, context: TensorContext): { items: ast.Expression[]; name: string } {
  const callee = call.callee;
  if (callee.kind === 'Name') {
    const resolution = context.scope.module.resolution(callee);
    if (resolution.kind === 'declaration' && resolution.declaration.declaration.kind === 'Sequential') return { items: resolution.declaration.declaration.layers, name: callee.name };
  }
  const list = call.arguments[0]?.value;
  return { items: list?.kind === 'List' ? list.elements : [], name: 'sequential' };
}
