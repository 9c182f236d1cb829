/**
 * A `block` as an exported class. Its constructor takes the block's
 * parameters and makes every layer of the body once, as private fields;
 * `apply(x)` (or `apply([a, b])` for several tensor parameters) links those
 * layers to its input and returns the output Kensor. Applying one instance
 * twice therefore reuses the same layers: shared weights, as in `.kf`.
 *
 * The layers join the graph of the model that applies the block as ordinary
 * catalogue layers, so a model with blocks saves and loads like any other.
 */
import type { ClassDeclarationStructure, OptionalKind, ParameterDeclarationStructure, PropertyDeclarationStructure } from 'ts-morph';
import { Scope as MemberScope } from 'ts-morph';
import type * as ast from '../../grammar/ast.ts';
import { walk } from '../../grammar/walk.ts';
import { toCamelCase } from '../../runtime/engine/naming.ts';
import type { ArgSpec, ArgType } from '../../runtime/engine/spec.ts';
import { blockParameterTypes } from '../check/constructors.ts';
import { constructorTarget, emitConstruction, isConstructible, layerCode, type Constructible, type ConstructorTarget } from './constructions.ts';
import { commentText, stringLiteral } from './literals.ts';
import type { ModuleContext } from './module.ts';
import { lowerFirst, NameAllocator } from './names.ts';
import { FunctionScope } from './references.ts';
import { emitTensorSteps, lineComment, located, type TensorContext } from './tensors.ts';
import { emitValue } from './values.ts';

/** `heading` names the declaration in the doc comment (default: the block's signature); `original`: the sequential a synthetic block stands for. */
export function emitBlock(block: ast.Block, module: ModuleContext, heading?: string, original?: ast.Sequential): OptionalKind<ClassDeclarationStructure> {
  const id = module.declarationId(original ?? block);
  const constructorScope = new FunctionScope(module, module.allocator.child());
  const applyScope = new FunctionScope(module, module.allocator.child());
  const fields = new NameAllocator(['apply', 'constructor']);
  const counters = new Map<string, number>();
  const properties: OptionalKind<PropertyDeclarationStructure>[] = [];
  const constructorLines: string[] = [];

  const parameters: OptionalKind<ParameterDeclarationStructure>[] = block.parameters.map((parameter) => {
    const name = constructorScope.allocator.allocate(parameter.name.name);
    constructorScope.parameters.set(parameter.name.name, name);
    return { name, type: parameterType(parameter, block, constructorScope), initializer: undefined };
  });
  // Defaults may name earlier parameters' constants; emitted once every parameter is known.
  block.parameters.forEach((parameter, index) => {
    if (parameter.default) parameters[index].initializer = emitValue(parameter.default, constructorScope);
  });

  /** A layer of the body: a field, made in the constructor. */
  const addField = (wanted: string, node: Constructible, extraOptions: [string, string][] = []): string => {
    const target = constructorTarget(node.kind === 'Call' ? node.callee : node, constructorScope);
    const field = fields.allocate(wanted || fieldBase(target, counters));
    properties.push({ name: field, type: fieldType(target, module), isReadonly: true, scope: MemberScope.Private });
    const line = node.range.start.line + 1;
    constructorLines.push(`this.${field} = ${located(emitConstruction(node, constructorScope, extraOptions), line, constructorScope)};${lineComment(line, constructorScope)}`);
    return `this.${field}`;
  };

  const inputNames = block.inputs.map((input) => {
    const name = applyScope.allocator.allocate(input.name);
    applyScope.tensors.set(input.name, name);
    return name;
  });
  const applyLines: string[] = [];
  for (const statement of block.body) {
    const line = statement.range.start.line + 1;
    const context: TensorContext = {
      scope: applyScope,
      line,
      construct: (node) => addField('', node),
    };
    if (statement.kind === 'Layer') {
      const value = statement.value;
      const field = isConstructible(value) ? addField(statement.name.name, value) : 'undefined';
      applyScope.layers.set(statement.name.name, field);
    } else if (statement.kind === 'Assignment') {
      // Always a tensor: the checker takes an assignment's value as one.
      const name = applyScope.allocator.allocate(statement.name.name);
      const steps = emitTensorSteps(statement.value, context, temporaries(statement.name.name, applyScope));
      applyLines.push(...steps.prelude, `const ${name} = ${located(steps.code, steps.line, applyScope)};${lineComment(steps.line, applyScope)}`);
      applyScope.tensors.set(statement.name.name, name);
    } else if (statement.kind === 'Destructuring') {
      // `[seq, h, c] = ...`: an application's Kensor destructures into all its outputs.
      const names = statement.names.map((name) => applyScope.allocator.allocate(name.name));
      const steps = emitTensorSteps(statement.value, context, temporaries(statement.names[0].name, applyScope));
      applyLines.push(...steps.prelude, `const [${names.join(', ')}] = ${located(steps.code, steps.line, applyScope)};${lineComment(steps.line, applyScope)}`);
      statement.names.forEach((name, index) => applyScope.tensors.set(name.name, names[index]));
    } else {
      const steps = emitTensorSteps(statement.value, context, temporaries('output', applyScope));
      applyLines.push(...steps.prelude, `return ${located(steps.code, steps.line, applyScope)};${lineComment(steps.line, applyScope)}`);
    }
  }

  const kensorLike = module.runtime('KensorLike');
  const input = block.inputs.length === 1 ? { name: inputNames[0], type: kensorLike } : { name: `[${inputNames.join(', ')}]`, type: `readonly [${block.inputs.map(() => kensorLike).join(', ')}]` };
  const signature = `${block.name.name}(${block.parameters.map((p) => p.name.name + (p.type ? `: ${p.type.name}` : '')).join(', ')})(${block.inputs.map((i) => i.name).join(', ')})`;
  return {
    name: id,
    isExported: true,
    docs: [
      `${heading ?? `block ${commentText(signature)}`} (${module.displayComment}:${block.range.start.line + 1}).\n\n` +
        `\`new ${id}(...)\` makes the block's layers once; \`apply(${block.inputs.length === 1 ? 'x' : '[...]'})\` links them ` +
        'to its input and returns the output: applying one instance again shares its weights.',
    ],
    properties,
    ctors: [{ parameters, statements: constructorLines }],
    methods: [{ name: 'apply', parameters: [input], returnType: module.runtime('Kensor'), statements: applyLines }],
  };
}

