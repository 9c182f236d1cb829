/** The outline: models, blocks, sequentials, constants and imports, with each model's inputs, tensors, layers and outputs. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { ast } from '../index.ts';
import type { Analysis } from './analysis.ts';
import { lspRange } from './diagnostics.ts';
import { formatTensorType, modelsOf, tensorsNamed } from './tensors.ts';

export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  return analysis.tree.declarations.map((declaration) => declarationSymbol(analysis, declaration));
}

function symbol(name: string, kind: SymbolKind, node: ast.Node, nameNode: ast.Node, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  const result: DocumentSymbol = { name: name || '?', kind, range: lspRange(node.range), selectionRange: lspRange(nameNode.range) };
  if (detail) result.detail = detail;
  if (children) result.children = children;
  return result;
}

function declarationSymbol(analysis: Analysis, declaration: ast.Declaration): DocumentSymbol {
  switch (declaration.kind) {
    case 'Import':
      return symbol(declaration.alias?.name ?? declaration.path.value, SymbolKind.Namespace, declaration, declaration.alias ?? declaration.path, declaration.path.value);
    case 'Let':
      return symbol(declaration.name.name, SymbolKind.Constant, declaration, declaration.name);
    case 'Block': {
      const children = [
        ...declaration.parameters.map((parameter) => symbol(parameter.name.name, SymbolKind.TypeParameter, parameter, parameter.name, parameter.type?.name)),
        ...declaration.inputs.map((input) => symbol(input.name, SymbolKind.Variable, input, input, 'input')),
        ...declaration.body.flatMap((statement) => statementSymbol(analysis, declaration.name.name, statement)),
      ];
      return symbol(declaration.name.name, SymbolKind.Function, declaration, declaration.name, 'block', children);
    }
    case 'Model': {
      const children = declaration.body.flatMap((statement) => statementSymbol(analysis, declaration.name.name, statement));
      return symbol(declaration.name.name, SymbolKind.Class, declaration, declaration.name, 'model', children);
    }
    case 'Sequential': {
      // Each item with the shape it makes (a trainable sequential is a model the checker built).
      const model = modelsOf(analysis).find((item) => item.kind === 'sequential' && item.name === declaration.name.name);
      const children = declaration.layers.map((layer) => {
        const node = model?.nodes.find((item) => item.location.range.start.offset === layer.range.start.offset && item.location.range.end.offset === layer.range.end.offset);
        const tensor = node && model!.tensors[node.output];
        const name = analysis.text.slice(layer.range.start.offset, layer.range.end.offset).split('(')[0]!.trim();
        return symbol(name, SymbolKind.Field, layer, layer, tensor ? formatTensorType(tensor) : undefined);
      });
      return symbol(declaration.name.name, SymbolKind.Class, declaration, declaration.name, 'sequential', children);
    }
  }
}

function statementSymbol(analysis: Analysis, container: string, statement: ast.Statement): DocumentSymbol[] {
  const tensorDetail = (prefix: string, name: string) => {
    const tensor = tensorsNamed(analysis, container, name)[0];
    return tensor ? `${prefix} ${formatTensorType(tensor)}` : prefix;
  };
  switch (statement.kind) {
    case 'Input':
      return [symbol(statement.name.name, SymbolKind.Variable, statement, statement.name, tensorDetail('input', statement.name.name))];
    case 'Output':
      return [symbol(statement.name.name, SymbolKind.Variable, statement, statement.name, tensorDetail('output', statement.name.name))];
    case 'Assignment':
      return [symbol(statement.name.name, SymbolKind.Variable, statement, statement.name, tensorDetail('tensor', statement.name.name))];
    case 'Destructuring':
      return statement.names.map((name) => symbol(name.name, SymbolKind.Variable, statement, name, tensorDetail('tensor', name.name)));
    case 'Layer':
      return [symbol(statement.name.name, SymbolKind.Field, statement, statement.name, 'layer')];
    default:
      return [];
  }
}
