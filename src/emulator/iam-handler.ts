// IAM SimulatePrincipalPolicy (awsQuery, like STS), so `beval doctor` checks iam:PassRole through the same SDK call on
// the emulator as on AWS. The emulator plays one principal whose policy is docs/aws.md §5's: every action allowed,
// iam:PassRole only with `iam:PassedToService = bedrock.amazonaws.com` and not on the roles in `denyPassRole`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newRequestId, readBody } from './http-util.ts';

export interface IamContext {
  accountId: string;
  /** Role ARNs whose iam:PassRole simulates as implicitDeny. */
  denyPassRole: readonly string[];
  /** Answer AccessDenied, as IAM does for a caller without iam:SimulatePrincipalPolicy. */
  refuse: boolean;
}

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': String(Buffer.byteLength(body)), 'x-amzn-RequestId': newRequestId() });
  res.end(body);
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function error(res: ServerResponse, status: number, code: string, message: string): void {
  xml(res, status, `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>${newRequestId()}</RequestId></ErrorResponse>`);
}

/** awsQuery lists: `Name.member.1`, `Name.member.2`, … in order, up to the first gap. */
function members(form: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; form.has(`${name}.member.${i}`); i++) out.push(form.get(`${name}.member.${i}`)!);
  return out;
}

/** `ContextEntries.member.N.ContextKeyName` / `.ContextKeyValues.member.M`, keyed case-insensitively as IAM does. */
function contextEntries(form: URLSearchParams): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 1; form.has(`ContextEntries.member.${i}.ContextKeyName`); i++) {
    out.set(form.get(`ContextEntries.member.${i}.ContextKeyName`)!.toLowerCase(), members(form, `ContextEntries.member.${i}.ContextKeyValues`));
  }
  return out;
}

type Decision = 'allowed' | 'implicitDeny';

interface Evaluated {
  decision: Decision;
  missing: string[];
}

function evaluate(ctx: IamContext, action: string, resource: string, context: Map<string, string[]>): Evaluated {
  if (action.toLowerCase() !== 'iam:passrole') return { decision: 'allowed', missing: [] };
  const passedTo = context.get('iam:passedtoservice');
  if (passedTo === undefined) return { decision: 'implicitDeny', missing: ['iam:PassedToService'] };
  if (!passedTo.includes('bedrock.amazonaws.com') || ctx.denyPassRole.includes(resource)) return { decision: 'implicitDeny', missing: [] };
  return { decision: 'allowed', missing: [] };
}

const STATEMENT = '<MatchedStatements><member><SourcePolicyId>beval-emulator</SourcePolicyId><SourcePolicyType>user</SourcePolicyType></member></MatchedStatements>';

function resultXml(ctx: IamContext, action: string, resources: string[], context: Map<string, string[]>): string {
  const each = resources.map((r) => ({ resource: r, ...evaluate(ctx, action, r, context) }));
  // One result per action; its decision is the most restrictive over the resources (IAM's aggregate form).
  const decision: Decision = each.some((e) => e.decision === 'implicitDeny') ? 'implicitDeny' : 'allowed';
  const missing = [...new Set(each.flatMap((e) => e.missing))];
  const list = (xs: string[]) => xs.map((x) => `<member>${escape(x)}</member>`).join('');
  const specific = each.map((e) => `<member><EvalResourceName>${escape(e.resource)}</EvalResourceName><EvalResourceDecision>${e.decision}</EvalResourceDecision>${e.decision === 'allowed' ? STATEMENT : '<MatchedStatements/>'}<MissingContextValues>${list(e.missing)}</MissingContextValues></member>`).join('');
  return `<member><EvalActionName>${escape(action)}</EvalActionName><EvalResourceName>${escape(resources.length === 1 ? resources[0]! : '*')}</EvalResourceName><EvalDecision>${decision}</EvalDecision>${decision === 'allowed' ? STATEMENT : '<MatchedStatements/>'}<MissingContextValues>${list(missing)}</MissingContextValues><ResourceSpecificResults>${specific}</ResourceSpecificResults></member>`;
}

export async function handleIam(ctx: IamContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
  const action = form.get('Action');
  if (req.method !== 'POST' || action !== 'SimulatePrincipalPolicy') {
    error(res, 400, 'InvalidAction', 'The emulator answers only SimulatePrincipalPolicy.');
    return;
  }
  const source = form.get('PolicySourceArn') ?? '';
  if (ctx.refuse) {
    error(res, 403, 'AccessDenied', `User: arn:aws:iam::${ctx.accountId}:user/beval-emulator is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${source} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`);
    return;
  }
  const actions = members(form, 'ActionNames');
  if (actions.length === 0) {
    error(res, 400, 'InvalidInput', 'ActionNames must name at least one action.');
    return;
  }
  // The emulator's one principal, or any user or role of its account (they all carry the same policy here).
  const principal = new RegExp(`^arn:aws:iam::${ctx.accountId}:(user|role)/[\\w+=,.@/-]+$`);
  if (!principal.test(source)) {
    error(res, 404, 'NoSuchEntity', `The user or role with ARN ${source} cannot be found.`);
    return;
  }
  const resources = members(form, 'ResourceArns');
  const context = contextEntries(form);
  const results = actions.map((a) => resultXml(ctx, a, resources.length ? resources : ['*'], context)).join('');
  xml(res, 200, `<SimulatePrincipalPolicyResponse xmlns="${XMLNS}"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>${results}</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>${newRequestId()}</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`);
}
