// The IAM and Service Quotas packages load only when doctor asks for their clients: the modules every command that
// opens a target loads (pipeline/target, aws/preflight, aws/check-clients) import neither, so start-up does not grow.
// Checked in a child process on the built dist/, with a resolve hook that records what Node loads.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

it('opening a target and running the cheap pre-flight load neither package; asking for the clients loads both', () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beval-lazy-'));
  const log = path.join(dir, 'loaded.txt');
  fs.writeFileSync(path.join(dir, 'hooks.mjs'), `import fs from 'node:fs';
export async function resolve(spec, ctx, next) {
  const r = await next(spec, ctx);
  const m = /node_modules\\/(@aws-sdk\\/client-(?:iam|service-quotas))\\//.exec(r.url);
  if (m) fs.appendFileSync(${JSON.stringify(log)}, m[1] + '\\n');
  return r;
}
`);
  const url = (p: string) => pathToFileURL(path.join(DIST, p)).href;
  fs.writeFileSync(path.join(dir, 'main.mjs'), `import { register } from 'node:module';
import fs from 'node:fs';
register('./hooks.mjs', import.meta.url);
const seen = () => (fs.existsSync(${JSON.stringify(log)}) ? [...new Set(fs.readFileSync(${JSON.stringify(log)}, 'utf8').split('\\n').filter(Boolean))].sort() : []);
await import(${JSON.stringify(url('pipeline/target.js'))});
await import(${JSON.stringify(url('aws/preflight.js'))});
const { lazyCheckClients } = await import(${JSON.stringify(url('aws/check-clients.js'))});
const before = seen();
const clients = lazyCheckClients({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', local: true });
await clients.iam();
await clients.serviceQuotas();
clients.destroy();
console.log(JSON.stringify({ before, after: seen() }));
`);
  const r = spawnSync(process.execPath, [path.join(dir, 'main.mjs')], { encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ before: [], after: ['@aws-sdk/client-iam', '@aws-sdk/client-service-quotas'] });
});
