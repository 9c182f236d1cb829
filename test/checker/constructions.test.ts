/**
 * check() records how it bound each constructor call (CheckedFile.constructions):
 * the spec and each argument node by the spec's name, positional and keyword
 * alike, so that emitters place arguments without binding again.
 */
import { describe, expect, it } from 'vitest';
import type * as ast from '../../grammar/ast.ts';
import { check } from '../../compiler/index.ts';

function bindings(text: string) {
  const result = check({ fileName: '/virtual/model.kf', text });
  const file = result.files[0];
  return [...file.constructions].map(([call, bound]) => ({
    callee: (call.callee as ast.Name).name,
    spec: bound.spec.className,
    arguments: [...bound.arguments].map(([name, argument]) => `${name}=${text.slice(argument.value.range.start.offset, argument.value.range.end.offset)}`),
  }));
}

describe('check() records each call as it bound it', () => {
  it('by spec name, positional and keyword alike, in the order written', () => {
    const found = bindings(`
block Scale(units: int, act = relu)(x) {
  return x -> Dense(units, activation=act)
}
model M {
  input x: [4]
  layer shared = Dense(activation=tanh, output_dim=3, name="d")
  output y = x -> shared -> Scale(act=sigmoid, units=2)
  loss = mse
  optimizer = SGD(momentum=0.5, lr=0.1)
}`);
    expect(found).toEqual([
      { callee: 'Dense', spec: 'Dense', arguments: ['outputDim=units', 'activation=act'] },
      { callee: 'Dense', spec: 'Dense', arguments: ['activation=tanh', 'outputDim=3', 'name="d"'] },
      { callee: 'Scale', spec: 'Scale', arguments: ['act=sigmoid', 'units=2'] },
      { callee: 'SGD', spec: 'SGD', arguments: ['momentum=0.5', 'lr=0.1'] },
    ]);
  });

  it('records Input calls whole, the shape with the rest, an Input heading a sequential included', () => {
    const found = bindings('sequential S {\n  Input(100)\n  Dense(2)\n}\nmodel M {\n  input x = Input(dtype=int32, shape=[3])\n  output y = x -> Embedding(5, 2) -> Flatten\n}\n');
    expect(found.filter((f) => f.callee === 'Input')).toEqual([
      { callee: 'Input', spec: 'Input', arguments: ['shape=100'] },
      { callee: 'Input', spec: 'Input', arguments: ['dtype=int32', 'shape=[3]'] },
    ]);
  });

  it('leaves out a call whose arguments do not bind', () => {
    const found = bindings('model M {\n  input x: [4]\n  output y = x -> Dense(3, units=4) -> Dense(2)\n  loss = mse\n}\n');
    expect(found.map((f) => f.arguments)).toEqual([['outputDim=2']]);
  });
});
