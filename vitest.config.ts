import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/private-tmpdir.ts', 'test/setup/build-dist.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Emulator and browser tests bind loopback ports and spawn processes; two forks suit this 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
