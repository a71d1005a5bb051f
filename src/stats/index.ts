// Public surface of the statistics module.
export { wilson, newcombePairedCI, bootstrapMeanCI, pairedBootstrapDiffCI, percentile, sortedQuantile } from './intervals.ts';
export type { BootstrapOptions, PairedCounts } from './intervals.ts';
export { mcnemarExact, holm } from './tests.ts';
export { summariseMetric, compareModels, applyHolm, verdictOf, ALPHA, MIN_PAIRED_CONTINUOUS } from './compare.ts';
export type { CompareInput } from './compare.ts';
export { mulberry32, deriveSeed } from './random.ts';
export { normalQuantile, binomialHalfCdf, logGamma } from './distributions.ts';
