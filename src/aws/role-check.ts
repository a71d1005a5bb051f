// `beval doctor`: whether the caller may pass the service role to Bedrock and create batch jobs, asked of IAM's policy
// simulator (SimulatePrincipalPolicy: read-only, no charge). A missing iam:PassRole otherwise shows only as the first
// create's AccessDeniedException. Loaded only by doctor (preflight.ts).
import { SimulatePrincipalPolicyCommand, type EvaluationResult, type IAMClient } from '@aws-sdk/client-iam';
import { describeError, errorShape, isAccessDenied, type Check } from './check.ts';

export interface RoleCheckInput {
  /** sts:GetCallerIdentity's Arn. */
  callerArn: string;
  roleArn: string;
  modelIds: string[];
  region: string;
  account: string;
}

/** The caveat every allowed line carries: the simulator evaluates the principal's IAM policies, not everything AWS does. */
const NOT_ALL = '(SCPs, session policies and permission boundaries are not all simulated)';

/**
 * The IAM principal whose policies the simulator evaluates, as candidate ARNs to try in order: a user as it is; an
 * assumed-role session as its role (`arn:aws:sts::<acct>:assumed-role/<role>/<session>` → `arn:aws:iam::<acct>:role/<role>`).
 * A session ARN drops the role's path, so an IAM Identity Center role (`AWSReservedSSO_…`, which lives under
 * `/aws-reserved/sso.amazonaws.com/`, some with a Region after it) is tried there first. Root and federated users
 * cannot be simulated.
 */
