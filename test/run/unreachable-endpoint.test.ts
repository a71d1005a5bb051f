// An endpoint that stops answering mid-run (a `beval emulator` that died, a VPN that dropped): polling gives up after
// polling.unreachableMs with the reason and a resume command, instead of retrying a closed port for ever; the resume
// then finishes the run once the endpoint is back.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

let emu: RunningEmulator | undefined;
let project: TempProject | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  project?.cleanup();
  project = undefined;
});

describe('polling an endpoint that stopped answering', () => {
  it('stops after polling.unreachableMs with exit 1, the connection error and the resume command; the ledger keeps the job', async () => {
    const dataDir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'beval-unreach-'));
    // Slow jobs: the job is still queued when the emulator goes away.
    emu = await startEmulator({ dataDir, timing: { stepMs: 60_000, recordsPerSecond: 1 } });
    project = tempProject({
      models: [{ id: 'beval.arith-v1', label: 'arith' }],
      target: { kind: 'emulator', endpoint: emu.endpoint },
      polling: { initialMs: 50, maxMs: 200, unreachableMs: 1_000 },
    }, arithmeticSuite(100));
    const submitted = captureIo(project.dir);
    expect(await main(['submit', '--yes', '-c', project.config], submitted)).toBe(0);
    const runId = /^(\d{8}-\d{6}-[0-9a-z]{4})$/m.exec(submitted.out())![1]!;
    await emu.close();
    emu = undefined;

    const io = captureIo(project.dir);
    const code = await main(['collect', runId, '-c', project.config], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/Could not reach the Bedrock endpoint for \d+ s \(.*ECONNREFUSED/);
    expect(io.err()).toContain(`beval collect ${runId} --config ${project.config}`);
    const ledger = JSON.parse(fs.readFileSync(path.join(project.dir, 'reports', runId, 'ledger.json'), 'utf8')) as { models: { shards: { jobArn?: string }[] }[] };
    expect(ledger.models[0]!.shards[0]!.jobArn).toMatch(/^arn:aws:bedrock:/);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);
});
