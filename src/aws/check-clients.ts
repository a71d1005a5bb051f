// The IAM and Service Quotas clients only `beval doctor` uses, loaded on first use: every other command starts without
// their packages (the start-up bench measures it). Same credentials, retries, timeouts and --debug as the other clients.
import type { IAMClient } from '@aws-sdk/client-iam';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { common, withDebug, type ClientTarget } from './clients.ts';

export interface CheckClients {
  iam(): Promise<IAMClient>;
  serviceQuotas(): Promise<ServiceQuotasClient>;
  /** Destroys the clients that were made. */
  destroy(): void;
}

export function lazyCheckClients(t: ClientTarget): CheckClients {
  let iam: Promise<IAMClient> | undefined;
  let quotas: Promise<ServiceQuotasClient> | undefined;
  const made: { destroy(): void }[] = [];
  // On AWS both use their own endpoints (IAM's global one, Service Quotas' regional one), never a Bedrock override.
  const endpoint = t.local ? {} : { endpoint: undefined };
  return {
    iam() {
      iam ??= import('@aws-sdk/client-iam').then(({ IAMClient }) => {
        const c = withDebug(new IAMClient({ ...common(t), ...endpoint }), t);
        made.push(c);
        return c;
      });
      return iam;
    },
    serviceQuotas() {
      quotas ??= import('@aws-sdk/client-service-quotas').then(({ ServiceQuotasClient }) => {
        const c = withDebug(new ServiceQuotasClient({ ...common(t), ...endpoint }), t);
        made.push(c);
        return c;
      });
      return quotas;
    },
    destroy() {
      for (const c of made.splice(0)) c.destroy();
    },
  };
}
