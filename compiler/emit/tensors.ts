/**
 * Tensor expressions: `encoder(left)` -> `encoder.apply(left)`,
 * `Dense(10)(x)` -> `new Dense(10).apply(x)`, `[a, b]` -> `[a, b]`, and a
 * chain `x -> Flatten -> Dense(10)` -> `new Dense(10).apply(new Flatten().apply(x))`.
 * Where a layer is made depends on the function being written: inline in a
 * model's build function, once in a block's constructor (see `construct`).
 */
import type * as ast from '../../grammar/ast.ts';
import { toCamelCase } from '../../runtime/engine/naming.ts';
import type { Constructible } from './constructions.ts';
import type { FunctionScope } from './references.ts';

export interface TensorContext {
  scope: FunctionScope;
  /** The 1-based `.kf` line of the statement being written. */
  line: number;
  /** The layer a constructor node makes, as an expression. */
  construct(node: Constructible): string;
  /** In a model: the tensor of a call that makes an Input-headed sequential (its statements written first); else undefined. */
  sequentialTensor?(call: ast.Call): string | undefined;
}

export function emitTensor(expression: ast.Expression, context: TensorContext): string {
  switch (expression.kind) {
    case 'Name': {
      const meaning = context.scope.lookup(expression);
      return 'code' in meaning ? meaning.code : 'undefined';
    }
    case 'List':
      return `[${expression.elements.map((element) => emitTensor(element, context)).join(', ')}]`;
    case 'Call': {
      const sequential = context.sequentialTensor?.(expression);
      if (sequential !== undefined) return sequential;
      // `L(q, v, attention_mask=m)` -> `L.apply([q, v], { attentionMask: m })`.
      const positional = expression.arguments.filter((argument) => !argument.name).map((argument) => emitTensor(argument.value, context));
      const input = positional.length === 0 ? 'undefined' : positional.length === 1 ? positional[0] : `[${positional.join(', ')}]`;
      const keywords = expression.arguments
        .filter((argument) => argument.name)
        .map((argument) => `${toCamelCase(argument.name!.name)}: ${argument.value.kind === 'Boolean' ? String(argument.value.value) : emitTensor(argument.value, context)}`);
      return apply(layerOf(expression.callee, context), input, keywords);
    }
    case 'Chain': {
      let current = emitTensor(expression.source, context);
      for (const stage of expression.stages) current = apply(layerOf(stage, context), current);
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
    const meaning = context.scope.lookup(expression);
    if (meaning.kind === 'layer') return meaning.code;
    return context.construct(expression);
  }
  if (expression.kind === 'Call' || expression.kind === 'QualifiedName') return context.construct(expression);
  return 'undefined';
}

function apply(layer: string, input: string, keywords: readonly string[] = []): string {
  return keywords.length === 0 ? `${layer}.apply(${input})` : `${layer}.apply(${input}, { ${keywords.join(', ')} })`;
}

/** What a statement's tensor takes: statements to run first (a multi-line chain's earlier lines), then the code and line of the last step. */
export interface TensorSteps {
  prelude: string[];
  code: string;
  line: number;
}

/**
 * A statement's tensor. A chain becomes one step per stage: `const h1 =
 * at(source, 10, ...)`, `const h2 = ...`, and the last stage's code for the
 * statement itself. So its layers are made in the order the chain names them
 * (nested, `new B().apply(new A().apply(x))` would make B first, and the
 * runtime's automatic names `dense_1`, `dense_2` would run backwards), each
 * step is wrapped in `at(...)` with its stage's line, and an error names the
 * line of its stage. `temporary()` names each intermediate result.
 */
export function emitTensorSteps(value: ast.Expression, context: TensorContext, temporary: () => string): TensorSteps {
  const lineOf = (node: ast.Node) => node.range.start.line + 1;
  if (value.kind !== 'Chain') return { prelude: [], code: emitTensor(value, context), line: context.line };
  const prelude: string[] = [];
  const step = (code: string, line: number) => {
    const id = temporary();
    prelude.push(`const ${id} = ${located(code, line, context.scope)};${lineComment(line, context.scope)}`);
    return id;
  };
  let current = emitTensor(value.source, context);
  let line = lineOf(value.source);
  const named = value.source.kind === 'Name' || (value.source.kind === 'Call' && context.scope.module.file.sequentialInputs.has(value.source));
  if (!named) current = step(current, line);
  value.stages.forEach((stage, index) => {
    if (index > 0) current = step(current, line);
    line = lineOf(stage);
    current = apply(layerOf(stage, context), current);
  });
  return { prelude, code: current, line };
}

/** `at(source, line, () => code)`: errors raised by `code` name the .kf file and line. */
export function located(code: string, line: number, scope: FunctionScope): string {
  return `${scope.module.runtime('at')}(${scope.module.sourceId}, ${line}, () => ${code})`;
}

/** `// file.kf:12` after a statement. */
export function lineComment(line: number, scope: FunctionScope): string {
  return ` // ${scope.module.displayComment}:${line}`;
}
