/**
 * What EventBridge keeps in the resource store: one document per bus and one per rule (a
 * rule's targets live in its document, so PutTargets is one versioned update). Field names
 * are AWS's, so describing a resource is mostly copying.
 */
import type { RuleTarget } from './contracts.js';

/** Resource kinds of buses and rules in the resource store. */
export const BUS_KIND = 'event-bus';
export const RULE_KIND = 'event-rule';

/** A resource tag. */
export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** A custom bus (or the default bus once it has settings or tags). */
export interface BusBody {
  readonly Name: string;
  readonly Description?: string;
  readonly KmsKeyIdentifier?: string;
  readonly DeadLetterConfig?: { readonly Arn?: string };
  readonly Tags: readonly Tag[];
}

/** A rule's state; every state but DISABLED matches events. */
export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export const RULE_STATES: readonly RuleState[] = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];

/** A rule, its targets and its tags. */
export interface RuleBody {
  readonly Name: string;
  readonly EventBusName: string;
  readonly EventPattern?: string;
  readonly ScheduleExpression?: string;
  readonly State: RuleState;
  readonly Description?: string;
  readonly RoleArn?: string;
  readonly Targets: readonly RuleTarget[];
  readonly Tags: readonly Tag[];
}

/** Rules are stored under `<bus>/<rule>`: custom bus names cannot hold `/`, rule names neither. */
export function ruleKeyName(bus: string, rule: string): string {
  return `${bus}/${rule}`;
}

/** Whether a rule in this state routes events and fires its schedule. */
export function isEnabled(state: RuleState): boolean {
  return state !== 'DISABLED';
}

/** Most targets a rule may have. */
export const MAX_TARGETS_PER_RULE = 5;
/** Most rules a bus may have (AWS's default quota). */
export const MAX_RULES_PER_BUS = 300;
/** Most custom buses per account and Region (AWS's default quota). */
export const MAX_BUSES = 100;
/** Most tags a resource may carry. */
export const MAX_TAGS = 50;
