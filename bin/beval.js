#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader: no build step, one code path.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../src/cli/bin.ts');
