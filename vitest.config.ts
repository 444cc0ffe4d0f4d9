import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/shared-env.ts'],
    globalSetup: ['test/support/temp-root.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    // QEMU and podman tests each want a core; two cores on CI.
    maxWorkers: 2,
  },
});
