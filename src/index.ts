// Public entry point of the beval package: what eval.config.ts and programmatic users import.
export { defineConfig } from './config/define-config.ts';
export type { EvalConfig, ModelConfig, TargetConfig, QuotaConfig, ModelPricing } from './config/types.ts';
export type { Score, ScoreInput, Scorer } from './scorers/types.ts';
export type { SuiteRecord } from './suite/types.ts';
export { main } from './cli/main.ts';
export { startEmulator } from './emulator/index.ts';
