/** A compiled model's training config as data (training.json of a saved model), and back. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Dense, Input, Model, SGD, KeraflowError } from '../../../runtime/index.ts';
import { compileFromTrainingConfig, describeTrainingConfig } from '../../../runtime/training/training-config.ts';

function twoOutputs() {
  const input = new Input([2]);
  return new Model(input, [new Dense(1, { name: 'a' }).apply(input), new Dense(3, { name: 'b', activation: 'softmax' }).apply(input)]);
}

describe('training config', () => {
  it('writes the optimizer (class and the arguments given, snake_case), the loss and the metrics as given', () => {
    const model = twoOutputs();
    model.compile({ optimizer: new SGD({ lr: 0.05, momentum: 0.9, nesterov: true }), loss: { a: 'mse', b: 'categorical_crossentropy' }, metrics: { b: ['acc'] } });
    expect(describeTrainingConfig(model)).toEqual({
      config: {
        optimizer: { class_name: 'SGD', config: { lr: 0.05, momentum: 0.9, nesterov: true } },
        loss: { a: 'mse', b: 'categorical_crossentropy' },
        metrics: { b: ['acc'] },
      },
    });
  });

  it('compiles another model the same way from it', () => {
    const model = twoOutputs();
    model.compile({ optimizer: 'adam', loss: ['mean_squared_error', 'kld'], metrics: [[], ['acc', 'cosine']] });
    const { config } = describeTrainingConfig(model) as { config: unknown };
    const again = twoOutputs();
    compileFromTrainingConfig(again, JSON.parse(JSON.stringify(config)), 'training.json');
    expect(again.metricsNames).toEqual(model.metricsNames);
    expect(again.optimizer!.className).toBe('Adam');
    expect(again.optimizer!.lr).toBe(model.optimizer!.lr);
  });

  it('a function cannot be written: there is none, and the reason names it', () => {
    const input = new Input([1]);
    const model = new Model(input, new Dense(1).apply(input));
    model.compile({
      optimizer: 'sgd',
      loss: function halfSquare(yTrue: tf.Tensor, yPred: tf.Tensor) {
        return tf.div(tf.square(tf.sub(yPred, yTrue)), 2);
      },
    });
    expect(describeTrainingConfig(model)).toEqual({ reason: 'its loss uses the function halfSquare, which a file cannot hold' });
    expect(describeTrainingConfig(new Model(input, new Dense(1).apply(input)))).toEqual({ reason: expect.stringMatching(/was not compiled$/) });
  });

  it('a bad config is a KeraflowError naming the file', () => {
    const model = twoOutputs();
    const errorOf = (document: unknown) => {
      try {
        compileFromTrainingConfig(model, document, 'saved/training.json');
      } catch (error) {
        expect(error).toBeInstanceOf(KeraflowError);
        return (error as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(errorOf([1])).toBe('saved/training.json: a training config must be an object {"optimizer": ..., "loss": ..., "metrics": ...}, but is [1]');
    expect(errorOf({ optimizer: 'sgd' })).toBe('saved/training.json: the training config has no "loss"');
    expect(errorOf({ optimizer: 'sgd', loss: ['mse', 'mse'], metric: ['acc'] })).toBe('saved/training.json: a training config has no "metric" (keys: optimizer, loss, metrics, loss_weights)');
    expect(errorOf({ optimizer: { class_name: 'Adamm' }, loss: ['mse', 'mse'] })).toMatch(/^saved\/training.json: unknown optimizer "Adamm".*did you mean 'Adam'/);
    expect(errorOf({ optimizer: 'sgd', loss: 'mse' })).toMatch(/^saved\/training.json: .*loss has no objective for output 'b'/);
  });
});
