// Public entry point of the beval package: what eval.config.ts and programmatic users import.
export { defineConfig } from './config/define-config.ts';
export type { EvalConfig, ModelConfig, TargetConfig, QuotaConfig } from './types/config.ts';
export type { ModelPricing } from './types/pricing.ts';
export type { Score, ScoreInput, Scorer } from './types/scorer.ts';
export type { SuiteRecord } from './types/suite.ts';

// eval.config.ts imports defineConfig from here on every command: main and startEmulator load their modules (the CLI,
// the emulator) only when called, so importing beval stays cheap.
export async function main(...args: Parameters<typeof import('./cli/main.ts').main>): ReturnType<typeof import('./cli/main.ts').main> {
  return (await import('./cli/main.ts')).main(...args);
}
export async function startEmulator(...args: Parameters<typeof import('./emulator/index.ts').startEmulator>): ReturnType<typeof import('./emulator/index.ts').startEmulator> {
  return (await import('./emulator/index.ts')).startEmulator(...args);
}
export type { CliIo } from './cli/io.ts';
export type { EmulatorOptions, RunningEmulator } from './emulator/index.ts';
