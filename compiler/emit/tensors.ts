/**
 * Tensor expressions: `encoder(left)` -> `encoder.apply(left)`,
 * `Dense(10)(x)` -> `new Dense(10).apply(x)`, `[a, b]` -> `[a, b]`, and a
 * chain `x -> Flatten -> Dense(10)` -> `new Dense(10).apply(new Flatten().apply(x))`.
 * Where a layer is made depends on the function being written: inline in a
 * model's build function, once in a block's constructor (see `construct`).
 */
import type * as ast from '../../grammar/ast.ts';
import type { Constructible } from './constructions.ts';
import type { FunctionScope } from './scope.ts';

export interface TensorContext {
  scope: FunctionScope;
  /** The 1-based `.kf` line of the statement being written. */
  line: number;
  /**
   * True when the statement spans several lines: then every layer
   * application gets its own `at(...)`, so an error names the line of its
   * stage (the innermost `at` names it first).
   */
  multiline: boolean;
  /** The layer a constructor node makes, as an expression. */
  construct(node: Constructible): string;
}

export function emitTensor(expression: ast.Expression, context: TensorContext): string {
  switch (expression.kind) {
    case 'Name': {
      const meaning = context.scope.lookup(expression.name);
      return 'code' in meaning ? meaning.code : 'undefined';
    }
    case 'List':
      return `[${expression.elements.map((element) => emitTensor(element, context)).join(', ')}]`;
    case 'Call': {
      const input = expression.arguments[0] ? emitTensor(expression.arguments[0].value, context) : 'undefined';
      return apply(layerOf(expression.callee, context), input, expression, context);
    }
    case 'Chain': {
      let current = emitTensor(expression.source, context);
      for (const stage of expression.stages) current = apply(layerOf(stage, context), current, stage, context);
      return current;
    }
    default:
      // Not a tensor (the checker reports it).
      return 'undefined';
  }
}

/** A chain stage or an applied callee as a layer: a named layer, or a construction. */
export function layerOf(expression: ast.Expression, context: TensorContext): string {
  if (expression.kind === 'Name') {
    const meaning = context.scope.lookup(expression.name);
    if (meaning.kind === 'layer') return meaning.code;
    return context.construct(expression);
  }
  if (expression.kind === 'Call' || expression.kind === 'QualifiedName') return context.construct(expression);
  return 'undefined';
}

function apply(layer: string, input: string, node: ast.Expression, context: TensorContext): string {
  const code = `${layer}.apply(${input})`;
  if (!context.multiline) return code;
  return located(code, node.range.start.line + 1, context.scope);
}

/** `at(source, line, () => code)`: errors raised by `code` name the .kf file and line. */
export function located(code: string, line: number, scope: FunctionScope): string {
  return `${scope.module.runtime('at')}(${scope.module.sourceId}, ${line}, () => ${code})`;
}

/** `// file.kf:12` after a statement. */
export function lineComment(line: number, scope: FunctionScope): string {
  return ` // ${scope.module.displayComment}:${line}`;
}
