/**
 * Rule operations: PutRule, DescribeRule, ListRules, EnableRule, DisableRule, DeleteRule,
 * ListRuleNamesByTarget. A rule has an event pattern (validated by @switchboard/event-patterns),
 * a schedule (default bus only), or both. PutRule on an existing rule replaces its settings —
 * what is omitted is cleared, as in AWS — but keeps its targets and tags.
 */
import { compilePattern, PatternError } from '@switchboard/event-patterns';
import type { JsonOperation } from '../../http/protocols.js';
import { ruleArn, type BusRef } from './arns.js';
import { EbErrors } from './errors.js';
import { MAX_RULES_PER_BUS, RULE_STATES, type RuleBody } from './model.js';
import { decodeToken, page } from './pagination.js';
import { scheduleOrThrow } from './schedule-expression.js';
import type { Services } from './services.js';
import { readTags } from './shapes.js';
import { Fields, Shapes } from './validate.js';

/** Throws InvalidEventPatternException with the pattern library's message (which names the place). */
export function checkPattern(pattern: string): void {
  try {
    compilePattern(pattern);
  } catch (err) {
    if (err instanceof PatternError) throw EbErrors.invalidPattern(err.message);
    throw err;
  }
}

/** A rule as ListRules and DescribeRule show it. */
function summary(bus: BusRef, body: RuleBody): Record<string, unknown> {
  return {
    Name: body.Name,
    Arn: ruleArn(bus, body.Name),
    ...(body.EventPattern !== undefined ? { EventPattern: body.EventPattern } : {}),
    ...(body.ScheduleExpression !== undefined ? { ScheduleExpression: body.ScheduleExpression } : {}),
    State: body.State,
    ...(body.Description !== undefined ? { Description: body.Description } : {}),
    ...(body.RoleArn !== undefined ? { RoleArn: body.RoleArn } : {}),
    EventBusName: bus.name,
  };
}

/** Reads `Name` and `EventBusName`, the address of a rule in every rule operation. */
/** The bus and paging fields shared by the rule listings (read before f.check()). */
function listing(f: Fields): { busName: string | undefined; token: string | undefined; limit: number } {
  const busName = f.str('EventBusName', Shapes.busNameOrArn);
  const token = f.str('NextToken', Shapes.nextToken);
  const limit = f.int('Limit', Shapes.limit) ?? 100;
  return { busName, token, limit };
}

function address(f: Fields): { name: string; busName: string | undefined } {
  return { name: f.str('Name', { required: true, ...Shapes.ruleName }), busName: f.str('EventBusName', Shapes.busNameOrArn) };
}

/** The rule operations, by API name. */
export function ruleOperations(s: Services): Record<string, JsonOperation> {
  const setState = (state: 'ENABLED' | 'DISABLED'): JsonOperation =>
    async (input, ctx) => {
      const f = Fields.of(input);
      const { name, busName } = address(f);
      f.check();
      const bus = s.catalog.busRef(ctx, busName);
      await s.catalog.changeRule(bus, name, (current) => {
        if (!current) throw EbErrors.ruleNotFound(name, bus.name);
        return current.body.State === state ? undefined : { ...current.body, State: state };
      });
      return {};
    };

  return {
    async PutRule(input, ctx) {
      const f = Fields.of(input);
      const { name, busName } = address(f);
      const schedule = f.str('ScheduleExpression', Shapes.scheduleExpression);
      const pattern = f.str('EventPattern', Shapes.eventPattern);
      const state = f.oneOf('State', RULE_STATES);
      const description = f.str('Description', Shapes.description);
      const roleArn = f.str('RoleArn', Shapes.arn);
      const tags = readTags(f, 'Tags');
      f.check();
      if (schedule === undefined && pattern === undefined) {
        throw EbErrors.validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
      }
      if (pattern !== undefined) checkPattern(pattern);
      if (schedule !== undefined) scheduleOrThrow(schedule);
      const bus = s.catalog.busRef(ctx, busName);
      if (schedule !== undefined && bus.name !== 'default') {
        throw EbErrors.validation('ScheduleExpression is supported only on the default event bus.');
      }
      await s.catalog.withBus(bus, async () => {
        await s.catalog.requireBus(bus);
        await s.catalog.changeRule(bus, name, async (current) => {
          if (!current && (await s.catalog.listRules(bus)).length >= MAX_RULES_PER_BUS) throw EbErrors.limitExceeded();
          return {
            Name: name,
            EventBusName: bus.name,
            ...(pattern !== undefined ? { EventPattern: pattern } : {}),
            ...(schedule !== undefined ? { ScheduleExpression: schedule } : {}),
            State: state ?? 'ENABLED',
            ...(description !== undefined ? { Description: description } : {}),
            ...(roleArn !== undefined ? { RoleArn: roleArn } : {}),
            Targets: current?.body.Targets ?? [],
            Tags: current?.body.Tags ?? tags ?? [],
          };
        });
      });
      return { RuleArn: ruleArn(bus, name) };
    },

    async DescribeRule(input, ctx) {
      const f = Fields.of(input);
      const { name, busName } = address(f);
      f.check();
      const bus = s.catalog.busRef(ctx, busName);
      const rule = await s.catalog.requireRule(bus, name);
      return { ...summary(bus, rule.body), CreatedBy: bus.account };
    },

    async ListRules(input, ctx) {
      const f = Fields.of(input);
      const prefix = f.str('NamePrefix', Shapes.namePrefix);
      const { busName, token, limit } = listing(f);
      f.check();
      const bus = s.catalog.busRef(ctx, busName);
      await s.catalog.requireBus(bus);
      const after = decodeToken(token);
      const rules = await s.catalog.listRules(bus, { ...(prefix !== undefined ? { prefix } : {}), ...(after !== undefined ? { after } : {}), limit: limit + 1 });
      const result = page(rules, limit, (r) => r.Name);
      return { Rules: result.items.map((r) => summary(bus, r)), ...(result.next ? { NextToken: result.next } : {}) };
    },

    EnableRule: setState('ENABLED'),
    DisableRule: setState('DISABLED'),

    async DeleteRule(input, ctx) {
      const f = Fields.of(input);
      const { name, busName } = address(f);
      f.bool('Force');
      f.check();
      const bus = s.catalog.busRef(ctx, busName);
      await s.catalog.changeRule(bus, name, (current) => {
        if (!current) return undefined;
        if (current.body.Targets.length > 0) throw EbErrors.validation("Rule can't be deleted since it has targets.");
        return null;
      });
      return {};
    },

    async ListRuleNamesByTarget(input, ctx) {
      const f = Fields.of(input);
      const targetArn = f.str('TargetArn', { required: true, ...Shapes.arn });
      const { busName, token, limit } = listing(f);
      f.check();
      const bus = s.catalog.busRef(ctx, busName);
      await s.catalog.requireBus(bus);
      const after = decodeToken(token);
      const names = (await s.catalog.listRules(bus, after !== undefined ? { after } : {}))
        .filter((r) => r.Targets.some((t) => t.Arn === targetArn))
        .map((r) => r.Name);
      const result = page(names, limit, (n) => n);
      return { RuleNames: result.items, ...(result.next ? { NextToken: result.next } : {}) };
    },
  };
}
