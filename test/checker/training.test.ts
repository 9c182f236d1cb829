/** Training statements: losses and metrics per output (value, list, dict), loss objects and loss weights, by code and range. */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/index.ts';
import { checkText } from './helpers.ts';

/** `code line:col-line:col` (1-based), one per diagnostic. */
const located = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`);

const twoOutputs = (training: string) => `model M {
  input x: [4]
  output a = x -> Dense(3, activation=softmax)
  output b = x -> Dense(1)
${training}
}`;

describe('losses and metrics of a model with several outputs', () => {
  it('accepts a list in output order, a dict by output name, and per-output metrics in either form', () => {
    for (const training of [
      '  loss = [categorical_crossentropy, mse]\n  metrics = [accuracy, [mae, mse]]',
      '  loss = {a: categorical_crossentropy, b: mse}\n  metrics = {a: accuracy, b: [mae]}',
      '  loss = {b: mse}\n  loss a = categorical_crossentropy\n  metrics b = [mae]',
    ]) {
      expect(checkText(twoOutputs(training)).diagnostics).toEqual([]);
    }
  });

  it('reports a list of the wrong length at the list (KF511), and no missing loss after it', () => {
    const result = checkText(twoOutputs('  loss = [mse, mse, mse]\n  metrics = [mae]'));
    expect(located(result.diagnostics)).toEqual(['KF511 5:10-5:25', 'KF511 6:13-6:18']);
    expect(result.diagnostics[0].message).toBe('loss is a list of 3, but the model has 2 outputs (a, b): give one per output, in output order, or a dict by output name');
    expect(result.diagnostics[0].data).toEqual({ statement: 'loss', given: 3, outputs: ['a', 'b'] });
  });

  it('reports a dict key that names no output at the key (KF502), with a suggestion', () => {
    const result = checkText(twoOutputs('  loss = {a: categorical_crossentropy, bb: mse}\n  metrics = {c: mae}'));
    expect(located(result.diagnostics)).toEqual(['KF502 5:40-5:42', 'KF502 6:14-6:15']);
    expect(result.diagnostics[0].data).toMatchObject({ statement: 'loss', name: 'bb', suggestion: 'b' });
  });

  it('checks each entry against its own output: the shape it can score, the alias, a second loss for one output', () => {
    const result = checkText(twoOutputs('  loss = [mse, categorical_crossentropy]\n  loss a = mse\n  metrics = {a: acurracy}'));
    expect(located(result.diagnostics)).toEqual(['KF507 5:16-5:40', 'KF510 6:3-6:15', 'KF504 7:17-7:25']);
    expect(result.diagnostics[1].related?.map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1}`)).toEqual(['5:11']);
  });

  it('still reports one value for several outputs (KF508) and an output left without a loss (KF501)', () => {
    expect(located(checkText(twoOutputs('  loss = mse')).diagnostics)).toEqual(['KF508 5:3-5:13']);
    expect(located(checkText(twoOutputs('  loss = {a: categorical_crossentropy}')).diagnostics)).toEqual(['KF501 4:10-4:11']);
  });

  it('takes a list of one loss, or a list of metrics, for a model with one output', () => {
    const result = checkText('model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss = [mse]\n  metrics = [mae, mse]\n}');
    expect(result.diagnostics).toEqual([]);
    expect(located(checkText('model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss = [mse, mae]\n}').diagnostics)).toEqual(['KF511 4:10-4:20']);
  });
});

