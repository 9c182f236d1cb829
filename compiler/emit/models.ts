/**
 * Models: `export function buildFoo(): Model` builds the graph statement by
 * statement (each wrapped in `at(source, line, ...)`), makes the Model with
 * the outputs' channel names, compiles it when it has a loss, and returns
 * it; `export const fooTrain = {...}` holds its `train` defaults.
 *
 * Names: an input's layer is named after it (`input left` -> `name: "left"`),
 * a `layer encoder = ...` after its declaration, and each output channel
 * after its `output` name (`outputNames`), so `loss same = ...` and data
 * dicts address channels by their `.kf` names.
 */
import type { FunctionDeclarationStructure, OptionalKind, VariableStatementStructure } from 'ts-morph';
import { VariableDeclarationKind } from 'ts-morph';
import type * as ast from '../../grammar/ast.ts';
import { emitConstruction, isConstructible } from './constructions.ts';
import { commentText, stringLiteral } from './literals.ts';
import type { ModuleContext } from './module.ts';
import { FunctionScope } from './references.ts';
import { emitSequentialTensor } from './sequential-tensors.ts';
import { emitTensor, emitTensorSteps, lineComment, located, type TensorContext } from './tensors.ts';
import { emitCompileConfig, emitTrainDefaults } from './training.ts';
import { emitValue } from './values.ts';

export interface EmittedModel {
  build: OptionalKind<FunctionDeclarationStructure>;
  train: OptionalKind<VariableStatementStructure>;
}

export function emitModel(model: ast.Model, module: ModuleContext): EmittedModel {
  const ids = module.modelNames(model);
  const scope = new FunctionScope(module, module.allocator.child());
  const lines: string[] = [];
  const inputs: string[] = [];
  const outputs: { name: string; id: string }[] = [];
  for (const statement of model.body) {
    const line = statement.range.start.line + 1;
    const context: TensorContext = {
      scope,
      line,
      construct: (node) => emitConstruction(node, scope),
      sequentialTensor: (call) => emitSequentialTensor(call, context, { lines, inputs }),
    };
    switch (statement.kind) {
      case 'Input': {
        const id = scope.allocator.allocate(statement.name.name);
        lines.push(`const ${id} = ${located(emitInput(statement, scope), line, scope)};${lineComment(line, scope)}`);
        scope.tensors.set(statement.name.name, id);
        inputs.push(id);
        break;
      }
      case 'Layer': {
        const id = scope.allocator.allocate(statement.name.name);
        const value = statement.value;
        const code = isConstructible(value) ? emitConstruction(value, scope, [['name', stringLiteral(statement.name.name)]]) : 'undefined';
        lines.push(`const ${id} = ${located(code, line, scope)};${lineComment(line, scope)}`);
        scope.layers.set(statement.name.name, id);
        break;
      }
      // `output h`: the tensor h, as it is.
      case 'Output':
        if (statement.value.kind === 'Name' && statement.value.range.start.offset === statement.name.range.start.offset) {
          outputs.push({ name: statement.name.name, id: emitTensor(statement.value, context) });
          break;
        }
      // falls through: always a tensor (the checker takes an assignment's value as one)
      case 'Assignment': {
        const id = scope.allocator.allocate(statement.name.name);
        let step = 0;
        const steps = emitTensorSteps(statement.value, context, () => scope.allocator.allocate(`${statement.name.name}${++step}`));
        lines.push(...steps.prelude, `const ${id} = ${located(steps.code, steps.line, scope)};${lineComment(steps.line, scope)}`);
        scope.tensors.set(statement.name.name, id);
        if (statement.kind === 'Output') outputs.push({ name: statement.name.name, id });
        break;
      }
      // `[seq, h, c] = ...`: an application's Kensor destructures into all its outputs.
      case 'Destructuring': {
        const names = statement.names.map((name) => scope.allocator.allocate(name.name));
        let step = 0;
        const steps = emitTensorSteps(statement.value, context, () => scope.allocator.allocate(`${statement.names[0].name}${++step}`));
        lines.push(...steps.prelude, `const [${names.join(', ')}] = ${located(steps.code, steps.line, scope)};${lineComment(steps.line, scope)}`);
        statement.names.forEach((name, index) => scope.tensors.set(name.name, names[index]));
        break;
      }
      default:
        break;
    }
  }
  const modelId = scope.allocator.allocate('model');
  const line = model.range.start.line + 1;
  const options = `{ name: ${stringLiteral(model.name.name)}, outputNames: [${outputs.map((o) => stringLiteral(o.name)).join(', ')}] }`;
  const construction = `new ${module.runtime('Model')}([${inputs.join(', ')}], [${outputs.map((o) => o.id).join(', ')}], ${options})`;
  lines.push(`const ${modelId} = ${located(construction, line, scope)};${lineComment(line, scope)}`);
  pushCompile(
    lines,
    modelId,
    model.body,
    outputs.map((o) => o.name),
    scope,
  );
  lines.push(`return ${modelId};`);
  return {
    build: buildFunction(ids.build, 'model', model, module, module.runtime('Model'), lines),
    train: trainConstant(ids.train, model, model.body, scope),
  };
}

