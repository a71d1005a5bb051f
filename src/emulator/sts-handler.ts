// STS GetCallerIdentity (awsQuery protocol), so `beval doctor` and the run's pre-flight print an identity on the
// emulator through the same SDK call as on AWS. Every other STS action answers InvalidAction.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newRequestId, readBody } from './http-util.ts';

export interface StsContext {
  accountId: string;
}

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': String(Buffer.byteLength(body)), 'x-amzn-RequestId': newRequestId() });
  res.end(body);
}

export async function handleSts(ctx: StsContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
  const action = form.get('Action');
  if (req.method !== 'POST' || action !== 'GetCallerIdentity') {
    xml(res, 400, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>The emulator answers only GetCallerIdentity.</Message></Error><RequestId>${newRequestId()}</RequestId></ErrorResponse>`);
    return;
  }
  xml(res, 200, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ctx.accountId}:user/beval-emulator</Arn><UserId>AIDABEVALEMULATOR</UserId><Account>${ctx.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${newRequestId()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
}
