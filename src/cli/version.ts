// `beval --version`: beval's own version, Node's, and the AWS SDK packages beval talks to Bedrock and S3 through,
// read from their package.json files (never by importing the SDK: --version must start as fast as `node -e 0`).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const SDK_PACKAGES = ['@aws-sdk/client-bedrock', '@aws-sdk/client-bedrock-runtime', '@aws-sdk/client-s3'] as const;

/** The nearest package.json at or above `from` whose name is `name`. */
function packageJsonAbove(from: string, name: string): { version?: string } | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

export interface Versions {
  beval: string;
  node: string;
  /** Package name → installed version ('not installed' when it cannot be resolved). */
  sdk: Record<string, string>;
}

export function versions(): Versions {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const require = createRequire(import.meta.url);
  const sdk: Record<string, string> = {};
  for (const name of SDK_PACKAGES) {
    let version: string | undefined;
    try {
      // The package's own entry file (its exports map hides package.json), then up to its package.json.
      version = packageJsonAbove(path.dirname(require.resolve(name)), name)?.version;
    } catch {
      version = undefined;
    }
    sdk[name] = version ?? 'not installed';
  }
  return { beval: packageJsonAbove(here, 'beval')?.version ?? 'unknown', node: process.version, sdk };
}

export function versionText(v: Versions): string {
  return [`beval ${v.beval}`, `node ${v.node}`, ...Object.entries(v.sdk).map(([name, version]) => `${name} ${version}`)].join('\n');
}
