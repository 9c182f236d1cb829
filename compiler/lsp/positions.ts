/** Places in a document: which syntax nodes and which checker records are under the cursor. */
import { childrenOf } from '../../grammar/walk.ts';
import type { ast } from '../index.ts';
import type { Location } from '../check/types.ts';

/** The nodes that contain `offset`, from the file down to the innermost one. */
export function nodesAt(tree: ast.File, offset: number): ast.Node[] {
  const path: ast.Node[] = [tree];
  let current: ast.Node = tree;
  for (;;) {
    const child: ast.Node | undefined = childrenOf(current).find((node) => contains(node.range, offset));
    if (!child) return path;
    path.push(child);
    current = child;
  }
}

/** Inclusive at both ends, so that a cursor right after a name is still on it. */
export function contains(range: ast.Range, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}

/** The smallest of the locations in `fileName` that contain `offset`. */
export function innermostAt<T>(items: readonly T[], locationOf: (item: T) => Location | undefined, fileName: string, offset: number): T | undefined {
  let best: T | undefined;
  let bestLength = Infinity;
  for (const item of items) {
    const location = locationOf(item);
    if (!location || location.fileName !== fileName || !contains(location.range, offset)) continue;
    const length = location.range.end.offset - location.range.start.offset;
    if (length < bestLength) {
      best = item;
      bestLength = length;
    }
  }
  return best;
}
