import { describe, expect, it } from 'vitest';
import { KeraflowError, layerCatalogue } from '../../../runtime/index.ts';
import { symbol } from '../../../runtime/engine/dimension.ts';
import { COMMON_OPTIONS, layerArgumentKinds } from '../../../runtime/engine/layer.ts';
import { toCamelCase, toSnakeCase } from '../../../runtime/engine/naming.ts';
import { bindArguments, bindArgumentsOrThrow, checkArgValue, describeArgType, splitArguments, type ClassSpec } from '../../../runtime/engine/spec.ts';

const spec: ClassSpec = {
  className: 'Probe',
  doc: 'A spec to bind against.',
  args: [
    { name: 'units', type: 'int', positional: true, required: true, min: 1, doc: 'How many.' },
    { name: 'rate', type: 'float', positional: true, default: 0.5, min: 0, below: 1, doc: 'A rate.' },
    { name: 'mode', type: 'enum', values: ['max', 'avg'], default: 'max', doc: 'A mode.' },
    { name: 'strides', type: 'intOrIntList', length: 2, min: 1, default: 1, doc: 'Steps.' },
    { name: 'padding', type: 'intOrIntPairs', length: 2, min: 0, default: 0, doc: 'Padding.' },
    { name: 'shape', type: 'shape', min: 1, nullable: true, default: null, doc: 'A shape.' },
    { name: 'activation', type: 'activation', default: 'linear', doc: 'An activation.' },
    { name: 'even', type: 'int', default: 2, check: (v) => ((v as number) % 2 === 0 ? undefined : 'an even integer'), doc: 'Even.' },
  ],
};

// With the checkers layers bind with (the activation and initialization catalogues), passed as the runtime passes them.
const bind = (positional: unknown[], options: Record<string, unknown> = {}) => bindArguments(spec, positional, options, ['name'], layerArgumentKinds);

describe('bindArguments', () => {
  it('binds positionals in order, options by name, and fills defaults', () => {
    const { bound, problems } = bind([3], { mode: 'avg', name: 'ignored' });
    expect(problems).toEqual([]);
    expect(bound.values).toEqual({ units: 3, rate: 0.5, mode: 'avg', strides: 1, padding: 0, shape: null, activation: 'linear', even: 2 });
    expect([...bound.given]).toEqual(['units', 'mode']);
  });

  it('a missing required argument names it and its doc', () => {
    expect(bind([]).problems).toEqual([{ kind: 'missing', argument: 'units', message: "Probe needs argument 'units' (How many.)", expected: 'an integer ≥ 1' }]);
  });

  it('too many positionals', () => {
    expect(bind([1, 0.2, 3]).problems[0].message).toBe('Probe takes 2 positional arguments (units, rate), but 3 were given');
  });

  it('an unknown option, with a did-you-mean', () => {
    const [problem] = bind([1], { mdoe: 'avg' }).problems;
    expect(problem.message).toBe("Probe has no argument 'mdoe'; did you mean 'mode'?");
    expect(bind([1], { zzzzzz: 1 }).problems[0].message).toBe("Probe has no argument 'zzzzzz'");
  });

  it('an argument given twice', () => {
    expect(bind([1], { units: 2 }).problems[0].message).toBe("Probe: argument 'units' is given twice (by position and by name)");
  });

  it('mistyped arguments say what was expected and what was given', () => {
    expect(bind([1.5]).problems[0]).toMatchObject({ argument: 'units', expected: 'an integer ≥ 1', given: '1.5' });
    expect(bind(['3']).problems[0].message).toBe('Probe: argument \'units\' must be an integer ≥ 1, but got "3"');
    expect(bind([1], { mode: 'min' }).problems[0].message).toBe("Probe: argument 'mode' must be one of 'max', 'avg', but got \"min\"");
    expect(bind([1], { strides: [1, 2, 3] }).problems[0].expected).toBe('an integer ≥ 1 or a list of 2 integers');
    expect(bind([1], { activation: 'rleu' }).problems[0].message).toBe("Probe: argument 'activation' must be an activation name or function, but got \"rleu\"; did you mean 'relu'?");
  });

  it('out of range', () => {
    expect(bind([0]).problems[0].message).toBe("Probe: argument 'units' must be an integer ≥ 1, but got 0");
    expect(bind([1, 1]).problems[0].message).toBe("Probe: argument 'rate' must be a number ≥ 0 and < 1, but got 1");
    expect(bind([1, Number.NaN]).problems).toHaveLength(1);
    expect(bind([1], { strides: [1, 0] }).problems).toHaveLength(1);
    expect(bind([1], { even: 3 }).problems[0].message).toBe("Probe: argument 'even' must be an even integer, but got 3");
  });

  it('accepts every form of the compound types', () => {
    expect(
      bind([1], {
        strides: [2, 3],
        padding: [
          [1, 2],
          [0, 0],
        ],
        shape: [symbol('T'), 4, null],
      }).problems,
    ).toEqual([]);
    expect(bind([1], { padding: [1, 2] }).problems).toEqual([]);
    expect(bind([1], { padding: [[1, 2], 3] }).problems).toHaveLength(1);
    expect(bind([1], { shape: null, activation: (x: unknown) => x }).problems).toEqual([]);
  });

  it('reports every problem, not only the first', () => {
    expect(bind([0], { mode: 'x', bogus: 1 }).problems.map((p) => p.argument)).toEqual(['bogus', 'units', 'mode']);
  });

  it('an undefined value is not given', () => {
    expect(bind([3, undefined], { mode: undefined }).bound.given).toEqual(new Set(['units']));
  });
});

