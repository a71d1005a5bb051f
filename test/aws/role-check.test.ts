// Which IAM principal the policy simulator is asked about for a caller identity (pure): a user as it is, an
// assumed-role session as its role, and the identities the simulator cannot take with why.
import { describe, expect, it } from 'vitest';
import { simulatedPrincipal } from '../../src/aws/role-check.ts';

describe('simulatedPrincipal', () => {
  it.each([
    ['arn:aws:iam::123456789012:user/ci-evals', ['arn:aws:iam::123456789012:user/ci-evals']],
    ['arn:aws:iam::123456789012:user/teams/ml/ci-evals', ['arn:aws:iam::123456789012:user/teams/ml/ci-evals']],
    ['arn:aws:sts::123456789012:assumed-role/EvalRunner/botocore-session-1', ['arn:aws:iam::123456789012:role/EvalRunner']],
    // IAM Identity Center roles live under a path the session ARN drops (with or without a Region): tried first.
    ['arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_PowerUser_0123abcd/jane@example.com', [
      'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PowerUser_0123abcd',
      'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PowerUser_0123abcd',
      'arn:aws:iam::123456789012:role/AWSReservedSSO_PowerUser_0123abcd',
    ]],
    ['arn:aws-cn:sts::123456789012:assumed-role/EvalRunner/s', ['arn:aws-cn:iam::123456789012:role/EvalRunner']],
  ])('%s → %s', (caller, principals) => {
    expect(simulatedPrincipal(caller, 'eu-west-1')).toEqual({ arns: principals });
  });

  it.each([
    ['arn:aws:iam::123456789012:root', /root user/],
    ['arn:aws:sts::123456789012:federated-user/jane', /not an IAM user or an assumed role/],
    ['not-an-arn', /not an IAM user or role/],
  ])('%s cannot be simulated', (caller, why) => {
    const p = simulatedPrincipal(caller);
    expect('why' in p && p.why).toMatch(why);
  });
});
