import { describe, expect, it } from 'vitest';
import { Dense, Dropout } from '../../../runtime/index.ts';
import { LayerNames, sessionLayerNames } from '../../../runtime/engine/layer-names.ts';

describe('LayerNames', () => {
  it('numbers each class from 1, in snake_case', () => {
    const names = new LayerNames();
    expect(['Dense', 'Dropout', 'Dense', 'SimpleRNN', 'Convolution2D'].map((className) => names.next(className))).toEqual(['dense_1', 'dropout_1', 'dense_2', 'simple_rnn_1', 'convolution2d_1']);
  });

  it('names the runtime layers made without a name from the session, one count per class for the process', () => {
    const next = Number(sessionLayerNames.next('Dense').split('_').at(-1)) + 1;
    expect(new Dense(2).name).toBe(`dense_${next}`);
    expect(new Dense(2).name).toBe(`dense_${next + 1}`);
    expect(new Dense(2, { name: 'head' }).name).toBe('head');
    expect(new Dense(2).name).toBe(`dense_${next + 2}`);
    expect(new Dropout(0.5).name).toMatch(/^dropout_\d+$/);
  });
});
