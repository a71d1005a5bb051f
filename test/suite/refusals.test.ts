// Per-record refusals known in advance (issue 17, finding 5): `beval validate` refuses what the suite alone decides,
// `beval run` what the model decides (unless --yes), the emulator fails the same records with a 400, and fields whose
// batch support is unconfirmed are warned about.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSuiteText } from '../../src/suite/load-suite.ts';
import { processModelInput } from '../../src/emulator/record-processor.ts';
import { EMULATOR_MODELS } from '../../src/emulator/index.ts';
import { modelRuleProblems } from '../../src/run/model-rules.ts';
import { resolveConfig } from '../../src/config/resolve.ts';
import { main } from '../../src/cli/main.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';

const user = [{ role: 'user', content: [{ text: 'What is 1 + 1?' }] }];
const line = (modelInput: Record<string, unknown>, id = 'r1') => JSON.stringify({ recordId: id, modelInput: { messages: user, ...modelInput } });

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

const CASES: Array<[string, Record<string, unknown>, string, RegExp]> = [
  ['maxTokens outside the 32-bit range', { inferenceConfig: { maxTokens: 3_000_000_000 } }, 'modelInput.inferenceConfig.maxTokens', /outside the service's 32-bit integer range/],
  ['an empty stop sequence', { inferenceConfig: { stopSequences: ['END', ''] } }, 'modelInput.inferenceConfig.stopSequences', /empty string is not a stop sequence/],
  ['an image in the system prompt', { system: [{ image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }] }, 'modelInput.system[0].image', /only text, guardContent or cachePoint/],
  ['a toolUse block without toolConfig', { messages: [...user, { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'calc', input: {} } }] }, { role: 'user', content: [{ text: 'go on' }] }] }, 'modelInput.messages[1].content[0].toolUse', /need a toolConfig/],
];

describe('beval validate refuses records every model fails', () => {
  it.each(CASES)('%s, at file:line and field', (_name, modelInput, field, message) => {
    const { problems } = checkSuiteText(`${line({}, 'ok1')}\n${line(modelInput)}\n`, 'suite.jsonl');
    const p = problems.find((x) => x.field === field);
    expect(p).toMatchObject({ file: 'suite.jsonl', line: 2 });
    expect(p?.message).toMatch(message);
  });

  it.each(CASES)('and the emulator fails %s with a 400', (_name, modelInput) => {
    const r = processModelInput({ messages: user, ...modelInput }, EMULATOR_MODELS['beval.arith-v1'], 'batch');
    expect(r).toMatchObject({ ok: false, errorCode: 400 });
  });

  it('refuses a record nested deeper than the service\'s JSON parser accepts, naming where, and the emulator fails it with a 400', () => {
    const nest = (depth: number): unknown => {
      let v: unknown = 'leaf';
      for (let i = 0; i < depth; i++) v = { x: v };
      return v;
    };
    const deep = { additionalModelRequestFields: nest(1200) };
    const { problems } = checkSuiteText(`${line({}, 'ok1')}\n${line(deep)}\n`, 'suite.jsonl');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'suite.jsonl', line: 2 });
    expect(problems[0]!.field).toMatch(/^modelInput\.additionalModelRequestFields\.x\.x/);
    expect(problems[0]!.message).toMatch(/nested more than 1000 objects and arrays deep/);
    expect(processModelInput({ messages: user, ...deep }, EMULATOR_MODELS['beval.arith-v1'], 'batch')).toMatchObject({ ok: false, errorCode: 400 });
    // A structured-output schema a few dozen levels deep is ordinary and passes both.
    const fine = { additionalModelRequestFields: nest(60) };
    expect(checkSuiteText(`${line(fine)}\n`, 'suite.jsonl').problems).toEqual([]);
    expect(processModelInput({ messages: user, ...fine }, EMULATOR_MODELS['beval.arith-v1'], 'batch')).toMatchObject({ ok: true });
  });

  it('refuses a suite that is not valid UTF-8, naming the line, instead of sending U+FFFD', async () => {
    project = tempProject({ models: [{ id: 'beval.arith-v1' }] }, '');
    const file = path.join(project.dir, 'bad.jsonl');
    fs.writeFileSync(file, Buffer.concat([Buffer.from(`${line({}, 'a1')}\n${line({}, 'a2').slice(0, 40)}`), Buffer.from([0xc3, 0x28]), Buffer.from(`${line({}, 'a2').slice(40)}\n`)]));
    const io = captureIo(project.dir);
    expect(await main(['validate', file], io)).toBe(1);
    expect(io.err()).toContain(`${file}:2: not valid UTF-8`);
  });

  it('warns, without refusing, about fields whose batch support is unconfirmed', async () => {
    const text = [
      line({ serviceTier: { type: 'flex' } }, 'a1'),
      line({ system: [{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }] }, 'a2'),
      line({ serviceTier: { type: 'flex' } }, 'a3'),
    ].join('\n');
    const { suite, problems } = checkSuiteText(text, 'suite.jsonl');
    expect(problems).toEqual([]);
    expect(suite!.warnings).toEqual([
      expect.stringMatching(/^suite\.jsonl:1: modelInput\.serviceTier \(2 records\): whether batch jobs accept it is unconfirmed/),
      expect.stringMatching(/^suite\.jsonl:2: cachePoint blocks \(1 record\)/),
    ]);
  });
});

