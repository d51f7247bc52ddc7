/**
 * AddPermission and RemovePermission: they edit the queue's Policy attribute, one statement
 * per label (its Sid), as AWS does. Policies are stored and returned, not enforced.
 */
import type { SqsDeps, SqsOperation } from './deps.js';
import { SqsErrors } from './errors.js';
import { inQueue } from './lookup.js';
import { optStringList, reqString } from './validation.js';

interface Policy {
  Version?: string;
  Id?: string;
  Statement?: Array<Record<string, unknown>>;
}

function parsePolicy(text: string | undefined): Policy {
  if (!text) return {};
  const value = JSON.parse(text) as Policy;
  return { ...value, Statement: Array.isArray(value.Statement) ? value.Statement : [] };
}

export function permissionOperations(deps: SqsDeps): Record<string, SqsOperation> {
  const { store, clock, lookup } = deps;
  return {
    async AddPermission(input, ctx) {
      const label = reqString(input, 'Label');
      if (!/^[A-Za-z0-9_-]{1,80}$/.test(label)) {
        throw SqsErrors.invalidValue('Label', label, 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
      }
      const accounts = optStringList(input, 'AWSAccountIds');
      if (!accounts || accounts.length === 0) throw SqsErrors.missingParameter('AWSAccountIds');
      const actions = optStringList(input, 'Actions');
      if (!actions || actions.length === 0) throw SqsErrors.missingParameter('Actions');
      const queue = await lookup.byUrl(input, ctx);
      const policy = parsePolicy(queue.attributes['Policy']);
      const statements = policy.Statement ?? [];
      if (statements.some((s) => s['Sid'] === label)) throw SqsErrors.invalidValue('Label', label, 'Already exists.');
      statements.push({
        Sid: label,
        Effect: 'Allow',
        Principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) },
        Action: actions.map((a) => (a === '*' ? 'SQS:*' : `SQS:${a}`)),
        Resource: queue.arn,
      });
      const next = { Version: policy.Version ?? '2012-10-17', Id: policy.Id ?? `${queue.arn}/SQSDefaultPolicy`, Statement: statements };
      await inQueue(store.updateQueue(queue.arn, { setAttributes: { Policy: JSON.stringify(next) } }, clock.now()));
      return {};
    },

    async RemovePermission(input, ctx) {
      const label = reqString(input, 'Label');
      const queue = await lookup.byUrl(input, ctx);
      const policy = parsePolicy(queue.attributes['Policy']);
      const statements = policy.Statement ?? [];
      const kept = statements.filter((s) => s['Sid'] !== label);
      if (kept.length === statements.length) throw SqsErrors.invalidValue('Label', label, "can't find label on existing policy.");
      const patch = kept.length === 0 ? { removeAttributes: ['Policy'] } : { setAttributes: { Policy: JSON.stringify({ ...policy, Statement: kept }) } };
      await inQueue(store.updateQueue(queue.arn, patch, clock.now()));
      return {};
    },
  };
}
