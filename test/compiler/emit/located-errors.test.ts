/**
 * A runtime error raised while building a generated model names the `.kf`
 * file and line: the emitted code wraps each construction and application
 * in `at(source, line, ...)`, which keeps the error's class and fields.
 * The file here parses but has shape errors (the checker would refuse it;
 * the emitter is given it directly to see what the runtime says).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitText } from './helpers.ts';
import { at, KeraflowError, ShapeError, sourceLocations } from '../../../runtime/index.ts';

const kf = `block Sum()(a, b) {
  return ElementWiseSum()([a, b])
}

model InBlock {
  input x: [4]
  input y: [3]
  output z = Sum()([x, y])
}

model InChain {
  input x: [4]
  output z = x ->
    Dense(3) ->
    Reshape([5])
}

model InConstructor {
  input x: [4]
  output z = x -> Dense(0)
}
`;

let module: Record<string, () => unknown>;

beforeAll(async () => {
  const directory = join(import.meta.dirname, '.generated', 'located');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, 'broken.ts');
  writeFileSync(file, emitText('models/broken.kf', kf));
  module = (await import(pathToFileURL(file).href)) as Record<string, () => unknown>;
});

function thrown(build: () => unknown): KeraflowError {
  try {
    build();
  } catch (error) {
    if (error instanceof KeraflowError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('errors while building name the .kf line', () => {
  it('inside a block: the block line first, then the line applying the block', () => {
    const error = thrown(module.buildInBlock);
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toMatch(/^broken\.kf:2: element_wise_sum_\d+ \(ElementWiseSum\) .* \(via broken\.kf:8\)$/);
    expect(error.layer).toMatch(/^element_wise_sum_\d+$/);
    expect(error.given).toBe('[[batch, 4], [batch, 3]]');
    expect(sourceLocations(error)).toEqual([
      { file: 'broken.kf', line: 2 },
      { file: 'broken.kf', line: 8 },
    ]);
  });

  it('in a chain over several lines: the line of the failing stage', () => {
    const error = thrown(module.buildInChain);
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toMatch(/^broken\.kf:15: reshape_\d+ \(Reshape\) /);
    expect(error.stack?.split('\n')[0]).toBe(`ShapeError: ${error.message}`);
  });

  it('in a constructor: the line of the call', () => {
    const error = thrown(module.buildInConstructor);
    expect(error).not.toBeInstanceOf(ShapeError);
    expect(error.message).toMatch(/^broken\.kf:20: /);
    expect(error.argument).toBe('outputDim');
  });
});

describe('at', () => {
  it('returns what it builds', () => {
    expect(at('m.kf', 3, () => 42)).toBe(42);
  });

  it('re-throws the same KeraflowError, its fields untouched', () => {
    const original = new ShapeError('dense_1 takes rank 2', { layer: 'dense_1', expected: 'rank 2', given: '[batch, 3, 4]', reason: 'rank' });
    let caught: unknown;
    try {
      at('m.kf', 7, () =>
        at('m.kf', 7, () => {
          throw original;
        }),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(original);
    expect(original.message).toBe('m.kf:7: dense_1 takes rank 2');
    expect({ layer: original.layer, expected: original.expected, given: original.given, reason: original.reason }).toEqual({
      layer: 'dense_1',
      expected: 'rank 2',
      given: '[batch, 3, 4]',
      reason: 'rank',
    });
  });

  it('lets other errors through unchanged', () => {
    const original = new TypeError('not ours');
    expect(() =>
      at('m.kf', 1, () => {
        throw original;
      }),
    ).toThrow(original);
    expect(original.message).toBe('not ours');
    expect(sourceLocations(original)).toEqual([]);
  });
});