describe('beval run refuses what a model decides, unless --yes', () => {
  const suiteOf = (records: string[]) => checkSuiteText(records.join('\n'), 'suite.jsonl').suite!;

  it('maxTokens above the model\'s known output limit, and temperature with topP on Claude 4.5', () => {
    const config = resolveConfig({
      suite: 's.jsonl',
      models: [{ id: 'amazon.nova-micro-v1:0', label: 'nova' }, { id: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', label: 'haiku' }],
    }, '/p/c.ts');
    const suite = suiteOf([
      line({ inferenceConfig: { maxTokens: 20_000 } }, 'a1'),
      line({ inferenceConfig: { maxTokens: 100, temperature: 0.2, topP: 0.9 } }, 'a2'),
    ]);
    expect(modelRuleProblems(config, suite)).toEqual([
      expect.stringMatching(/^nova \(amazon\.nova-micro-v1:0\): 1 record\(s\) ask for maxTokens above the model's output limit of 10000 \(suite\.jsonl:1\)/),
      expect.stringMatching(/^haiku \(global\.anthropic\.claude-haiku-4-5-20251001-v1:0\): 1 record\(s\) set both temperature and topP \(suite\.jsonl:2\)/),
    ]);
  });

  it('on the emulator: a record over the model\'s ceiling stops the run before anything is planned; --yes submits it, and the emulator fails it', async () => {
    const records = arithmeticSuite(100, { maxTokens: (i) => (i === 5 ? 5_000 : 200) });
    project = tempProject({ models: [{ id: 'beval.arith-v1', label: 'arith' }], target: { kind: 'emulator', timing: { stepMs: 20, recordsPerSecond: 5000 } } }, records);
    const refused = captureIo(project.dir);
    expect(await main(['run', '-c', project.config], refused)).toBe(1);
    expect(refused.err()).toMatch(/arith \(beval\.arith-v1\): 1 record\(s\) ask for maxTokens above the model's output limit of 4096 \(.*suite\.jsonl:6\)/);
    expect(fs.existsSync(path.join(project.dir, 'reports'))).toBe(false);
    const forced = captureIo(project.dir);
    expect(await main(['run', '--yes', '-c', project.config], forced)).toBe(0);
    expect(forced.err()).toContain('(submitting anyway: --yes)');
    expect(forced.out()).toMatch(/arith\s+100\s+99\s+1\s+0\s+0/);
  }, 60_000);
});
