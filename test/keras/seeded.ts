/** The random source of the random-model generators (random-models.ts, random-kf.ts): mulberry32, small, seeded, good enough to pick layers. */
export function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}

/** The activations both generators pick from. */
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear', 'softplus', 'softsign'];
