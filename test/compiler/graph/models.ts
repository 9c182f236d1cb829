/** The hand-built checked models the picture tests draw. */
import { floorDivideDims, subtractDims, symbol } from '../../../runtime/engine/dimension.ts';
import type { CheckedModel } from '../../../compiler/check/types.ts';
import { ModelBuilder } from './build-model.ts';

/**
 * Two sequences through one shared encoder block (a Conv1D, then a nested
 * sequential `Head` holding a Dense), their difference, and a score:
 *
 *   left, right: [batch, T, 16] -> encoder (twice) -> subtract -> score
 */
export function siameseModel(): CheckedModel {
  const T = symbol('T');
  const model = new ModelBuilder('Siamese');
  const left = model.input('left', [null, T, 16]);
  const right = model.input('right', [null, T, 16]);
  const encoder = model.layer('Encoder', 'encoder', { paramCount: 428 });
  const conv = model.layer('Conv1D', 'conv1d_1', { paramCount: 392, parent: encoder });
  const head = model.layer('Head', 'head', { paramCount: 36, parent: encoder });
  const dense = model.layer('Dense', 'dense_1', { paramCount: 36, parent: head });
  const encode = (input: number) => {
    const convolved = model.apply(conv, [input], [null, subtractDims(T, 2), 8]);
    return model.apply(dense, [convolved], [null, subtractDims(T, 2), 4]);
  };
  const encodedLeft = encode(left);
  const encodedRight = encode(right);
  const subtract = model.layer('Subtract', 'subtract_1', { paramCount: 0 });
  const difference = model.apply(subtract, [encodedLeft, encodedRight], [null, subtractDims(T, 2), 4]);
  const score = model.layer('Dense', 'score', { paramCount: 5 });
  model.output('same', model.apply(score, [difference], [null, subtractDims(T, 2), 1]));
  return model.model;
}

/**
 * A chain whose pooling is fed a rank it cannot take (KF302): everything
 * after it has an unknown shape. A failed block left a tensor no layer makes
 * (tensor 4), which a Flatten takes; `unused` is declared and never applied.
 */
export function brokenModel(): CheckedModel {
  const H = symbol('H');
  const model = new ModelBuilder('Broken');
  const image = model.input('image', [null, H, H, 3]);
  const conv = model.layer('Conv2D', 'conv2d_1', { paramCount: 448 });
  const features = model.apply(conv, [image], [null, subtractDims(H, 2), subtractDims(H, 2), 16]);
  const pool = model.layer('MaxPooling1D', 'max_pooling1d_1', { paramCount: 0 });
  const pooled = model.apply(pool, [features], undefined, ['KF302']);
  const dense = model.layer('Dense', 'dense_1');
  model.output('logits', model.apply(dense, [pooled], undefined));
  model.layer('Dense', 'unused');
  const lost = model.tensor(undefined);
  const flatten = model.layer('Flatten', 'flatten_1', { paramCount: 0 });
  model.output('other', model.apply(flatten, [lost], undefined));
  return model.model;
}

/** Floor division in a shape: `[batch, (H - 2) // 2, 8]`. */
export function pooledShapeModel(): CheckedModel {
  const H = symbol('H');
  const model = new ModelBuilder('Pooled');
  const signal = model.input('signal', [null, H, 8]);
  const pool = model.layer('MaxPooling1D', 'max_pooling1d_1', { paramCount: 0 });
  model.output('pooled', model.apply(pool, [signal], [null, floorDivideDims(subtractDims(H, 2), 2), 8]));
  return model.model;
}
