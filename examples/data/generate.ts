/**
 * The generated data sets the examples train on, each a JSON file of
 * `{x, y}` (dicts by input/output name for several channels), made from a
 * fixed seed so that the committed files are reproducible:
 *
 *   npx tsx examples/data/generate.ts      # rewrites the .json files here
 *
 * - siamese.json (siamese.kf): pairs of noisy copies of 8 prototype
 *   vectors; `same` says whether both come from one prototype, `seen`
 *   which prototypes the pair shows (multi-hot).
 * - multi_io.json (multi_io.kf): measurements and tags in; a score
 *   (regression), a kind (one of 3) and an alert (yes/no) out.
 * - sequences.json (sequence_lstm.kf): token sequences of 6 to 20 tokens
 *   (1–9), padded with 0 to 20; the label is which of the tokens 1, 2, 3
 *   occurs most often (always one of them, strictly).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../runtime/datasets/random.ts';

/** Three decimals are plenty, and keep the files small. */
const round = (value: number) => Math.round(value * 1000) / 1000;

function gaussian(random: () => number): number {
  // Box–Muller; 1 - random() is never 0.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function siameseData(count = 1200, seed = 11) {
  const random = seededRandom(seed);
  const size = 16;
  const prototypeCount = 8;
  const prototypes = Array.from({ length: prototypeCount }, () => Array.from({ length: size }, () => (random() < 0.5 ? -1 : 1)));
  const noisy = (prototype: number[]) => prototype.map((value) => round(value + gaussian(random)));
  const x = { left: [] as number[][], right: [] as number[][] };
  const y = { same: [] as number[][], seen: [] as number[][] };
  for (let sample = 0; sample < count; sample++) {
    const a = Math.floor(random() * prototypeCount);
    // Half the pairs show one prototype twice.
    const b = sample % 2 === 0 ? a : (a + 1 + Math.floor(random() * (prototypeCount - 1))) % prototypeCount;
    x.left.push(noisy(prototypes[a]));
    x.right.push(noisy(prototypes[b]));
    y.same.push([a === b ? 1 : 0]);
    y.seen.push(Array.from({ length: prototypeCount }, (_, p) => (p === a || p === b ? 1 : 0)));
  }
  return { x, y };
}

export function multiIoData(count = 1500, seed = 12) {
  const random = seededRandom(seed);
  const x = { measurements: [] as number[][], tags: [] as number[][] };
  const y = { score: [] as number[][], kind: [] as number[][], alert: [] as number[][] };
  for (let sample = 0; sample < count; sample++) {
    const m = Array.from({ length: 6 }, () => round(2 * random() - 1));
    const t = Array.from({ length: 4 }, () => (random() < 0.5 ? 0 : 1));
    const votes = [0, 1, 2].map((k) => m[k] + t[k]);
    const kind = votes.indexOf(Math.max(...votes));
    x.measurements.push(m);
    x.tags.push(t);
    y.score.push([round(m[0] + m[1] + m[2] - m[3] + 0.5 * (t[0] + t[1] + t[2] + t[3]))]);
    y.kind.push([0, 1, 2].map((k) => (k === kind ? 1 : 0)));
    y.alert.push([m[4] > 0 !== (t[3] === 1) ? 1 : 0]);
  }
  return { x, y };
}

export function sequenceData(count = 2000, seed = 13, length = 20) {
  const random = seededRandom(seed);
  const x: number[][] = [];
  const y: number[][] = [];
  while (x.length < count) {
    const size = 6 + Math.floor(random() * (length - 5));
    const tokens = Array.from({ length: size }, () => 1 + Math.floor(random() * 9));
    const counts = [1, 2, 3].map((token) => tokens.filter((t) => t === token).length);
    const most = Math.max(...counts);
    if (counts.filter((c) => c === most).length > 1) continue; // ties (and none of 1, 2, 3 at all) have no answer
    x.push([...tokens, ...Array.from({ length: length - size }, () => 0)]);
    y.push(counts.map((c) => (c === most ? 1 : 0)));
  }
  return { x, y };
}

/** The files, as `generate.ts` writes them (one sample per line, so that diffs stay readable). */
export function dataFiles(): Record<string, string> {
  return {
    'siamese.json': toJson(siameseData()),
    'multi_io.json': toJson(multiIoData()),
    'sequences.json': toJson(sequenceData()),
  };
}

function toJson(data: { x: unknown; y: unknown }): string {
  const channel = (value: unknown) => `[\n${(value as unknown[]).map((row) => `  ${JSON.stringify(row)}`).join(',\n')}\n]`;
  const part = (value: unknown) =>
    Array.isArray(value)
      ? channel(value)
      : `{\n${Object.entries(value as Record<string, unknown>)
          .map(([name, rows]) => `${JSON.stringify(name)}: ${channel(rows)}`)
          .join(',\n')}\n}`;
  return `{\n"x": ${part(data.x)},\n"y": ${part(data.y)}\n}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, text] of Object.entries(dataFiles())) writeFileSync(join(import.meta.dirname, name), text);
}
