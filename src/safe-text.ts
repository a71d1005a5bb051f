// Text from outside beval (service errors, job messages, output files, suites) made safe to print and to keep:
// credentials redacted, control characters shown instead of obeyed.

/**
 * Control characters a terminal or a CI log viewer acts on: C0 (ESC starts ANSI/OSC sequences, CR rewrites a line,
 * LF starts a forged one, BEL ends an OSC), DEL, C1 (0x9b is an 8-bit CSI), and the Unicode marks that reorder or
 * break lines when the log is shown in a browser (bidi overrides and isolates, line and paragraph separators).
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/**
 * One printable line: every control character becomes a visible escape (`\x1b`, `\n`, `\u202e`), so untrusted text
 * can neither drive the terminal nor start a line of its own (a forged log line, or a `::error::` CI command).
 * Idempotent: its output has no control characters left.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, escape);
}

/** For beval's own multi-line messages: line breaks kept, every other control character escaped as in printable. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/**
 * AWS's InvalidSignatureException (and S3's SignatureDoesNotMatch) quote the canonical request and string-to-sign the
 * service expected; the canonical request lists the signed headers with their values, x-amz-security-token included.
 */
const SIGNING_DETAIL = /\s*The (?:Canonical String for this request|String-to-Sign) should have been[\s\S]*$/i;
const SIGNING_NOTE = ' [beval removed the canonical request and string-to-sign AWS quoted here: they carry credentials]';

/** What a credential is replaced with, wherever beval or its emulator would otherwise repeat it. */
export const REDACTED = '[redacted]';

// Values end at whitespace, a control character, a quote or a separator, so escapes after them stay visible.
const SECRETS: [RegExp, string][] = [
  // Header or query parameter: x-amz-security-token:…, X-Amz-Security-Token=…, X-Amz-Signature=…
  [/(x-amz-(?:security-token|signature)\s*[:=]\s*)[^\s\u0000-\u001f\u007f&'"<>,;]+/gi, `$1${REDACTED}`],
  // SigV4 Credential=AKID/date/region/service/aws4_request (Authorization header or X-Amz-Credential) and Signature=hex.
  [/(credential\s*=\s*)[^\s\u0000-\u001f\u007f&'"<>,;]+/gi, `$1${REDACTED}`],
  [/(signature\s*=\s*)[0-9a-f]{64}/gi, `$1${REDACTED}`],
  [/(authorization\s*:\s*)[^\u0000-\u001f\u007f'"]+/gi, `$1${REDACTED}`],
  // Credentials as a credentials file, an env dump or a JS object would spell them.
  [/((?:aws_)?(?:secret_access_key|session_token|secretAccessKey|sessionToken)["']?\s*[:=]\s*["']?)[^\s\u0000-\u001f\u007f"',;}]+/gi, `$1${REDACTED}`],
  // Access key ids (long-term AKIA…, temporary ASIA…).
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '[access key id]'],
];

/**
 * Credential values this process resolved (src/pipeline/target.ts adds them once the SDK's provider chain has found
 * them). The patterns above only catch a secret next to a label AWS happens to use; a service may quote a session token
 * bare ("The security token … included in the request is invalid"), so the values themselves are removed wherever
 * they appear. One set per process, as the credentials are: nothing to reset between runs.
 */
const KNOWN_SECRETS = new Set<string>();

/** Registers credential values to redact literally from every outside text (values under 8 characters are ignored). */
export function rememberSecrets(values: readonly (string | undefined)[]): void {
  for (const v of values) if (v && v.length >= 8) KNOWN_SECRETS.add(v);
}

/** Removes credentials a service error or log text can carry; the rest of the text is unchanged. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of KNOWN_SECRETS) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  out = out.replace(SIGNING_DETAIL, SIGNING_NOTE);
  for (const [pattern, replacement] of SECRETS) out = out.replace(pattern, replacement);
  return out;
}

/** A fragment from outside (a service error, a job message) for one line of terminal or ledger text. */
export function outsideText(text: string): string {
  return printable(redactSecrets(text));
}
