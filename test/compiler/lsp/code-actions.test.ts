/**
 * Messages that point at the cause: a tensor of the wrong rank has a note at
 * the line that made it, and where the fix is certain (a recurrent layer
 * without return_sequences, a Reshape target that fits the element count,
 * Flatten() before a Dense) the editor offers it; applied, the file checks clean.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { check } from '../../../compiler/index.ts';
import { codeActions } from '../../../compiler/lsp/code-actions.ts';
import { toLspDiagnostic } from '../../../compiler/lsp/diagnostics.ts';
import { FileNames } from '../../../compiler/lsp/files.ts';
import { describeDiagnostics } from '../../checker/helpers.ts';

const fileName = '/work/model.kf';

function checked(text: string) {
  const result = check({ fileName, text });
  return { result, lines: describeDiagnostics(result.diagnostics, fileName) };
}

describe('the cause of a wrong rank', () => {
  it('an LSTM without return_sequences: a note at it, and return_sequences=true as a quick fix that makes the file check clean', () => {
    const text = 'model M {\n  input x: [T, 3]\n  h = x -> LSTM(4)\n  output y = h -> LSTM(2)\n}\n';
    const { result, lines } = checked(text);
    expect(lines).toEqual(['4:19 error KF302 lstm_2 (LSTM) takes sequences [batch, time, features] (rank 3), but got [batch, 4]', '  related 3:12 lstm_1 (LSTM) makes the [batch, 4] tensor here']);
    const document = TextDocument.create('file:///work/model.kf', 'keraflow', 1, text);
    const diagnostics = result.diagnostics.map((d) => toLspDiagnostic(d, fileName, new FileNames()));
    const actions = codeActions(document, diagnostics);
    expect(actions.map((action) => action.title)).toEqual(['Add return_sequences=true to lstm_1']);
    const fixed = TextDocument.applyEdits(document, actions[0].edit!.changes![document.uri]);
    expect(fixed).toContain('h = x -> LSTM(4, return_sequences=true)');
    expect(checked(fixed).lines).toEqual([]);
  });

  it('an Input without the channel axis: a note at the input; no quick fix where none is certain', () => {
    const text = 'model C {\n  input image: [28, 28]\n  output y = image -> Convolution2D(8, 3, 3)\n}\n';
    const { result, lines } = checked(text);
    expect(lines[0]).toMatch(/^3:23 error KF302 /);
    expect(lines[1]).toBe('  related 2:9 the [batch, 28, 28] tensor is the input declared here');
    const document = TextDocument.create('file:///work/model.kf', 'keraflow', 1, text);
    expect(
      codeActions(
        document,
        result.diagnostics.map((d) => toLspDiagnostic(d, fileName, new FileNames())),
      ),
    ).toEqual([]);
  });

  it('a Dense after an LSTM without return_sequences is no rank error, and a GRU whose sequence would not fit gets no quick fix', () => {
    const text = 'model M {\n  input x: [T, 3]\n  h = x -> GRU(4)\n  output y = h -> Convolution2D(8, 3, 3)\n}\n';
    const { result } = checked(text);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['KF302']);
    expect(result.diagnostics[0].data?.quickFix).toBeUndefined();
    expect(result.diagnostics[0].related?.[0].message).toBe('gru_1 (GRU) makes the [batch, 4] tensor here');
  });
});

function quickFixes(text: string) {
  const { result } = checked(text);
  const document = TextDocument.create('file:///work/model.kf', 'keraflow', 1, text);
  const actions = codeActions(
    document,
    result.diagnostics.map((d) => toLspDiagnostic(d, fileName, new FileNames())),
  );
  return { result, actions, apply: (index: number) => TextDocument.applyEdits(document, actions[index].edit!.changes![document.uri]) };
}

describe('a Reshape target that does not fit the element count', () => {
  it('a flat target: the count as one size, and the fixed file checks clean', () => {
    const { result, actions, apply } = quickFixes('model M {\n  input x: [4, 6]\n  output y = x -> Reshape(target_shape=[7], name="r")\n}\n');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['KF301']);
    expect(actions.map((action) => action.title)).toEqual(['Reshape to [24] (24 values per sample)']);
    const fixed = apply(0);
    expect(fixed).toContain('Reshape(target_shape=[24], name="r")');
    expect(checked(fixed).lines).toEqual([]);
  });

  it('a longer target: the one size that can change to fit, and the fixed file checks clean', () => {
    const { actions, apply } = quickFixes('model M {\n  input x: [4, 6]\n  output y = x -> Reshape([5, 6]) -> Dense(2)\n}\n');
    expect(actions.map((action) => action.title)).toEqual(['Reshape to [4, 6] (24 values per sample)']);
    const fixed = apply(0);
    expect(fixed).toContain('x -> Reshape([4, 6]) -> Dense(2)');
    expect(checked(fixed).lines).toEqual([]);
  });

  it('no quick fix where several targets or none would fit', () => {
    expect(quickFixes('model M {\n  input x: [4, 5]\n  output y = x -> Reshape([5, 5])\n}\n').actions).toEqual([]);
    expect(quickFixes('model M {\n  input x: [4, 6]\n  output y = x -> Reshape([5, 7])\n}\n').actions).toEqual([]);
  });
});

describe('a Dense on a rank-3+ tensor where the targets have one axis', () => {
  // As the language server checks: with the data named in train { } (mnist's targets are [10] one-hot rows).
  function withData(text: string) {
    const result = check({ fileName, text }, { data: {} });
    const document = TextDocument.create('file:///work/model.kf', 'keraflow', 1, text);
    const actions = codeActions(
      document,
      result.diagnostics.map((d) => toLspDiagnostic(d, fileName, new FileNames())),
    );
    const recheck = (fixed: string) => describeDiagnostics(check({ fileName, text: fixed }, { data: {} }).diagnostics, fileName);
    return { lines: describeDiagnostics(result.diagnostics, fileName), actions, recheck, apply: (index: number) => TextDocument.applyEdits(document, actions[index].edit!.changes![document.uri]) };
  }

  it('in a chain: a note at the Dense, and Flatten() before it as a quick fix that makes the file check clean', () => {
    const text =
      'model C {\n  input image: [784]\n  output digit = image -> Reshape([28, 28, 1]) -> Convolution2D(8, 3, 3) -> Dense(10, activation=softmax)\n' +
      '  loss = categorical_crossentropy\n  train { data = mnist }\n}\n';
    const { lines, actions, apply, recheck } = withData(text);
    expect(lines).toEqual([
      "5:18 error KF530 data 'mnist': \"y\" samples are [10], but output 'digit' expects [26, 26, 10]",
      "  related 3:10 output 'digit' is declared here",
      '  related 3:77 dense_1 (Dense) makes the [batch, 26, 26, 10] tensor here, from a [batch, 26, 26, 8] one',
    ]);
    expect(actions.map((action) => action.title)).toEqual(['Add Flatten() before dense_1']);
    const fixed = apply(0);
    expect(fixed).toContain('-> Convolution2D(8, 3, 3) -> Flatten() -> Dense(10, activation=softmax)');
    expect(recheck(fixed)).toEqual([]);
  });

  it('in a sequential: Flatten() as an item of its own before the Dense', () => {
    const text = 'sequential C {\n  Input([784])\n  Reshape([28, 28, 1])\n  Convolution2D(8, 3, 3)\n  Dense(10, activation=softmax)\n  loss = categorical_crossentropy\n  train { data = mnist }\n}\n';
    const { actions, apply, recheck } = withData(text);
    expect(actions.map((action) => action.title)).toEqual(['Add Flatten() before dense_1']);
    const fixed = apply(0);
    expect(fixed).toContain('  Convolution2D(8, 3, 3)\n  Flatten()\n  Dense(10, activation=softmax)\n');
    expect(recheck(fixed)).toEqual([]);
  });

  it('no quick fix where flattening would not give the targets (Dense(5) for [10] targets) or the Dense is applied elsewhere', () => {
    const wrongUnits = 'model C {\n  input image: [784]\n  output digit = image -> Reshape([28, 28, 1]) -> Dense(5)\n  loss = mse\n  train { data = mnist }\n}\n';
    expect(withData(wrongUnits).actions).toEqual([]);
    const declared = 'model C {\n  input image: [784]\n  layer d = Dense(10)\n  output digit = image -> Reshape([28, 28, 1]) -> d\n  loss = mse\n  train { data = mnist }\n}\n';
    const { lines, actions } = withData(declared);
    expect(lines[0]).toMatch(/KF530/);
    expect(actions).toEqual([]);
    // The input's shape holds the sample axis: that is the cause, not a missing Flatten().
    const sampleAxis = 'sequential F {\n  Input([150, 4])\n  Dense(3, activation=softmax)\n  loss = categorical_crossentropy\n  train { data = iris }\n}\n';
    expect(withData(sampleAxis).lines.filter((line) => line.includes('KF530'))).toHaveLength(2);
    expect(withData(sampleAxis).actions).toEqual([]);
  });
});