describe('loss objects', () => {
  const oneOutput = (loss: string, units = 3) => `model M {\n  input x: [4]\n  output y = x -> Dense(${units})\n  loss = ${loss}\n}`;

  it("binds a loss class's options by its spec, and resolves it for the emitter", () => {
    expect(checkText(oneOutput('SparseCategoricalCrossentropy(from_logits=true)')).diagnostics).toEqual([]);
    expect(checkText(oneOutput('[CategoricalCrossentropy(label_smoothing=0.1)]')).diagnostics).toEqual([]);
    expect(checkText(oneOutput('Huber(delta=2)', 1)).diagnostics).toEqual([]);
  });

  it('reports an unknown class (KF503), an unknown option (KF204), a value out of range (KF208) and a shape it cannot score (KF507)', () => {
    const cases: [string, string, number?][] = [
      ['Hubber(delta=2)', 'KF503 4:10-4:16'],
      ['SparseCategoricalCrossentropy(from_logit=true)', 'KF204 4:40-4:50'],
      ['CategoricalCrossentropy(label_smoothing=2)', 'KF208 4:50-4:51'],
      ['SparseCategoricalCrossentropy()', 'KF507 4:10-4:41', 1],
    ];
    for (const [loss, expected, units] of cases) expect(located(checkText(oneOutput(loss, units)).diagnostics), loss).toEqual([expected]);
    expect(checkText(oneOutput('Hubber(delta=2)', 1)).diagnostics[0].data).toMatchObject({ name: 'Hubber', suggestion: 'Huber' });
  });

  it('takes no loss object where a metric goes', () => {
    const result = checkText('model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss = mse\n  metrics = [Huber()]\n}');
    expect(located(result.diagnostics)).toEqual(['KF207 5:14-5:21']);
  });
});

describe('loss_weights', () => {
  it('takes a list in output order, a dict by output name (constants too), or one number for one output', () => {
    for (const weights of ['[1, 0.2]', '{a: 1.0, b: w}', '{b: 0}']) {
      expect(checkText(`let w = 0.2\n${twoOutputs(`  loss = [categorical_crossentropy, mse]\n  loss_weights = ${weights}`)}`).diagnostics, weights).toEqual([]);
    }
    expect(checkText('sequential S {\n  Input([4])\n  Dense(1)\n  loss = mse\n  loss_weights = 0.5\n}').diagnostics).toEqual([]);
  });

  it('reports a list of the wrong length (KF511), a name that is no output (KF502), a weight below 0 (KF207), twice (KF510)', () => {
    const check = (weights: string) => located(checkText(twoOutputs(`  loss = [categorical_crossentropy, mse]\n${weights}`)).diagnostics);
    expect(check('  loss_weights = [1, 2, 3]')).toEqual(['KF511 6:18-6:27']);
    expect(check('  loss_weights = {a: 1, c: 2}')).toEqual(['KF502 6:25-6:26']);
    expect(check('  loss_weights = {a: -1, b: "x"}')).toEqual(['KF207 6:22-6:24', 'KF207 6:29-6:32']);
    expect(check('  loss_weights = 1')).toEqual(['KF508 6:3-6:19']);
    expect(check('  loss_weights = [1, 1]\n  loss_weights = [1, 2]')).toEqual(['KF510 7:3-7:24']);
  });
});

describe('optimizers with learning_rate and schedules', () => {
  const withOptimizer = (optimizer: string) => `model M {\n  input x: [4]\n  output y = x -> Dense(1)\n  loss = mse\n  optimizer = ${optimizer}\n}`;

  it('takes a number or a schedule object as learning_rate', () => {
    for (const optimizer of [
      'SGD(learning_rate=0.05)',
      'Adam(learning_rate=ExponentialDecay(0.1, 100, 0.9, staircase=true))',
      'SGD(learning_rate=PiecewiseConstantDecay([10, 20], [0.1, 0.01, 0.001]), momentum=0.9)',
      'Adam(learning_rate=CosineDecay(0.01, 500, alpha=0.1))',
    ]) {
      expect(checkText(withOptimizer(optimizer)).diagnostics, optimizer).toEqual([]);
    }
  });

  it('reports a bad schedule argument (KF208) and a learning rate of the wrong kind (KF506) at the value, lr with learning_rate at the call', () => {
    expect(located(checkText(withOptimizer('Adam(learning_rate=CosineDecay(0.1, 0))')).diagnostics)).toEqual(['KF208 5:51-5:52']);
    expect(located(checkText(withOptimizer('Adam(learning_rate="fast")')).diagnostics)).toEqual(['KF506 5:34-5:40']);
    const both = checkText(withOptimizer('SGD(lr=0.1, learning_rate=0.2)')).diagnostics;
    expect(located(both)).toEqual(['KF506 5:15-5:45']);
    expect(both[0].message).toBe('SGD: give the learning rate once, as lr or as learningRate, not both');
  });
});
