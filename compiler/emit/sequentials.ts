/**
 * A layer-like `sequential Encoder { ... }` as an exported class whose
 * constructor returns a new runtime Sequential of new layers:
 *
 *   export interface Encoder extends Sequential {}
 *   export class Encoder { constructor() { return new Sequential([...]) as Encoder; } }
 *
 * so `new Encoder()` is a real Sequential (a layer: it nests, wraps, shares,
 * saves and loads as one) while blocks and sequentials are both made with
 * `new`, as in `.kf`. A sequential holding a block instance cannot be a
 * runtime Sequential (a block is not a layer): it is emitted as a block with
 * one input whose body is the chain of its items.
 *
 * An Input-headed sequential holding a block likewise becomes a functional
 * model: its Input, then the chain, with the sequential's name as the
 * output channel (what a Sequential's channel is called).
 */
import type { ClassDeclarationStructure, InterfaceDeclarationStructure, OptionalKind } from 'ts-morph';
import type * as ast from '../../grammar/ast.ts';
import { emitBlock } from './blocks.ts';
import { constructorTarget, emitConstruction, isConstructible } from './constructions.ts';
import { commentText } from './literals.ts';
import type { ModuleContext } from './module.ts';
import { emitModel, emitSequentialModel, type EmittedModel } from './models.ts';
import { FunctionScope } from './references.ts';
import { lineComment, located } from './tensors.ts';

export function emitLayerSequential(sequential: ast.Sequential, module: ModuleContext): { interface?: OptionalKind<InterfaceDeclarationStructure>; class: OptionalKind<ClassDeclarationStructure> } {
  if (holdsBlock(sequential, module)) {
    return { class: emitBlock(asBlock(sequential, module), module, `sequential ${commentText(sequential.name.name)}, holding a block (so a block-like class, not a Sequential)`, sequential) };
  }
  const id = module.declarationId(sequential);
  const scope = new FunctionScope(module, module.allocator.child());
  const items = sequential.layers.map((item) => {
    const line = item.range.start.line + 1;
    const code = isConstructible(item) ? emitConstruction(item, scope) : 'undefined';
    return `${located(code, line, scope)},${lineComment(line, scope)}`;
  });
  const sequentialClass = module.runtime('Sequential');
  return {
    interface: { name: id, isExported: true, extends: [sequentialClass] },
    class: {
      name: id,
      isExported: true,
      docs: [
        `sequential ${commentText(sequential.name.name)} (${module.displayComment}:${sequential.range.start.line + 1}).\n\n` +
          `\`new ${id}()\` makes a new ${sequentialClass} of new layers: a layer to apply (\`.apply(x)\`), nest or share.`,
      ],
      ctors: [{ statements: [`return new ${sequentialClass}([`, ...items, `]) as ${id};`] }],
    },
  };
}

export function emitModelSequential(sequential: ast.Sequential, module: ModuleContext): EmittedModel {
  if (!holdsBlock(sequential, module)) return emitSequentialModel(sequential, module);
  const [first, ...rest] = sequential.layers;
  const inputName: ast.Identifier = { kind: 'Identifier', name: 'input', range: first.range };
  const model: ast.Model = {
    kind: 'Model',
    name: sequential.name,
    range: sequential.range,
    body: [
      { kind: 'Input', form: 'call', name: inputName, value: first, range: first.range },
      { kind: 'Output', name: sequential.name, value: chain(inputName, rest, sequential.range, module), range: sequential.range },
      ...sequential.training,
    ],
  };
  module.aliasModel(model, sequential);
  const emitted = emitModel(model, module);
  const compiled = sequential.training.some((s) => s.kind === 'Loss');
  emitted.build.docs = [
    `sequential ${commentText(sequential.name.name)} (${module.displayComment}:${sequential.range.start.line + 1}), holding a block, so built as a Model ` +
      `(its channel named ${commentText(sequential.name.name)}, as a Sequential's is)${compiled ? ', compiled with its loss, metrics and optimizer.' : ' (not compiled: it has no loss).'}`,
  ];
  return emitted;
}

/** Whether an item makes a block instance (which is not a runtime layer). */
function holdsBlock(sequential: ast.Sequential, module: ModuleContext): boolean {
  const scope = new FunctionScope(module, module.allocator.child());
  return sequential.layers.some((item) => {
    const callee = item.kind === 'Call' ? item.callee : item;
    return constructorTarget(callee, scope).kind === 'block';
  });
}

/** The sequential as `block Name()(x) { return x -> item1 -> item2 ... }`. */
function asBlock(sequential: ast.Sequential, module: ModuleContext): ast.Block {
  const input: ast.Identifier = { kind: 'Identifier', name: 'x', range: sequential.name.range };
  return {
    kind: 'Block',
    name: sequential.name,
    parameters: [],
    inputs: [input],
    body: [{ kind: 'Return', value: chain(input, sequential.layers, sequential.range, module), range: sequential.range }],
    range: sequential.range,
  };
}

/** `source -> stages...`; the source is the tensor the written block or model takes (the emitter's own name: no checker resolved it). */
function chain(source: ast.Identifier, stages: ast.Expression[], range: ast.Range, module: ModuleContext): ast.Chain {
  const name: ast.Name = { kind: 'Name', name: source.name, range: source.range };
  module.synthetic.set(name, { kind: 'tensor', name: source.name });
  return { kind: 'Chain', source: name, stages, range };
}
