// defineConfig: an identity function whose only job is to give eval.config.ts types and editor help.
import type { EvalConfig } from '../types/config.ts';

export function defineConfig(config: EvalConfig): EvalConfig {
  return config;
}
