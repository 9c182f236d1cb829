/** Parsers of command-line option values, shared by the commands (commander calls them as it reads the flags). */
import { InvalidArgumentError } from 'commander';

export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError(`expected a positive integer, found '${value}'.`);
  }
  return number;
}
