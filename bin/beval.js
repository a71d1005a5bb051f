#!/usr/bin/env node
// Development entry: runs the TypeScript source through tsx's loader, no build needed (`npm run beval -- <command>`,
// and the crash-drill tests that spawn the CLI). The package's `bin` is the compiled dist/cli/bin.js.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../src/cli/bin.ts');
