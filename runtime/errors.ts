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
  /** What was given. */
  given?: string;
  /** Where the fault is inside a dict or list argument (a key or an index). */
  key?: string | number;
  /**
   * What kind of shape problem it is, for tools that sort errors (the .kf
   * checker's codes): a wrong rank, a list given where one tensor goes or the
   * reverse, a wrong dtype, a shared layer given another shape, a size that
   * must be concrete. Absent: any other shape rule.
   */
  reason?: ShapeErrorReason;
}

export type ShapeErrorReason = 'rank' | 'list' | 'dtype' | 'shared' | 'concrete';

export class KeraflowError extends Error {
  readonly layer?: string;
  readonly argument?: string;
  readonly expected?: string;
  readonly given?: string;
  readonly key?: string | number;
  readonly reason?: ShapeErrorReason;

  constructor(message: string, details: KeraflowErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    Object.assign(this, details);
  }
}

/** A tensor shape that a layer, a model or a loss cannot take. */
export class ShapeError extends KeraflowError {}

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
