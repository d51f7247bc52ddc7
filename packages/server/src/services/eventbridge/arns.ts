/**
 * ARNs of EventBridge resources and the name-or-ARN parameters that refer to them.
 * Buses: `arn:aws:events:<region>:<account>:event-bus/<name>`; rules on the default bus:
 * `...:rule/<name>`, on a custom bus: `...:rule/<bus>/<name>`.
 */

/** A bus as a request names it: where it lives and what it is called. */
export interface BusRef {
  readonly account: string;
  readonly region: string;
  readonly name: string;
}

/** The parts of an ARN. */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits `arn:partition:service:region:account:resource`; undefined when the text is no ARN. */
export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  if (!partition || !service) return undefined;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** The ARN of a bus. */
export function busArn(ref: BusRef): string {
  return `arn:aws:events:${ref.region}:${ref.account}:event-bus/${ref.name}`;
}

/** The ARN of a rule: `rule/<name>` on the default bus, `rule/<bus>/<name>` elsewhere. */
export function ruleArn(bus: BusRef, rule: string): string {
  const path = bus.name === 'default' ? rule : `${bus.name}/${rule}`;
  return `arn:aws:events:${bus.region}:${bus.account}:rule/${path}`;
}

/** A bus ARN's parts, or undefined when the text is not an event-bus ARN. */
export function parseBusArn(text: string): BusRef | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== 'events' || !arn.resource.startsWith('event-bus/')) return undefined;
  const name = arn.resource.slice('event-bus/'.length);
  if (!name || !/^\d{12}$/.test(arn.account) || !arn.region) return undefined;
  return { account: arn.account, region: arn.region, name };
}

/** A rule ARN's bus and rule name, or undefined when the text is not a rule ARN. */
export function parseRuleArn(text: string): { bus: BusRef; rule: string } | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== 'events' || !arn.resource.startsWith('rule/')) return undefined;
  const path = arn.resource.slice('rule/'.length);
  const slash = path.lastIndexOf('/');
  const rule = path.slice(slash + 1);
  const bus = slash < 0 ? 'default' : path.slice(0, slash);
  if (!rule || !bus || !/^\d{12}$/.test(arn.account) || !arn.region) return undefined;
  return { bus: { account: arn.account, region: arn.region, name: bus }, rule };
}

/** The rule name at the end of a rule ARN (for `<aws.events.rule-name>`). */
export function ruleNameOf(ruleArnText: string): string {
  return ruleArnText.slice(ruleArnText.lastIndexOf('/') + 1);
}

/** An SQS queue ARN's parts, or undefined. */
export function parseQueueArn(text: string): { account: string; region: string; name: string } | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== 'sqs' || !arn.resource || arn.resource.includes('/')) return undefined;
  return { account: arn.account, region: arn.region, name: arn.resource };
}
