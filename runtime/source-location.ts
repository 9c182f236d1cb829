/**
 * Ties runtime errors to the `.kf` source that generated the code raising
 * them. Code emitted by the `.kf` compiler wraps each layer construction and
 * application in `at(file, line, build)`: a KeraflowError (or ShapeError)
 * thrown while building then names the `.kf` file and line, and keeps its
 * class and its fields (layer, argument, expected, given, ...), so tools can
 * still act on it.
 */
import { KeraflowError } from './errors.ts';

/** A place in a `.kf` file: the file name as the compiler wrote it, and the 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** The .kf places an error went through, innermost first (a block's line, then the line applying the block). */
const locations = new WeakMap<KeraflowError, SourceLocation[]>();

/**
 * Runs `build()`. A KeraflowError it throws is re-thrown (the same object)
 * with its message prefixed by `file:line: `; when the error already names
 * an inner place (a statement inside a block), the outer place is added at
 * the end as `(via file:line)`. Other errors pass through unchanged.
 */
export function at<T>(file: string, line: number, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof KeraflowError) locate(error, { file, line });
    throw error;
  }
}

/** The .kf places recorded on an error by `at`, innermost first; empty when none. */
export function sourceLocations(error: unknown): readonly SourceLocation[] {
  return error instanceof KeraflowError ? (locations.get(error) ?? []) : [];
}

function locate(error: KeraflowError, location: SourceLocation): void {
  const known = locations.get(error);
  const place = `${location.file}:${location.line}`;
  if (!known) {
    locations.set(error, [location]);
    error.message = `${place}: ${error.message}`;
  } else {
    const last = known[known.length - 1];
    // Nested wrappers on one line (a chain's stages) add nothing new.
    if (last.file === location.file && last.line === location.line) return;
    known.push(location);
    error.message = `${error.message} (via ${place})`;
  }
  // The stack's first line repeats the message as it was when thrown.
  if (typeof error.stack === 'string') {
    const firstLineEnd = error.stack.indexOf('\n    at ');
    error.stack = `${error.name}: ${error.message}${firstLineEnd >= 0 ? error.stack.slice(firstLineEnd) : ''}`;
  }
}
