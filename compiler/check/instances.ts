/**
 * Layers as `.kf` makes and applies them: a constructor call of a catalogue
 * layer (a runtime layer, built by the runtime's own constructor), an
 * instance of a block or of a layer-like sequential (their layers made once,
 * at the first application, and reused by later ones: shared weights), or a
 * named `layer`. Making them: constructors.ts; applying them: tensors.ts.
 */
import type * as ast from '../../grammar/ast.ts';
import type { ModelGraph } from './graph.ts';
import type { Reporter } from './report.ts';
import type { Entity, FileScope, Scope } from './scope.ts';
import type { Location } from './types.ts';
import type { Value } from './values.ts';

export type LayerInstance =
  | { kind: 'runtime'; id: number }
  | { kind: 'block'; id: number; entity: Extract<Entity, { kind: 'block' }>; values: Record<string, Value>; cache: Map<ast.Node, LayerInstance> }
  | { kind: 'sequential'; id: number; entity: Extract<Entity, { kind: 'sequential' }>; cache: Map<ast.Node, LayerInstance> };

export interface Site {
  reporter: Reporter;
  fileName: string;
  scope: Scope;
  graph: ModelGraph;
  /** The scope of each file, to check a block's body where it was written. */
  fileScope(fileName: string): FileScope;
  /** Inside a block or sequential instance: its layers by the node that makes them (shared across applications). */
  cache?: Map<ast.Node, LayerInstance>;
  /** Names this body defines further down, for "used before it is defined". */
  later?: Map<string, ast.Range>;
  /**
   * In a model: makes an Input item (of a sequential used as a tensor, checked at `itemSite`) an input of the
   * model, under `name` or a numbered variant of it; undefined where no input can be added (a block).
   */
  modelInput?(item: ast.Expression, name: string, itemSite: Site): { id: number; name: string };
}

export type Constructible = ast.Call | ast.Name | ast.QualifiedName;

export const at = (site: Site, node: { range: ast.Range }): Location => ({ fileName: site.fileName, range: node.range });

export function sourceText(expression: ast.Expression): string {
  switch (expression.kind) {
    case 'Name':
      return expression.name;
    case 'QualifiedName':
      return `${expression.qualifier.name}.${expression.member.name}`;
    case 'Call':
      return `${sourceText(expression.callee)}(...)`;
    case 'Number':
      return expression.text;
    case 'String':
      return JSON.stringify(expression.value);
    case 'Boolean':
      return String(expression.value);
    case 'None':
      return 'none';
    case 'List':
      return '[...]';
    case 'Tuple':
      return '(...)';
    case 'Dict':
      return '{...}';
    case 'Chain':
      return `${sourceText(expression.source)} -> ...`;
    default:
      return 'this expression';
  }
}