/** Names for a multi-line chain's intermediate results: `h1`, `h2`, ... */
function temporaries(base: string, scope: FunctionScope): () => string {
  let step = 0;
  return () => scope.allocator.allocate(`${base}${++step}`);
}

function fieldBase(target: ConstructorTarget, counters: Map<string, number>): string {
  const name = target.kind === 'layer' ? target.className : target.kind === 'object' ? 'layer' : target.code.split('.').pop()!;
  const base = lowerFirst(name.replace(/_+$/, '')) || 'layer';
  const count = (counters.get(base) ?? 0) + 1;
  counters.set(base, count);
  return `${base}${count}`;
}

function fieldType(target: ConstructorTarget, module: ModuleContext): string {
  switch (target.kind) {
    case 'layer':
      return layerCode(target, module);
    case 'block':
    case 'sequential':
      return target.code;
    default:
      return target.code === 'undefined' ? 'unknown' : target.code;
  }
}

/**
 * The parameter's TypeScript type: from its `.kf` type; else from its
 * default; else from the layer argument it is given to (an enum's values);
 * else `any` (an untyped `.kf` parameter takes anything the checker allows).
 */
function parameterType(parameter: ast.Parameter, block: ast.Block, scope: FunctionScope): string {
  const usage = usedAs(parameter.name.name, block, scope);
  const usageType = usage ? typeScriptType(usage.type, usage.values) : undefined;
  // A `.kf` annotation is one of the checker's block parameter types, which are argument types.
  const declared = parameter.type?.name;
  const annotated = declared === undefined ? undefined : (blockParameterTypes as readonly string[]).includes(declared) ? typeScriptType(declared as ArgType) : 'string';
  if (usageType?.startsWith('"') && (annotated === undefined || annotated === 'string')) return usageType;
  if (annotated) return annotated;
  switch (parameter.default?.kind) {
    case 'Number':
    case 'Unary':
    case 'Binary':
      return 'number';
    case 'String':
      return 'string';
    case 'Boolean':
      return 'boolean';
    case 'Name':
      if (scope.lookup(parameter.default).kind === 'alias') return 'string';
  }
  return usageType ?? 'any';
}

/** The catalogue argument a parameter is passed to directly, if any. */
function usedAs(name: string, block: ast.Block, scope: FunctionScope): ArgSpec | undefined {
  let found: ArgSpec | undefined;
  for (const statement of block.body) {
    walk(statement, (node) => {
      if (found || node.kind !== 'Call') return;
      const target = constructorTarget(node.callee, scope);
      if (target.kind !== 'layer' && target.kind !== 'object') return;
      const positional = target.spec.args.filter((arg) => arg.positional);
      node.arguments.forEach((argument, index) => {
        if (found || argument.value.kind !== 'Name' || argument.value.name !== name) return;
        found = argument.name ? target.spec.args.find((arg) => arg.name === toCamelCase(argument.name!.name)) : positional[index];
      });
    });
  }
  return found;
}

/** The TypeScript type a runtime constructor takes for an argument of this type. */
function typeScriptType(type: ArgType, values: readonly string[] = []): string | undefined {
  switch (type) {
    case 'int':
    case 'float':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'string':
    case 'activation':
    case 'initialization':
      return 'string';
    case 'enum':
      return values.map(stringLiteral).join(' | ');
    case 'intList':
      return 'number[]';
    case 'shape':
      return 'readonly (number | null)[]';
    default:
      return undefined;
  }
}