describe('bindArgumentsOrThrow', () => {
  it('throws the first problem as a KeraflowError naming the owner and the argument', () => {
    let error: unknown;
    try {
      bindArgumentsOrThrow(spec, [1], { rate: 2 }, [], 'probe_1');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KeraflowError);
    expect(error).toMatchObject({ message: "probe_1: argument 'rate' must be a number ≥ 0 and < 1, but got 2", layer: 'probe_1', argument: 'rate', expected: 'a number ≥ 0 and < 1', given: '2' });
  });

  it('gives the index for a positional beyond the spec', () => {
    expect(() => bindArgumentsOrThrow(spec, [1, 0.1, 5], {})).toThrow(expect.objectContaining({ key: 2 }));
  });
});

describe('spec helpers', () => {
  it('describeArgType and checkArgValue', () => {
    expect(describeArgType(spec.args[5])).toBe('a list of sizes (integers ≥ 1) or none');
    expect(checkArgValue(spec.args[0], 4)).toBe(undefined);
    expect(checkArgValue(spec.args[0], -4)).toBe('an integer ≥ 1');
  });

  it('splitArguments gives back positionals and options', () => {
    expect(splitArguments(spec, { units: 3, rate: 0.1, mode: 'avg' })).toEqual({ positional: [3, 0.1], options: { mode: 'avg' } });
    expect(splitArguments(spec, { units: 3, mode: 'avg' })).toEqual({ positional: [3], options: { mode: 'avg' } });
  });
});

describe("the layer catalogue's specs", () => {
  const classes = [...layerCatalogue().values()];

  it('every argument has a camelCase name that survives snake_case, a doc, and a default that fits', () => {
    for (const layerClass of classes) {
      const { className, doc, args } = layerClass.spec;
      expect(doc, className).not.toBe('');
      let seenOption = false;
      for (const arg of args) {
        const where = `${className}.${arg.name}`;
        expect(toCamelCase(toSnakeCase(arg.name)), where).toBe(arg.name);
        expect(arg.doc, where).not.toBe('');
        expect(COMMON_OPTIONS as readonly string[], where).not.toContain(arg.name);
        if (!arg.required) expect(checkArgValue(arg, arg.default, layerArgumentKinds), `${where} default`).toBe(undefined);
        // Positionals first, then options.
        if (!arg.positional) seenOption = true;
        else expect(seenOption, `${where} is positional after an option`).toBe(false);
      }
    }
  });
});
