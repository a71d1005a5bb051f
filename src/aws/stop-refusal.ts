// Reading Bedrock's refusal of a StopModelInvocationJob. Apart from batch-port.ts so that src/run/cancel.ts, which
// `beval score` and `beval gate` load with the collect command's module, does not load the AWS SDK with it.

/** The job state a Stop refusal names ("… State was: Validating"), if it names one. */
export function stateWas(message: string): string | undefined {
  return /State was:?\s*([A-Za-z]+)/i.exec(message)?.[1];
}
