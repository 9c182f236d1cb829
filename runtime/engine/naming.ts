/**
 * The one mapping between the TypeScript API's camelCase and the snake_case
 * of .kf files and saved architecture files. Everything that converts an
 * argument or option name goes through here.
 */

/** Names whose snake_case form the general rule would get wrong. */
const SNAKE_EXCEPTIONS: Readonly<Record<string, string>> = {
  beta1: 'beta_1',
  beta2: 'beta_2',
};

const CAMEL_EXCEPTIONS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(SNAKE_EXCEPTIONS).map(([camel, snake]) => [snake, camel]));

/**
 * `outputDim` -> `output_dim`, `beta1` -> `beta_1`; as Keras, a run of
 * capitals or a digit-capital suffix stays one word: `Convolution2D` ->
 * `convolution2d`, `SimpleRNN` -> `simple_rnn`.
 */
export function toSnakeCase(camel: string): string {
  if (Object.hasOwn(SNAKE_EXCEPTIONS, camel)) return SNAKE_EXCEPTIONS[camel];
  return camel
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** `output_dim` -> `outputDim`, `beta_1` -> `beta1`. */
export function toCamelCase(snake: string): string {
  if (Object.hasOwn(CAMEL_EXCEPTIONS, snake)) return CAMEL_EXCEPTIONS[snake];
  return snake.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** The same record with snake_case keys made camelCase (options read from a file). */
export function keysToCamelCase(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [toCamelCase(key), value]));
}

/** Converts the top-level keys of a record. */
export function keysToSnakeCase(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [toSnakeCase(key), value]));
}

/** The closest of `candidates` to `name`, for "did you mean" hints; undefined if none is close. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  let bestCased = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    // Ties go to the spelling closest in case too: `max_norm` suggests `maxnorm`, not `MaxNorm`.
    const cased = editDistance(name, candidate);
    if (distance < bestDistance || (distance === bestDistance && cased < bestCased)) {
      best = candidate;
      bestDistance = distance;
      bestCased = cased;
    }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** Edits (insert, delete, replace, or swap two neighbours: `mdoe` -> `mode` is one) from `a` to `b`. */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}
