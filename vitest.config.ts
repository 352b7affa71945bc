import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Interop tests create network namespaces with fixed names; running files in parallel
    // is fine because each test file owns a distinct name prefix.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
