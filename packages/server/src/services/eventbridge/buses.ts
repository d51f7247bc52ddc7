/**
 * Event bus operations: CreateEventBus, DeleteEventBus, DescribeEventBus, ListEventBuses,
 * UpdateEventBus. The `default` bus exists in every account and Region without being
 * created and cannot be deleted; custom bus names cannot contain `/` or start with `aws.`
 * (partner buses, which Switchboard does not have).
 */
import type { RequestContext } from '../../core/context.js';
import type { JsonOperation } from '../../http/protocols.js';
import { busArn, type BusRef } from './arns.js';
import type { BusRecord } from './catalog.js';
import { EbErrors } from './errors.js';
import { MAX_BUSES, type BusBody } from './model.js';
import { decodeToken, page } from './pagination.js';
import type { Services } from './services.js';
import { readDeadLetterConfig, readTags } from './shapes.js';
import { Fields, Shapes } from './validate.js';

/** The optional settings of a bus, as AWS returns them. */
function settings(body: BusBody): Record<string, unknown> {
  return {
    ...(body.Description !== undefined ? { Description: body.Description } : {}),
    ...(body.KmsKeyIdentifier !== undefined ? { KmsKeyIdentifier: body.KmsKeyIdentifier } : {}),
    ...(body.DeadLetterConfig !== undefined ? { DeadLetterConfig: body.DeadLetterConfig } : {}),
  };
}

function describe(ref: BusRef, record: BusRecord): Record<string, unknown> {
  return {
    Name: ref.name,
    Arn: busArn(ref),
    ...settings(record.body),
    ...(record.createdAt !== undefined ? { CreationTime: record.createdAt / 1000 } : {}),
    ...(record.updatedAt !== undefined ? { LastModifiedTime: record.updatedAt / 1000 } : {}),
  };
}

function checkCustomName(name: string): void {
  if (name.includes('/')) throw EbErrors.validation(`Event bus name ${name} is not valid: custom event bus names cannot contain '/'.`);
  if (name.startsWith('aws.')) throw EbErrors.validation(`Event bus name ${name} is not valid: names starting with 'aws.' are reserved for partner event buses.`);
}

/** The bus operations, by API name. */
export function busOperations(s: Services): Record<string, JsonOperation> {
  const here = (ctx: RequestContext, name: string): BusRef => ({ account: ctx.account, region: ctx.region, name });

  return {
    async CreateEventBus(input, ctx) {
      const f = Fields.of(input);
      const name = f.str('Name', { required: true, ...Shapes.busName });
      const source = f.str('EventSourceName', { min: 1, max: 256 });
      const description = f.str('Description', Shapes.description);
      const kms = f.str('KmsKeyIdentifier', { max: 2048 });
      const dlq = readDeadLetterConfig(f, 'DeadLetterConfig');
      const tags = readTags(f, 'Tags');
      f.check();
      if (source !== undefined) throw EbErrors.validation('Partner event buses (EventSourceName) are not supported.');
      checkCustomName(name);
      const ref = here(ctx, name);
      const body: BusBody = {
        Name: name,
        ...(description !== undefined ? { Description: description } : {}),
        ...(kms !== undefined ? { KmsKeyIdentifier: kms } : {}),
        ...(dlq !== undefined ? { DeadLetterConfig: dlq } : {}),
        Tags: tags ?? [],
      };
      await s.catalog.changeBus(ref, async (current) => {
        if (current) throw EbErrors.alreadyExists(`Event bus ${name} already exists.`);
        if ((await s.catalog.listBuses(ctx)).filter((b) => b.name !== 'default').length >= MAX_BUSES) throw EbErrors.limitExceeded();
        return body;
      });
      return { EventBusArn: busArn(ref), ...settings(body) };
    },

    async DeleteEventBus(input, ctx) {
      const f = Fields.of(input);
      const name = f.str('Name', { required: true, ...Shapes.busName });
      f.check();
      if (name === 'default') throw EbErrors.validation('Cannot delete event bus default.');
      const ref = here(ctx, name);
      await s.catalog.changeBus(ref, async (current) => {
        if (!current) return undefined;
        if ((await s.catalog.listRules(ref, { limit: 1 })).length > 0) throw EbErrors.validation("EventBus can't be deleted since it has rules.");
        return null;
      });
      return {};
    },

    async DescribeEventBus(input, ctx) {
      const f = Fields.of(input);
      const nameOrArn = f.str('Name', Shapes.busNameOrArn);
      f.check();
      const ref = s.catalog.busRef(ctx, nameOrArn);
      return describe(ref, await s.catalog.requireBus(ref));
    },

    async ListEventBuses(input, ctx) {
      const f = Fields.of(input);
      const prefix = f.str('NamePrefix', Shapes.busNamePrefix);
      const token = f.str('NextToken', Shapes.nextToken);
      const limit = f.int('Limit', Shapes.limit) ?? 100;
      f.check();
      const after = decodeToken(token);
      const stored = await s.catalog.listBuses(ctx);
      const all: Array<{ ref: BusRef; record: BusRecord }> = stored.map((r) => ({ ref: here(ctx, r.name), record: r }));
      if (!stored.some((r) => r.name === 'default')) all.push({ ref: here(ctx, 'default'), record: { body: { Name: 'default', Tags: [] } } });
      const selected = all
        .filter((b) => (prefix === undefined || b.ref.name.startsWith(prefix)) && (after === undefined || b.ref.name > after))
        .sort((a, b) => (a.ref.name < b.ref.name ? -1 : a.ref.name > b.ref.name ? 1 : 0));
      const result = page(selected, limit, (b) => b.ref.name);
      const EventBuses = result.items.map((b) => {
        const { KmsKeyIdentifier: _k, DeadLetterConfig: _d, ...rest } = describe(b.ref, b.record);
        return rest;
      });
      return { EventBuses, ...(result.next ? { NextToken: result.next } : {}) };
    },

    async UpdateEventBus(input, ctx) {
      const f = Fields.of(input);
      const nameOrArn = f.str('Name', Shapes.busNameOrArn);
      const description = f.str('Description', Shapes.description);
      const kms = f.str('KmsKeyIdentifier', { max: 2048 });
      const dlq = readDeadLetterConfig(f, 'DeadLetterConfig');
      f.check();
      const ref = s.catalog.busRef(ctx, nameOrArn);
      const body = await s.catalog.changeBus(ref, (current) => {
        if (!current) throw EbErrors.busNotFound(ref.name);
        return {
          ...current.body,
          ...(description !== undefined ? { Description: description } : {}),
          ...(kms !== undefined ? { KmsKeyIdentifier: kms } : {}),
          ...(dlq !== undefined ? { DeadLetterConfig: dlq } : {}),
        };
      });
      return { Arn: busArn(ref), Name: ref.name, ...(body ? settings(body) : {}) };
    },
  };
}
