// The AWS SDK packages beval depends on load together in one process and share one copy of each @aws-sdk/@smithy
// package: a second copy would mean two credential chains, two middleware stacks and double the start-up. A duplicate
// is accepted only where the SDK's own exact pins leave npm no choice.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const SDK = Object.keys(pkg.dependencies).filter((n) => n.startsWith('@aws-sdk/'));

describe('AWS SDK packages', () => {
  it('are pinned exactly', () => {
    expect(SDK.length).toBeGreaterThanOrEqual(3);
    expect(SDK).toEqual(expect.arrayContaining(['@aws-sdk/client-iam', '@aws-sdk/client-service-quotas']));
    for (const name of SDK) expect(pkg.dependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('load together and construct their clients in one process', async () => {
    const { BedrockClient, ListModelInvocationJobsCommand } = await import('@aws-sdk/client-bedrock');
    const { BedrockRuntimeClient } = await import('@aws-sdk/client-bedrock-runtime');
    const { S3Client } = await import('@aws-sdk/client-s3');
    const { STSClient } = await import('@aws-sdk/client-sts');
    const { Upload } = await import('@aws-sdk/lib-storage');
    // Loaded only by `beval doctor` (src/aws/check-clients.ts), but in the same process as the others.
    const { IAMClient } = await import('@aws-sdk/client-iam');
    const { ServiceQuotasClient } = await import('@aws-sdk/client-service-quotas');
    const options = { region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
    const clients = [new BedrockClient(options), new BedrockRuntimeClient(options), new S3Client(options), new STSClient(options), new IAMClient(options), new ServiceQuotasClient(options)];
    for (const c of clients) expect(await c.config.region()).toBe('us-east-1');
    expect(typeof Upload).toBe('function');
    expect(new ListModelInvocationJobsCommand({}).input).toEqual({});
    for (const c of clients) c.destroy();
  });

  it('resolve the shared @smithy and @aws-sdk packages to one copy', () => {
    // Node's lookup: the nearest node_modules/<dep> at or above the package's own folder.
    const where = (from: string, dep: string): string | undefined => {
      for (let dir = from; dir.startsWith(path.resolve(ROOT)); dir = path.dirname(dir)) {
        const candidate = path.join(dir, 'node_modules', dep);
        if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
      }
      return undefined;
    };
    const shared = ['@smithy/core', '@smithy/smithy-client', '@smithy/types', '@smithy/middleware-stack', '@aws-sdk/core', '@aws-sdk/credential-provider-node']
      .filter((dep) => fs.existsSync(path.join(ROOT, 'node_modules', dep, 'package.json')));
    expect(shared.length).toBeGreaterThanOrEqual(3);
    for (const dep of shared) {
      const copies = new Set(SDK.map((name) => where(path.join(ROOT, 'node_modules', name), dep)));
      expect({ dep, copies: [...copies] }).toEqual({ dep, copies: [path.join(ROOT, 'node_modules', dep)] });
    }
  });

  it('hold no second copy of an @aws-sdk or @smithy package that npm could have shared', () => {
    const versions = new Map<string, Set<string>>();
    for (const [key, entry] of Object.entries(lock.packages)) {
      const m = /node_modules\/(@(?:aws-sdk|smithy)\/[^/]+)$/.exec(key);
      if (m && entry.version) versions.set(m[1]!, (versions.get(m[1]!) ?? new Set()).add(entry.version));
    }
    const unavoidable: string[] = [];
    for (const [name, vs] of versions) {
      if (vs.size === 1) continue;
      // Every dependent pins an exact version, and they disagree: no single copy satisfies them all.
      const specs = Object.values(lock.packages).map((e) => e.dependencies?.[name]).filter((s): s is string => s !== undefined);
      expect({ name, specs: specs.filter((s) => !/^\d+\.\d+\.\d+$/.test(s)) }).toEqual({ name, specs: [] });
      expect(new Set(specs).size).toBeGreaterThan(1);
      unavoidable.push(name);
    }
    // Today: @aws-sdk/credential-provider-sso pins token-providers one release behind the Bedrock clients' pin.
    expect(unavoidable.length).toBeLessThanOrEqual(1);
  });
});
