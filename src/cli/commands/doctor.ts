// `beval doctor`: read-only pre-flight for the config's target (a few seconds, no charges): identity, Region, bucket
// (Region, owner, default encryption), the role, each model ID, and which checks it could not make and why.
import { executionMode } from '../../run/plan.ts';
import { EXIT, type CliIo } from '../io.ts';
import { config, type CommonArgs } from './shared.ts';
import { checkLine, preflightInput } from '../preflight-run.ts';
import { outsideText } from '../../safe-text.ts';

export async function doctorCommand(io: CliIo, args: CommonArgs): Promise<number> {
  const cfg = await config(io, args);
  // Without reading the suite: batch unless the config says realtime (auto may go either way, so check the bucket).
  const needsBucket = cfg.mode !== 'realtime' || (cfg.judges?.length ?? 0) > 0 || executionMode(cfg, Number.MAX_SAFE_INTEGER) === 'batch';
  const target = await (await import('../../pipeline/target.ts')).openTarget(cfg, io.debug);
  try {
    io.stdout.write(`Checking ${target.describe} (read-only, no charges)\n`);
    const checks = await target.preflight(preflightInput(cfg, needsBucket, true));
    for (const c of checks) io.stdout.write(`${outsideText(checkLine(c))}\n`);
    const failed = checks.filter((c) => c.state === 'fail').length;
    io.stdout.write(failed ? `\n${failed} check(s) failed.\n` : '\nNo check failed.\n');
    return failed ? EXIT.error : EXIT.ok;
  } finally {
    await target.close();
  }
}
