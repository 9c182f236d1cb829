/** Generic traversal of the syntax tree, for tools that do not need one visitor per kind. */
import type { Node } from './ast.ts';

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

/** The direct children of `node`, in source order. */
export function childrenOf(node: Node): Node[] {
  const children: Node[] = [];
  for (const value of Object.values(node)) {
    if (isNode(value)) children.push(value);
    else if (Array.isArray(value)) for (const item of value) if (isNode(item)) children.push(item);
  }
  return children.sort((first, second) => first.range.start.offset - second.range.start.offset);
}

/** Calls `visit` on `node` and every node below it, parents first. Iterative, so deep trees cannot overflow the stack. */
export function walk(node: Node, visit: (node: Node) => void): void {
  const pending: Node[] = [node];
  while (pending.length > 0) {
    const current = pending.pop()!;
    visit(current);
    const children = childrenOf(current);
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]!);
  }
}
