/**
 * Quick fixes the checker can be certain of, computed from shapes only (the
 * graph attaches them to a diagnostic's `data.quickFix`; the editor offers them).
 */
import type { Dim } from '../../runtime/engine/dimension.ts';

/**
 * The one `Reshape` target that fits `count` values per sample: a flat
 * target becomes `[count]`; a longer one keeps its sizes with exactly one
 * size changed so the count matches. Undefined when no single target is
 * certain (symbolic sizes, a -1 to infer, no or several sizes that could change).
 */
export function fittingReshapeTarget(target: readonly Dim[], count: number): number[] | undefined {
  if (!Number.isInteger(count) || count <= 0 || !target.every((size) => typeof size === 'number' && size > 0)) return undefined;
  const sizes = target as readonly number[];
  if (sizes.length === 1) return [count];
  const fits = sizes.flatMap((_, index) => {
    const others = sizes.reduce((product, size, i) => (i === index ? product : product * size), 1);
    return count % others === 0 ? [sizes.with(index, count / others)] : [];
  });
  return fits.length === 1 ? fits[0] : undefined;
}

/** Values per sample of a tensor shape (batch axis first), when every size is known. */
export function valuesPerSample(shape: readonly Dim[]): number | undefined {
  const sizes = shape.slice(1);
  return sizes.every((size) => typeof size === 'number') ? (sizes as number[]).reduce((product, size) => product * size, 1) : undefined;
}
