// printable, printableLines and redactSecrets: what becomes visible, what is removed, and what is left alone.
import { describe, expect, it } from 'vitest';
import { outsideText, printable, printableLines, redactSecrets } from '../../src/safe-text.ts';

describe('printable', () => {
  it.each([
    ['an OSC 8 hyperlink', '\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07', '\\x1b]8;;https://evil.example/\\x07click\\x1b]8;;\\x07'],
    ['clear screen', '\x1b[2J', '\\x1b[2J'],
    ['a window title', '\x1b]0;title\x07', '\\x1b]0;title\\x07'],
    ['a carriage return', 'ok\rfake', 'ok\\rfake'],
    ['a newline that would forge a CI command', 'x\n::error::forged', 'x\\n::error::forged'],
    ['a tab, NUL and DEL', 'a\tb\x00c\x7f', 'a\\tb\\x00c\\x7f'],
    ['an 8-bit CSI', '\x9b31m', '\\x9b31m'],
    ['a bidi override and a line separator', 'a\u202eb\u2028c', 'a\\u202eb\\u2028c'],
  ])('escapes %s', (_what, input, expected) => {
    expect(printable(input)).toBe(expected);
  });

  it('leaves ordinary text, accents and emoji alone, and is idempotent', () => {
    const text = 'Résumé: 3 × 4 = 12 ✓ 🙂 "quoted" \\x1b';
    expect(printable(text)).toBe(text);
    const hostile = '\x1b]0;t\x07\r\n\u202e';
    expect(printable(printable(hostile))).toBe(printable(hostile));
  });

  it('printableLines keeps line breaks and escapes the rest', () => {
    expect(printableLines('line one\x1b[2J\nline two\r')).toBe('line one\\x1b[2J\nline two\\r');
  });
});

describe('redactSecrets', () => {
  it.each([
    ['a signed security-token header', 'x-amz-security-token:FwoGZXIvYXdzEJr//////////wEaDToken', 'x-amz-security-token:[redacted]'],
    ['presigned query parameters', 'GET /b/k?X-Amz-Credential=AKID%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=Tok%2Fen&X-Amz-Signature=abc123&X-Amz-Expires=900',
      'GET /b/k?X-Amz-Credential=[redacted]&X-Amz-Security-Token=[redacted]&X-Amz-Signature=[redacted]&X-Amz-Expires=900'],
    ['an Authorization header', 'Authorization: AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=00ff\nnext',
      'Authorization: [redacted]\nnext'],
    ['a SigV4 credential and signature outside a header', 'Credential=AKID/20250101/us-east-1/s3/aws4_request, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
      'Credential=[redacted], Signature=[redacted]'],
    ['credentials-file lines', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG and aws_session_token=IQoJ', 'aws_secret_access_key = [redacted] and aws_session_token=[redacted]'],
    ['a credentials object', '{"accessKeyId":"x","secretAccessKey":"wJalrXUtn","sessionToken":"IQoJ"}', '{"accessKeyId":"x","secretAccessKey":"[redacted]","sessionToken":"[redacted]"}'],
    ['access key ids', 'key AKIAIOSFODNN7EXAMPLE or ASIAQXAMPLEKEYID7WL7.', 'key [access key id] or [access key id].'],
  ])('removes %s', (_what, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it("cuts the canonical request and string-to-sign AWS quotes, and keeps AWS's advice", () => {
    const message = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.\n\nThe Canonical String for this request should have been\n'POST\n/model-invocation-job\n\nhost:bedrock.us-east-1.amazonaws.com\nx-amz-security-token:SECRET\n'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n...'\n";
    const out = redactSecrets(message);
    expect(out).toMatch(/^The request signature we calculated does not match .* Check your AWS Secret Access Key and signing method\. \[beval removed/);
    expect(out).not.toContain('SECRET');
    expect(out).not.toContain('host:');
  });

  it('leaves messages without credentials unchanged', () => {
    for (const text of [
      'ValidationException: The provided model identifier is invalid.',
      'arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdef123456',
      's3://my-evals-bucket/beval/20250101-000000-abcd/arith/input/shard-0/',
      'ThrottlingException: Too many requests, please wait before trying again.',
    ]) expect(redactSecrets(text)).toBe(text);
  });

  it('outsideText gives one redacted, printable line', () => {
    expect(outsideText('AccessDenied\nx-amz-security-token:T0K\x1b[2J')).toBe('AccessDenied\\nx-amz-security-token:[redacted]\\x1b[2J');
  });
});