export function simulatedPrincipal(callerArn: string, region?: string): { arns: string[] } | { why: string } {
  const m = /^arn:(aws[\w-]*):(iam|sts)::(\d{12}):(.+)$/.exec(callerArn);
  if (!m) return { why: `the caller ${callerArn} is not an IAM user or role` };
  const [, partition, service, account, resource] = m as unknown as [string, string, string, string, string];
  if (service === 'iam' && resource === 'root') return { why: 'the caller is the account\'s root user, whose permissions the simulator does not take' };
  if (service === 'iam' && /^user\//.test(resource)) return { arns: [callerArn] };
  const role = /^assumed-role\/([^/]+)\/.+$/.exec(resource)?.[1];
  if (service === 'sts' && role) {
    const arn = (path: string) => `arn:${partition}:iam::${account}:role/${path}${role}`;
    const sso = role.startsWith('AWSReservedSSO_') ? [arn('aws-reserved/sso.amazonaws.com/'), ...(region ? [arn(`aws-reserved/sso.amazonaws.com/${region}/`)] : [])] : [];
    return { arns: [...sso, arn('')] };
  }
  return { why: `the caller ${callerArn} is not an IAM user or an assumed role (the simulator takes only those)` };
}

function passRoleStatement(roleArn: string): string {
  return `{"Sid":"PassServiceRole","Effect":"Allow","Action":"iam:PassRole","Resource":"${roleArn}","Condition":{"StringEquals":{"iam:PassedToService":"bedrock.amazonaws.com"}}}`;
}

/** The resources a create touches: the job, and each model as a foundation model or an inference profile. */
function createResources(input: RoleCheckInput): string[] {
  const partition = /^arn:(aws[\w-]*):/.exec(input.callerArn)?.[1] ?? 'aws';
  const models = [...new Set(input.modelIds)].map((id) => (/^(us|eu|apac|global|jp|au|ca|us-gov)\./.test(id)
    ? `arn:${partition}:bedrock:${input.region}:${input.account}:inference-profile/${id}`
    : `arn:${partition}:bedrock:${input.region}::foundation-model/${id}`));
  return [`arn:${partition}:bedrock:${input.region}:${input.account}:model-invocation-job/beval-doctor`, ...models];
}

/** Which statement decided, for an explicit deny ("policy X"), and what context the policies wanted but did not get. */
function why(result: EvaluationResult | undefined): string {
  const deny = result?.MatchedStatements?.map((s) => s.SourcePolicyId).filter((id): id is string => !!id) ?? [];
  const missing = result?.MissingContextValues ?? [];
  return [
    deny.length ? `matched ${deny.join(', ')}` : '',
    missing.length ? `the policies need context beval did not give: ${missing.join(', ')}` : '',
  ].filter(Boolean).join('; ');
}

function deniedResources(result: EvaluationResult | undefined): string[] {
  return (result?.ResourceSpecificResults ?? []).filter((r) => r.EvalResourceDecision !== 'allowed').map((r) => r.EvalResourceName ?? '?');
}

async function simulate(iam: IAMClient, principal: string, action: string, resources: string[], context?: { key: string; value: string }): Promise<EvaluationResult | undefined> {
  const out = await iam.send(new SimulatePrincipalPolicyCommand({
    PolicySourceArn: principal,
    ActionNames: [action],
    ResourceArns: resources,
    ...(context ? { ContextEntries: [{ ContextKeyName: context.key, ContextKeyValues: [context.value], ContextKeyType: 'string' }] } : {}),
  }));
  return out.EvaluationResults?.find((r) => r.EvalActionName?.toLowerCase() === action.toLowerCase());
}

function skipped(input: RoleCheckInput, reason: string): Check {
  return { name: 'role', state: 'skip', detail: `not checked whether you may pass ${input.roleArn}: ${reason}; a missing iam:PassRole fails the first create with AccessDeniedException, before anything is billed` };
}

/** `role` (iam:PassRole to bedrock.amazonaws.com) and `create jobs` (bedrock:CreateModelInvocationJob). */
export async function roleChecks(iam: IAMClient, input: RoleCheckInput): Promise<Check[]> {
  const candidates = simulatedPrincipal(input.callerArn, input.region);
  if ('why' in candidates) return [skipped(input, candidates.why)];
  let passRole: EvaluationResult | undefined;
  let principal: string | undefined;
  for (const arn of candidates.arns) {
    try {
      passRole = await simulate(iam, arn, 'iam:PassRole', [input.roleArn], { key: 'iam:PassedToService', value: 'bedrock.amazonaws.com' });
      principal = arn;
      break;
    } catch (err) {
      const e = errorShape(err);
      if (isAccessDenied(e)) return [skipped(input, `this check needs iam:SimulatePrincipalPolicy on ${arn} (${describeError(e)})`)];
      // Not this ARN: a role path the session ARN does not show; the next candidate, if any.
      if (e.name === 'NoSuchEntity' || e.name === 'NoSuchEntityException') continue;
      return [skipped(input, `SimulatePrincipalPolicy failed (${describeError(e)})`)];
    }
  }
  if (principal === undefined) {
    return [skipped(input, `IAM has no ${candidates.arns.join(' or ')} to simulate (NoSuchEntity): a role with a path is not named in its session ARN`)];
  }
  const checks: Check[] = [];
  const decision = passRole?.EvalDecision ?? 'unknown';
  const detail = why(passRole);
  if (decision === 'allowed') {
    checks.push({ name: 'role', state: 'ok', detail: `you may pass ${input.roleArn} to bedrock.amazonaws.com: allowed by your IAM policies ${NOT_ALL}` });
  } else if (decision === 'explicitDeny') {
    checks.push({ name: 'role', state: 'fail', detail: `${principal} may not pass ${input.roleArn}: a policy denies iam:PassRole explicitly${detail ? ` (${detail})` : ''}; remove or narrow that Deny, or the first create fails with AccessDeniedException` });
  } else {
    checks.push({ name: 'role', state: 'fail', detail: `${principal} may not pass ${input.roleArn} (${decision}${detail ? `; ${detail}` : ''}): add to its policy ${passRoleStatement(input.roleArn)} (docs/aws.md §5), or the first create fails with AccessDeniedException` });
  }
  try {
    const resources = createResources(input);
    const create = await simulate(iam, principal, 'bedrock:CreateModelInvocationJob', resources);
    const d = create?.EvalDecision ?? 'unknown';
    if (d === 'allowed') {
      checks.push({ name: 'create jobs', state: 'ok', detail: `bedrock:CreateModelInvocationJob on the job and the ${resources.length - 1} model(s) is allowed by your IAM policies ${NOT_ALL}` });
    } else {
      const on = deniedResources(create);
      const what = on.length ? ` on ${on.join(', ')}` : '';
      const fix = d === 'explicitDeny' ? 'remove or narrow the Deny' : 'add bedrock:CreateModelInvocationJob (with the other actions of the BatchInference statement, docs/aws.md §5) to its policy';
      checks.push({ name: 'create jobs', state: 'fail', detail: `${principal} may not call bedrock:CreateModelInvocationJob${what} (${d}${why(create) ? `; ${why(create)}` : ''}): ${fix}` });
    }
  } catch (err) {
    checks.push({ name: 'create jobs', state: 'skip', detail: `not checked: SimulatePrincipalPolicy failed (${describeError(errorShape(err))})` });
  }
  return checks;
}
