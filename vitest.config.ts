import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests run on the plain-JS backend unless a suite asks for another.
    env: { KERAFLOW_BACKEND: process.env.KERAFLOW_BACKEND ?? 'cpu' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
