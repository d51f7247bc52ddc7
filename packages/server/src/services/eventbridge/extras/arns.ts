/**
 * ARNs of the extras' resources, in the forms AWS uses:
 * `arn:aws:events:<region>:<account>:connection/<name>/<uuid>`, `.../api-destination/<name>/<uuid>`,
 * `.../archive/<name>`, `.../replay/<name>`; and the bus and rule ARNs they refer to.
 */

/** The parts of an `arn:<partition>:events:...` ARN. */
export interface EventsArn {
  readonly region: string;
  readonly account: string;
  /** `connection`, `api-destination`, `archive`, `replay`, `event-bus`, `rule`. */
  readonly type: string;
  /** The slash-separated parts after the type. */
  readonly parts: readonly string[];
}

const EVENTS_ARN = /^arn:aws[a-z-]*:events:([a-z0-9-]*):(\d{12}):([a-z-]+)\/(.+)$/;

export function parseEventsArn(arn: string): EventsArn | undefined {
  const m = EVENTS_ARN.exec(arn);
  if (!m) return undefined;
  return { region: m[1]!, account: m[2]!, type: m[3]!, parts: m[4]!.split('/') };
}

function base(region: string, account: string): string {
  return `arn:aws:events:${region}:${account}`;
}

export const Arns = {
  connection: (region: string, account: string, name: string, uuid: string): string =>
    `${base(region, account)}:connection/${name}/${uuid}`,
  apiDestination: (region: string, account: string, name: string, uuid: string): string =>
    `${base(region, account)}:api-destination/${name}/${uuid}`,
  archive: (region: string, account: string, name: string): string => `${base(region, account)}:archive/${name}`,
  replay: (region: string, account: string, name: string): string => `${base(region, account)}:replay/${name}`,
  /** Where AWS would keep a connection's secret; reported by DescribeConnection, holds nothing here. */
  connectionSecret: (region: string, account: string, name: string, uuid: string): string =>
    `arn:aws:secretsmanager:${region}:${account}:secret:events!connection/${name}/${uuid}`,
};

/** A resource named by an ARN of one type with exactly `parts` path parts (e.g. name and uuid). */
export interface NamedArn {
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

export function parseNamedArn(arn: string, type: string, parts: number): NamedArn | undefined {
  const parsed = parseEventsArn(arn);
  if (!parsed || parsed.type !== type || parsed.parts.length !== parts) return undefined;
  return { region: parsed.region, account: parsed.account, name: parsed.parts[0]! };
}

/** A bus ARN (`.../event-bus/<name>`). */
export function isBusArn(arn: string): boolean {
  return parseNamedArn(arn, 'event-bus', 1) !== undefined;
}

/** A rule ARN (`.../rule/<name>` on the default bus, `.../rule/<bus>/<name>` on others). */
export function isRuleArn(arn: string): boolean {
  const parsed = parseEventsArn(arn);
  return parsed !== undefined && parsed.type === 'rule' && (parsed.parts.length === 1 || parsed.parts.length === 2);
}
