/**
 * A saved model is all or nothing: a process killed (SIGKILL) at any write
 * or rename of a save leaves the old model or the new one, whole, and the
 * next save clears what the killed one left behind.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dense, Input, Model } from '../../../runtime/node.ts';
import { temporaryFolder } from './helpers.ts';

const folder = temporaryFolder();
const fixture = path.join(import.meta.dirname, 'fixtures/save-and-die.ts');

/** The weights of a model, by parameter, as plain arrays. */
async function weightsOf(model: Model): Promise<Record<string, readonly number[]>> {
  const entries = await Promise.all(model.parameters().map(async ({ layer, name, variable }) => [`${layer.name}/${name}`, [...(await variable.data())]] as const));
  return Object.fromEntries(entries);
}

describe('a save killed at any step', () => {
  it('leaves the old model or the new one, whole; the next save leaves no temporary file', async () => {
    const template = folder();
    const input = new Input([2], { name: 'x' });
    const old = new Model(input, new Dense(3, { name: 'd' }).apply(input), { name: 'old' });
    await old.saveToFile(path.join(template, 'model.json'), path.join(template, 'model.safetensors'));
    const oldWeights = await weightsOf(old);

    const outcomes: string[] = [];
    for (let step = 0; step < 20; step++) {
      const directory = folder();
      for (const name of fs.readdirSync(template)) fs.copyFileSync(path.join(template, name), path.join(directory, name));
      const child = spawnSync(process.execPath, ['--import', 'tsx', fixture, directory, String(step)], {
        encoding: 'utf8',
        env: { ...process.env, KERAFLOW_BACKEND: 'cpu' },
      });
      const finished = child.status === 0;
      if (!finished) expect(child.signal, `${child.stdout}${child.stderr}`).toBe('SIGKILL');

      const loaded = await Model.loadFromFile(path.join(directory, 'model.json'), path.join(directory, 'model.safetensors'));
      if (loaded.name === 'old') {
        expect(await weightsOf(loaded)).toEqual(oldWeights);
      } else {
        expect(loaded.name).toBe('new');
        expect(await weightsOf(loaded)).toEqual({ 'd/W': Array(10).fill(1), 'd/b': Array(5).fill(0) });
      }
      outcomes.push(`${child.stdout.trim() || 'finished'}: ${loaded.name}`);

      // The next save clears what the killed one left, and still pairs the files.
      await old.saveToFile(path.join(directory, 'model.json'), path.join(directory, 'model.safetensors'), { overwrite: true });
      expect(fs.readdirSync(directory).sort()).toEqual(['model.json', 'model.safetensors']);
      expect((await Model.loadFromFile(path.join(directory, 'model.json'), path.join(directory, 'model.safetensors'))).name).toBe('old');
      if (process.env.SHOW_MESSAGES) console.log(outcomes.at(-1));
      if (finished) break;
    }
    // Killed at each step (the staged weights, the architecture: the switch, the weights into place), then a whole save.
    expect(outcomes.length).toBeGreaterThanOrEqual(6);
    expect(outcomes.at(-1)).toBe('finished: new');
    expect(outcomes.filter((outcome) => outcome.endsWith(': old')).length).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => outcome.startsWith('killed') && outcome.endsWith(': new')).length).toBeGreaterThan(0);
  }, 600_000);
});
