/**
 * The .kf writer of `keraflow import` (compiler/import/kf-source.ts) on
 * names Keras allows and .kf does not take as they are: keywords, dashes, a
 * leading digit, a shared layer whose name is also an output's. The source
 * it writes (formatted) checks without a diagnostic and keeps every layer's
 * own name, so that the weights saved beside it find their layers.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../compiler/index.ts';
import { format } from '../../compiler/format/format.ts';
import { kfSource } from '../../compiler/import/kf-source.ts';
import { Dense, ElementWiseSum, Input, Model } from '../../runtime/node.ts';
import { layers as kerasLayers } from '../../runtime/keras/index.ts';
import { kerasArchive } from '../../runtime/saving/keras-archive.ts';
import { modelFromKerasArchive } from '../../runtime/saving/keras-import.ts';

describe('kfSource: Keras names that are not .kf identifiers', () => {
  it('renames the identifiers, keeps the layer names, and the source checks', () => {
    const input = new Input([3], { name: 'input' });
    const other = new Input([3], { name: '2nd-input' });
    const shared = new Dense(4, { name: 'output', activation: 'relu' });
    const sum = new ElementWiseSum({ name: 'loss' }).apply([shared.apply(input), shared.apply(other)]);
    const model = new Model([input, other], new Dense(2, { name: 'my-layer' }).apply(sum), { name: 'my model' });
    const text = format(kfSource(model, { weights: 'model.safetensors' })).text;
    expect(text).toBe(`model my_model {
  input input_2: [3]
  input _2nd_input: [3]

  layer output_2 = Dense(4, activation=relu, name="output")

  output_2_1 = output_2(input_2)
  output_2_2 = output_2(_2nd_input)
  output my_layer = ElementWiseSum(name="loss")([output_2_1, output_2_2]) -> Dense(2, name="my-layer")

  # The Keras model was not compiled: each loss follows its output's activation (change it to fit the data).
  loss = mse
  train { weights = "model.safetensors" }
}
`);
    const checked = check({ fileName: 'model.kf', text });
    expect(checked.diagnostics).toEqual([]);
    const [checkedModel] = checked.models;
    expect(checkedModel.layers.map((layer) => layer.name).sort()).toEqual(['loss', 'my-layer', 'output']);
  });
});

describe('kfSource: masking, noise and the Keras 3 layers Keraflow lacks', () => {
  it("writes a Masking, the noise layers and a PReLU of an imported model in Keraflow's dialect, and the source checks", async () => {
    const steps = new Input([5, 2], { name: 'steps' });
    const scaled = new Dense(2, { name: 'project' }).apply(steps);
    const masked = new kerasLayers.Masking({ maskValue: -1, name: 'padding' }).apply(scaled);
    const noisy = new kerasLayers.GaussianNoise(0.1, { name: 'noise' }).apply(new kerasLayers.SpatialDropout1D(0.2, { name: 'drop' }).apply(masked));
    const output = new kerasLayers.PReLU({ sharedAxes: [1], name: 'slopes' }).apply(new kerasLayers.LSTM(3, { returnSequences: true, name: 'memory' }).apply(noisy));
    const imported = await modelFromKerasArchive(await kerasArchive(new Model(steps, output, { name: 'masked' })), 'masked.keras');
    const text = format(kfSource(imported)).text;
    expect(text).toContain('Masking(mask_value=-1, name="padding")');
    expect(text).toContain('SpatialDropout1D(0.2, name="drop")');
    expect(text).toContain('GaussianNoise(0.1, name="noise")');
    expect(text).toContain('PReLU(shared_axes=[0], name="slopes")');
    expect(check({ fileName: 'masked.kf', text }).diagnostics).toEqual([]);
  });

  it('a layer only the Keras dialect has (Rescaling) makes a `use keras` file: its Keraflow layers under their Keras names and arguments, and the source checks', async () => {
    const x = new Input([3], { name: 'x' });
    const hidden = new Dense(4, { activation: 'tanh', init: 'he_normal', bias: false, name: 'hidden' }).apply(x);
    const imported = await modelFromKerasArchive(await kerasArchive(new Model(x, new kerasLayers.Rescaling(0.5, { name: 'halve' }).apply(hidden), { name: 'scaled' })), 'r.keras');
    const text = format(kfSource(imported)).text;
    expect(text).toBe(`use keras
model scaled {
  input x: [3]

  output halve = x ->
    Dense(4, activation=tanh, use_bias=false, kernel_initializer=he_normal, name="hidden") ->
    Rescaling(0.5, name="halve")

  # The Keras model was not compiled: each loss follows its output's activation (change it to fit the data).
  loss = mse
}
`);
    const checked = check({ fileName: 'scaled.kf', text });
    expect(checked.diagnostics).toEqual([]);
    expect(checked.models[0].layers.map((layer) => layer.name).sort()).toEqual(['halve', 'hidden']);
  });

  it('a Keraflow setting the Keras dialect has no name for (orthogonal with gain 1.1) is written as its Keras object, in a `use keras` file that checks', async () => {
    const x = new Input([3], { name: 'x' });
    const turned = new Dense(3, { init: 'orthogonal', name: 'turned' }).apply(x);
    const imported = await modelFromKerasArchive(await kerasArchive(new Model(x, new kerasLayers.Rescaling(0.5, { name: 'halve' }).apply(turned))), 'r.keras');
    const text = format(kfSource(imported)).text;
    expect(text).toContain('Dense(3, kernel_initializer=Orthogonal(gain=1.1), name="turned")');
    expect(check({ fileName: 'turned.kf', text }).diagnostics).toEqual([]);
  });
});
