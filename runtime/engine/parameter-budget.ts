/**
 * A limit on the parameters a model may create while a file is loaded: an
 * architecture file without weights is a few bytes that can ask for
 * gigabytes (`Dense` with `output_dim: 1e9`). Each parameter is charged
 * before it is allocated; past the limit the load stops with an error
 * saying how to raise it. Outside a load nothing is charged.
 */
import { KeraflowError } from '../errors.ts';

/** The default limit: 2^28 parameters, 1 GiB of float32. */
export const DEFAULT_MAX_PARAMETERS = 2 ** 28;

/** The limit of a load: the option, else KERAFLOW_MAX_PARAMETERS, else the default. */
export function maxParameters(option?: number): number {
  // `process` is Node's: in a browser only the option sets the limit.
  const fromEnvironment = typeof process === 'undefined' ? undefined : process.env.KERAFLOW_MAX_PARAMETERS;
  const [value, source] = option !== undefined ? [option, 'maxParameters'] : fromEnvironment !== undefined ? [Number(fromEnvironment), 'KERAFLOW_MAX_PARAMETERS'] : [DEFAULT_MAX_PARAMETERS, ''];
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new KeraflowError(`${source} must be a whole number of parameters ≥ 0, but is ${JSON.stringify(option ?? fromEnvironment)}`, {
      argument: source,
      expected: 'an integer ≥ 0',
      given: String(option ?? fromEnvironment),
    });
  }
  return value;
}

let current: { limit: number; used: number } | undefined;

/** Runs `load` (synchronous) with at most `limit` parameters created in it. */
export function withParameterBudget<T>(limit: number, load: () => T): T {
  const outer = current;
  current = { limit, used: 0 };
  try {
    return load();
  } finally {
    current = outer;
  }
}

/**
 * Charges `elements` parameters (always fine outside a load); past the limit,
 * a KeraflowError. `charge: false` checks a tensor of that size against the
 * limit without counting it (an input's sample).
 */
export function checkBudget(elements: number, what: string, layer: string, charge = true): void {
  if (!current) return;
  if (elements <= current.limit - (charge ? current.used : 0)) {
    if (charge) current.used += elements;
    return;
  }
  throw new KeraflowError(
    `${what} would take the model past ${current.limit.toLocaleString('en-US')} ${charge ? 'parameters' : 'elements'}, the limit for loading a file; ` +
      'if the model is really this large, raise it with the maxParameters option or KERAFLOW_MAX_PARAMETERS',
    { layer, argument: 'maxParameters', expected: `at most ${current.limit} parameters`, given: `${current.used + elements}` },
  );
}
