/**
 * The runtime's errors, in one place. Every error names what it is about
 * (a layer, a model, an argument, a data channel) and says what was expected
 * and what was given, so that a person can act on the message and a tool
 * (the .kf checker) can act on the fields.
 */

export interface KeraflowErrorDetails {
  /** The layer or model the error is about, by name. */
  layer?: string;
  /** The argument (camelCase), parameter, or data channel at fault. */
  argument?: string;
  /** What was expected, in words or as a formatted shape. */
  expected?: string;
  /** What was found instead (given by the caller, or made by an earlier layer). */
  given?: string;
  /** Where the fault is inside a dict or list argument (a key or an index). */
  key?: string | number;
  /** The name the caller probably meant, when the fault is a misspelled one. */
  suggestion?: string;
  /**
   * What kind of problem it is, for tools that sort errors (the .kf
   * checker's codes). Set where the error is made, never read back from the
   * message.
   */
  reason?: KeraflowErrorReason;
}

/**
 * A wrong rank, a list given where one tensor goes or the reverse, a wrong
 * dtype, a shared layer given another shape, a size that must be concrete;
 * absent on a ShapeError: any other shape rule.
 */
export type ShapeErrorReason = 'rank' | 'list' | 'dtype' | 'shared' | 'concrete';
/** A name that is not in a catalogue (an unknown regularizer or constraint alias). */
export type KeraflowErrorReason = ShapeErrorReason | 'unknownAlias';

/**
 * How a message names what the caller wrote: the TypeScript API's words
 * (the runtime's own messages), or `.kf`'s (the checker passes its own).
 */
export interface Wording {
  /** An argument or option, given its camelCase name: `initialWeights` in TypeScript, `initial_weights` in `.kf`. */
  argument(name: string): string;
  /** What flows between layers: `Kensor` in TypeScript, `tensor` in `.kf`. */
  readonly tensor: string;
}

export const typeScriptWording: Wording = { argument: (name) => name, tensor: 'Kensor' };

/** A message, or a message made in a wording (when it names arguments or Kensors). */
export type Worded = string | ((wording: Wording) => string);

export function inWording(message: Worded, wording: Wording): string {
  return typeof message === 'string' ? message : message(wording);
}

export class KeraflowError extends Error {
  readonly layer?: string;
  readonly argument?: string;
  readonly expected?: string;
  readonly given?: string;
  readonly key?: string | number;
  readonly suggestion?: string;
  readonly reason?: KeraflowErrorReason;
  private readonly worded: Worded;

  constructor(message: Worded, details: KeraflowErrorDetails = {}) {
    super(inWording(message, typeScriptWording));
    this.name = new.target.name;
    this.worded = message;
    Object.assign(this, details);
  }

  /** The message in another wording: the .kf checker's, with argument names as `.kf` writes them. */
  messageIn(wording: Wording): string {
    return inWording(this.worded, wording);
  }
}

/** A tensor shape that a layer, a model or a loss cannot take. */
export class ShapeError extends KeraflowError {
  declare readonly reason?: ShapeErrorReason;

  constructor(message: Worded, details: KeraflowErrorDetails & { reason?: ShapeErrorReason } = {}) {
    super(message, details);
  }
}

/** Formats a value for a message: short, one line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (Array.isArray(value)) {
    const text = JSON.stringify(value);
    return text !== undefined && text.length <= 60 ? text : `a list of ${value.length}`;
  }
  if (typeof value === 'object') {
    const ctor = (value as object).constructor?.name;
    if (ctor && ctor !== 'Object') return `a ${ctor}`;
    const text = JSON.stringify(value);
    return text !== undefined && text.length <= 60 ? text : 'an object';
  }
  return String(value);
}