/** An Input-headed `sequential`: a Sequential, each layer added (and so applied) on its own line. */
export function emitSequentialModel(sequential: ast.Sequential, module: ModuleContext): EmittedModel {
  const ids = module.modelNames(sequential);
  const scope = new FunctionScope(module, module.allocator.child());
  const modelId = scope.allocator.allocate('model');
  const line = sequential.range.start.line + 1;
  const lines = [`const ${modelId} = new ${module.runtime('Sequential')}([], { name: ${stringLiteral(sequential.name.name)} });${lineComment(line, scope)}`];
  for (const item of sequential.layers) {
    const itemLine = item.range.start.line + 1;
    const code = isConstructible(item) ? emitConstruction(item, scope) : 'undefined';
    lines.push(`${located(`${modelId}.add(${code})`, itemLine, scope)};${lineComment(itemLine, scope)}`);
  }
  pushCompile(lines, modelId, sequential.training, [sequential.name.name], scope);
  lines.push(`return ${modelId};`);
  return {
    build: buildFunction(ids.build, 'sequential', sequential, module, module.runtime('Sequential'), lines),
    train: trainConstant(ids.train, sequential, sequential.training, scope),
  };
}

function pushCompile(lines: string[], modelId: string, statements: readonly ast.Statement[], outputNames: readonly string[], scope: FunctionScope): void {
  const compile = emitCompileConfig(statements, outputNames, scope);
  if (compile) lines.push(`${located(`${modelId}.compile(${compile.config})`, compile.line, scope)};${lineComment(compile.line, scope)}`);
}

function buildFunction(name: string, keyword: string, node: ast.Model | ast.Sequential, module: ModuleContext, returnType: string, statements: string[]): OptionalKind<FunctionDeclarationStructure> {
  const training: readonly ast.Statement[] = node.kind === 'Model' ? node.body : node.training;
  const compiled = training.some((s) => s.kind === 'Loss');
  const optimizer = training.some((s) => s.kind === 'Optimizer') ? 'optimizer' : 'the default optimizer, sgd';
  return {
    name,
    isExported: true,
    returnType,
    docs: [
      `${keyword} ${commentText(node.name.name)} (${module.displayComment}:${node.range.start.line + 1}): builds a new instance of the model` +
        (compiled ? `, compiled with its loss, metrics and ${optimizer}.` : ' (not compiled: it has no loss).'),
    ],
    statements,
  };
}

function trainConstant(name: string, node: ast.Model | ast.Sequential, statements: readonly ast.Statement[], scope: FunctionScope): OptionalKind<VariableStatementStructure> {
  const train = statements.find((s) => s.kind === 'Train');
  return {
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [`The \`train { ... }\` defaults of ${commentText(node.name.name)}${train ? ` (${scope.module.displayComment}:${train.range.start.line + 1})` : ' (none given)'}, for \`keraflow train\`.`],
    declarations: [{ name, type: scope.module.runtime('TrainDefaults'), initializer: emitTrainDefaults(statements, scope) }],
  };
}

/** `input x: [T, 16] int32` -> `new Input([null, 16], { name: "x", dtype: "int32" })`; the call form binds like any constructor. */
function emitInput(input: ast.Input, scope: FunctionScope): string {
  const name: [string, string] = ['name', stringLiteral(input.name.name)];
  if (input.form === 'call') return isConstructible(input.value) ? emitConstruction(input.value, scope, [name]) : 'undefined';
  const options = [`name: ${name[1]}`];
  if (input.dtype) options.push(`dtype: ${stringLiteral(input.dtype.name)}`);
  return `new ${scope.module.runtime('Input')}(${emitValue(input.shape, scope)}, { ${options.join(', ')} })`;
}
