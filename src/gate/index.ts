// Public surface of the regression gate.
export { evaluateGate, gateExitCode, overall, answeredShareOf, DEFAULT_COVERAGE_TOLERANCE } from './evaluate.ts';
export type { GateInput, GateResult } from './evaluate.ts';
export { simulateGate } from './simulate.ts';
export type { SimulateOptions, SimulateResult } from './simulate.ts';
export type { GateConfig, GateRule, GateVerdict } from '../types/gate.ts';
