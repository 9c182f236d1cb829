import { afterEach, describe, expect, it } from 'vitest';
import { Dense, Input, Model } from '../../../runtime/index.ts';
import { output } from '../../../runtime/training/fit.ts';
import { formatDuration, formatValue, ProgressBar, REDRAW_INTERVAL } from '../../../runtime/training/progress.ts';

class FakeStream {
  text = '';
  constructor(
    readonly isTTY: boolean,
    readonly columns = 200,
  ) {}
  write(text: string) {
    this.text += text;
    return true;
  }
}

const original = output.stream;
afterEach(() => {
  output.stream = original;
});

describe('the progress bar', () => {
  it('on a terminal: an epoch header, a bar redrawn in place, a final line with the time and all values', () => {
    const stream = new FakeStream(true);
    let now = 0;
    const bar = new ProgressBar(stream, 1, 3, 100, () => now);
    bar.epochBegin(0);
    expect(bar.due()).toBe(true);
    now = 1000;
    bar.update(25, { loss: 0.5, acc: 0.25 });
    expect(bar.due()).toBe(false);
    now += REDRAW_INTERVAL;
    expect(bar.due()).toBe(true);
    now = 4000;
    bar.epochEnd(0, { loss: 0.25, acc: 0.5, val_loss: 0.00012 });
    expect(stream.text).toBe(
      'Epoch 1/3\n' +
        '\r 25/100 [=======>......................] - 1.0s - ETA: 3.0s - loss: 0.5000 - acc: 0.2500\x1b[K' +
        '\r100/100 [==============================] - 4.0s 40ms/sample - loss: 0.2500 - acc: 0.5000 - val_loss: 1.2000e-4\x1b[K\n',
    );
  });

  it('long lines are cut to the terminal width', () => {
    const stream = new FakeStream(true, 40);
    const bar = new ProgressBar(stream, 1, 1, 10, () => 0);
    bar.epochBegin(0);
    bar.update(5, { loss: 1, some_long_metric_name: 2 });
    const line = stream.text.split('\r')[1].replace('\x1b[K', '');
    expect(line.length).toBe(39);
  });

  it('not a terminal, or verbose 2: one plain line per epoch', () => {
    for (const [tty, verbose] of [
      [false, 1],
      [true, 2],
    ] as const) {
      const stream = new FakeStream(tty);
      let now = 0;
      const bar = new ProgressBar(stream, verbose, 2, 10, () => now);
      bar.epochBegin(1);
      expect(bar.due()).toBe(false);
      bar.update(5, { loss: 1 });
      now = 65_000;
      bar.epochEnd(1, { loss: 0.125 });
      expect(stream.text).toBe('Epoch 2/2 - 10 samples - 1:05 6.5s/sample - loss: 0.1250\n');
    }
  });

  it('formats values and durations as Keras', () => {
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(0)).toBe('0.0000');
    expect(formatValue(-0.00005)).toBe('-5.0000e-5');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatDuration(0.25)).toBe('0.25s');
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});

describe('fit verbosity', () => {
  const model = () => {
    const input = new Input([1]);
    const m = new Model(input, new Dense(1).apply(input));
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    return m;
  };

  it('verbose 0 prints nothing', async () => {
    const stream = new FakeStream(true);
    output.stream = stream;
    await model().fit([[1], [2]], [[1], [2]], { epochs: 2, verbose: 0 });
    expect(stream.text).toBe('');
  });

  it('verbose 1 without a terminal: a line per epoch with the validation values', async () => {
    const stream = new FakeStream(false);
    output.stream = stream;
    await model().fit([[1], [2], [3], [4]], [[1], [2], [3], [4]], { epochs: 2, verbose: 1, validationSplit: 0.5 });
    const lines = stream.text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Epoch 2\/2 - 2 samples - \S+ \S+\/sample - loss: \S+ - mae: \S+ - val_loss: \S+ - val_mae: \S+$/);
  });

  it('verbose 1 on a terminal: a bar per epoch', async () => {
    const stream = new FakeStream(true);
    output.stream = stream;
    await model().fit([[1], [2], [3]], [[1], [2], [3]], { epochs: 2, batchSize: 1, verbose: 1 });
    expect(stream.text.match(/Epoch \d\/2\n/g)).toEqual(['Epoch 1/2\n', 'Epoch 2/2\n']);
    expect(stream.text).toMatch(/\r3\/3 \[={30}\] - \S+ \S+\/sample - loss: \S+ - mae: \S+\x1b\[K\n$/);
  });
});
