/** An Input-headed sequential used as a tensor in a model (`Dense(2)(Encoder())`, inline `Sequential([Input(...), ...])`). */
import { describe, expect, it } from 'vitest';
import { formatShape } from '../../runtime/engine/dimension.ts';
import { checkText, describeDiagnostics } from './helpers.ts';

const encoder = 'sequential Encoder {\n  Input([3])\n  Dense(4)\n}\n';

describe('a sequential starting with Input, used as a tensor', () => {
  it("is its last item's tensor, its Input an input of the model (new layers at each use, names made unique)", () => {
    const result = checkText(`${encoder}model M {
  a = Encoder()
  b = Encoder() -> Dense(2)
  output y = Concatenate()([a, b, Sequential([Input([T, 2], name="steps"), LSTM(3)])])
}`);
    expect(result.diagnostics).toEqual([]);
    const model = result.models.find((m) => m.name === 'M')!;
    expect(model.inputs.map((id) => [model.tensors[id].name, formatShape(model.tensors[id].shape!)])).toEqual([
      ['encoder_input', '[batch, 3]'],
      ['encoder_input_2', '[batch, 3]'],
      ['steps', '[batch, T, 2]'],
    ]);
    expect(formatShape(model.tensors[model.outputs[0].tensor].shape!)).toBe('[batch, 9]');
    // Two Encoder uses: two Dense(4) of 3*4+4 each; Dense(2): 4*2+2; LSTM(3): 4*(2*3+3*3+3).
    expect(model.paramCount).toBe(2 * 16 + 10 + 72);
    // The names the Inputs took, for the emitter, by the call that made each.
    const calls = [...result.files[0].sequentialInputs.values()];
    expect(calls).toEqual(['encoder_input', 'encoder_input_2', 'steps']);
  });

  it('reports a shape problem inside the sequential at the use, with the item as a related location', () => {
    const result = checkText(`sequential Deep {\n  Input([3])\n  LSTM(4)\n}\nmodel M {\n  output y = Deep() -> Dense(1)\n}`);
    const lines = describeDiagnostics(result.diagnostics, result.files[0].fileName);
    expect(lines[0]).toMatch(/^3:3 error KF302 /);
    expect(lines.some((line) => /^6:14 error KF302 .*\(in sequential Deep\)$/.test(line))).toBe(true);
    expect(lines.some((line) => /^ {2}related 3:3 in sequential Deep$/.test(line))).toBe(true);
  });

  it('is a tensor, not a layer: applying it to a tensor is KF215 at its name', () => {
    const result = checkText(`${encoder}model M {\n  input x: [3]\n  output y = x -> Encoder()\n}`);
    expect(describeDiagnostics(result.diagnostics, result.files[0].fileName)).toEqual([
      "7:19 error KF215 expected a layer (use `Encoder()` where a tensor goes: `Encoder() -> Dense(2)`), but 'Encoder' is a sequential starting with Input, so a tensor",
    ]);
  });

  it('is made by a call: its bare name where a tensor goes says so (KF215)', () => {
    const result = checkText(`${encoder}model M {\n  output y = Encoder -> Dense(2)\n}`);
    expect(describeDiagnostics(result.diagnostics, result.files[0].fileName)).toEqual([
      "6:14 error KF215 expected a tensor (`Encoder()` makes the sequential's tensor), but 'Encoder' is a model (a sequential starting with Input)",
    ]);
  });

  it('takes no arguments (KF209), and makes no input inside a block (KF215)', () => {
    const result = checkText(`${encoder}block B()(x) {\n  return Concatenate()([x, Encoder()])\n}\nmodel M {\n  input x: [3]\n  output y = x -> B()\n  output z = Encoder(2) -> Dense(1)\n}`);
    const lines = describeDiagnostics(result.diagnostics, result.files[0].fileName);
    expect(lines.filter((line) => !line.startsWith(' '))).toEqual([
      "6:28 error KF215 expected a tensor of the block (only a model takes new inputs: apply the sequential in the model and pass its tensor), but 'sequential Encoder' is a tensor with its own Input",
      expect.stringMatching(/^11:22 error KF209 /),
    ]);
  });
});

describe('Input shapes', () => {
  it('takes one size for a 1-D shape, or a tuple, as the runtime does; anything else is KF207 at the shape', () => {
    const result = checkText(`let width = 4
sequential S {\n  Input(100)\n  Dense(2)\n}
model M {
  input a = Input(width * 2)
  input b = Input((2, 3))
  input c = Input(T, dtype=int32)
  input d = Input("x")
  output y = Concatenate()([a, b -> Flatten, c -> Embedding(5, 2) -> LSTM(2), d])
}`);
    const model = result.models.find((m) => m.name === 'M')!;
    expect(model.inputs.slice(0, 3).map((id) => formatShape(model.tensors[id].shape!))).toEqual(['[batch, 8]', '[batch, 2, 3]', '[batch, T]']);
    expect(formatShape(result.models[0].tensors[result.models[0].inputs[0]].shape!)).toBe('[batch, 100]');
    expect(describeDiagnostics(result.diagnostics, result.files[0].fileName)).toEqual([
      "10:19 error KF207 Input's shape must be a list of sizes, e.g. [28, 28], or one size for a 1-D shape, e.g. 100",
    ]);
  });
});

describe('output naming a tensor', () => {
  it('`output h` makes the tensor h an output named h; used before h is defined (KF401), or twice (KF402), at the name', () => {
    const result = checkText(
      'model M {\n  input x: [3]\n  h = x -> Dense(2)\n  output h\n  output z = h -> Dense(1)\n}\nmodel N {\n  input x: [3]\n  output q\n  q = x -> Dense(1)\n  output x\n  output x\n}',
    );
    expect(result.models[0].outputs.map((o) => [o.name, formatShape(result.models[0].tensors[o.tensor].shape!)])).toEqual([
      ['h', '[batch, 2]'],
      ['z', '[batch, 1]'],
    ]);
    expect(describeDiagnostics(result.diagnostics, result.files[0].fileName)).toEqual([
      "9:10 error KF401 'q' is used before it is defined",
      "  related 10:3 'q' is defined here",
      "12:10 error KF402 'x' is already defined: each name is defined once",
      "  related 8:9 output 'x' is first declared here",
    ]);
  });
});
