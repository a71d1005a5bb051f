#!/usr/bin/env node
// `npm run bench`: registers tsx (no build step) and runs the bench entry.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../bench/main.ts');
