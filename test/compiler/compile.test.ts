/**
 * `compile()`: one entry from `.kf` sources to diagnostics and TypeScript
 * modules, each naming its exports; the modules are emitted from what the
 * checker resolved, so the emitter and the checker cannot disagree on what
 * a name means.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';

const files: Record<string, string> = {
  '/project/a.kf': 'let width = 3\nblock Wide(units: int)(x) {\n  return x -> Dense(units)\n}\n',
  '/project/b.kf': 'let width = 5\nsequential Tail {\n  Dense(2)\n}\n',
};
const readFile = (path: string) => files[path];

describe('compile()', () => {
  it('returns a module per file, imports first, each with its export names; a renamed build function is named, not guessed', () => {
    const text = [
      'import "./a.kf"',
      'let buildNet = 1',
      'let class = 2',
      'model Net {',
      '  input x: [4]',
      '  output y = x -> Wide(width) -> Dense(buildNet)',
      '  loss = mse',
      '}',
      'sequential Mlp {',
      '  Input([4])',
      '  Dense(class)',
      '}',
      '',
    ].join('\n');
    const result = compile({ fileName: '/project/main.kf', text }, { readFile });
    expect(result.diagnostics).toEqual([]);
    expect(result.modules.map((module) => module.fileName)).toEqual(['/project/a.kf', '/project/main.kf']);
    const main = result.modules[1];
    expect(main.exports).toEqual({
      models: [
        { name: 'Net', build: 'buildNet_', train: 'netTrain' },
        { name: 'Mlp', build: 'buildMlp', train: 'mlpTrain' },
      ],
      declarations: [
        { name: 'buildNet', kind: 'constant', export: 'buildNet' },
        { name: 'class', kind: 'constant', export: 'class_' },
      ],
    });
    expect(main.text).toContain('export function buildNet_(): Model {');
    expect(main.text).toContain('import { Wide, width } from "./a.js";');
    expect(result.modules[0].exports.declarations).toEqual([
      { name: 'width', kind: 'constant', export: 'width' },
      { name: 'Wide', kind: 'block', export: 'Wide' },
    ]);
  });

  it('records what each name means: the emitted code uses the very entity the checker resolved', () => {
    const text = ['import "./a.kf"', 'import "./b.kf"', 'let mse = 4', 'model Net {', '  input x: [T, 3]', '  output y = x -> Dense(width)', '  loss = mse', '}', ''].join('\n');
    const result = compile({ fileName: '/project/main.kf', text }, { readFile });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const main = result.modules.find((module) => module.fileName === '/project/main.kf')!;
    // Both files export `width`; the later import is the one the checker's scope holds, and so the one imported.
    const file = result.files.find((checked) => checked.fileName === '/project/main.kf')!;
    const width = [...file.resolutions].find(([node]) => node.kind === 'Name' && node.name === 'width')![1];
    expect(width).toMatchObject({ kind: 'declaration', declaration: { fileName: '/project/b.kf', name: 'width', kind: 'constant' } });
    expect(main.text).toContain('import { width as width_ } from "./b.js";');
    expect(main.text).toContain('new Dense(width_)');
    expect(main.text).not.toContain('from "./a.js"');
    // A loss is named from the runtime's catalogue, never by a constant of the file.
    expect(main.text).toContain('loss: "mse"');
    // `T` names nothing else: a symbolic dimension, any size at run time.
    expect([...file.resolutions].find(([node]) => node.kind === 'Name' && node.name === 'T')![1]).toEqual({ kind: 'dimension', name: 'T' });
    expect(main.text).toContain('new Input([null, 3], { name: "x" })');
  });

  it('emits nothing for files with errors, unless asked to (best effort, never a throw)', () => {
    const text = 'model Net {\n  input x: [4]\n  output y = x -> Dense(0)\n}\n';
    expect(compile({ fileName: '/project/bad.kf', text }).modules).toEqual([]);
    const emitted = compile({ fileName: '/project/bad.kf', text }, { emitWithErrors: true }).modules;
    expect(emitted.map((module) => module.exports.models)).toEqual([[{ name: 'Net', build: 'buildNet', train: 'netTrain' }]]);
  });

  it('emits in time linear in the declarations: 5,000 constants and a model compile in one pass', () => {
    // Emitting re-parsed the whole module once per declaration: 5,000 lets took minutes. One write now.
    const lets = Array.from({ length: 5_000 }, (_, i) => `let c${i} = ${i}`);
    const text = [...lets, 'model Net {', '  input x: [c4]', '  output y = x -> Dense(c1)', '}', ''].join('\n');
    const result = compile({ fileName: '/project/many.kf', text });
    expect(result.diagnostics).toEqual([]);
    const module = result.modules[0];
    expect(module.text).toContain('export const c4999 = 4999;');
    expect(module.exports.declarations).toHaveLength(5_000);
  }, 120_000);
});
