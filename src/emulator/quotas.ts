// The per-model batch quotas the emulator enforces: input size and record counts in Validating, unfinished jobs at Create.

/**
 * Limits a real account applies per model (bedrock-batch.md §5). AWS's defaults are unconfirmed; these are the values
 * the spec reports and beval's own `quotas` defaults use, so a sharding bug fails here as it would on AWS.
 */
export interface EmulatorQuotas {
  /** Records in all input files of one job. @default 50_000 */
  maxRecordsPerJob: number;
  /** Records in one input file. @default 50_000 */
  maxRecordsPerFile: number;
  /** Bytes of one input file. @default 1_000_000_000 */
  maxBytesPerFile: number;
  /** Bytes of all input files of one job. @default 5_000_000_000 */
  maxBytesPerJob: number;
  /**
   * Submitted + validating + scheduled + in-progress + stopping jobs per model; one more Create is refused. @default 20
   * (the default AWS's own awslabs documentation reports; accounts differ, one reports 100). A default this low makes
   * beval's quota-deferral path run in ordinary local runs instead of hiding behind a limit no test reaches.
   */
  maxConcurrentJobsPerModel: number;
}

export const DEFAULT_QUOTAS: EmulatorQuotas = {
  maxRecordsPerJob: 50_000,
  maxRecordsPerFile: 50_000,
  maxBytesPerFile: 1_000_000_000,
  maxBytesPerJob: 5_000_000_000,
  maxConcurrentJobsPerModel: 20,
};
