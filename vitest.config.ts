import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // yeoman-test changes the working directory, which worker threads cannot do.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
