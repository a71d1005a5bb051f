// The emulator's request log and its error messages never repeat a presigned URL's credential, token or signature.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';

const TOKEN = 'IQoJb3JpZ2luX2VjEPresignedSessionToken0123456789';
const SIGNATURE = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';
const KEY_ID = 'ASIAQXAMPLEKEYID7WL7';
const PRESIGNED = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${KEY_ID}%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-Security-Token=${TOKEN}&X-Amz-Signature=${SIGNATURE}&X-Amz-SignedHeaders=host`;

describe('presigned requests to the emulator', () => {
  let emulator: RunningEmulator;
  const log: string[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ log: (line) => log.push(line) });
  });
  afterAll(() => emulator.close());

  it('logs and answers without the presigned credentials', async () => {
    await fetch(`${emulator.endpoint}/beval-local`, { method: 'PUT' });
    const unsupported = await fetch(`${emulator.endpoint}/beval-local?${PRESIGNED}`, { method: 'POST' });
    const body = await unsupported.text();
    const missing = await fetch(`${emulator.endpoint}/beval-local/some/key.jsonl?${PRESIGNED}`);
    expect(unsupported.status).toBe(501);
    expect(missing.status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const text = `${body}\n${log.join('\n')}`;
    // The same marker as every other redaction (safe-text.ts), readable rather than URL-encoded.
    const redacted = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[redacted]&X-Amz-Date=20250101T000000Z&X-Amz-Expires=900&X-Amz-Security-Token=[redacted]&X-Amz-Signature=[redacted]&X-Amz-SignedHeaders=host`;
    expect(log).toContain(`POST /beval-local?${redacted} -> 501`);
    expect(body).toContain(`<Message>POST ?${redacted.replaceAll('&', '&amp;')} is not supported by the emulator</Message>`);
    for (const secret of [TOKEN, SIGNATURE, KEY_ID]) expect(text).not.toContain(secret);
  });
});
