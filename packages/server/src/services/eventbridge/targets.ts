/**
 * Target operations: PutTargets, RemoveTargets, ListTargetsByRule. A rule has at most five
 * targets. PutTargets checks every target before it changes anything: malformed fields,
 * conflicting inputs and what a target kind refuses (a FIFO queue without MessageGroupId)
 * fail the request with ValidationException as in AWS; a target whose ARN no target kind
 * delivers to is reported in FailedEntries while the others are put.
 */
import type { JsonOperation } from '../../http/protocols.js';
import { parseBusArn, type BusRef } from './arns.js';
import type { RuleTarget } from './contracts.js';
import { EbErrors } from './errors.js';
import { compileJsonPath, JsonPathError } from './jsonpath.js';
import { MAX_TARGETS_PER_RULE } from './model.js';
import { decodeToken, page } from './pagination.js';
import type { Services } from './services.js';
import { readDeadLetterConfig } from './shapes.js';
import { compileTemplate, templateProblem, TransformError } from './transform.js';
import { Fields, Shapes } from './validate.js';

interface FailedEntry {
  readonly TargetId: string;
  readonly ErrorCode: string;
  readonly ErrorMessage: string;
}

const PATH_NAME = /^[A-Za-z0-9_-]+$/;

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function readTransformer(t: Fields): RuleTarget['InputTransformer'] {
  const x = t.obj('InputTransformer');
  if (!x) return undefined;
  const paths = x.stringMap('InputPathsMap');
  const template = x.str('InputTemplate', { required: true, min: 1, max: 8192 });
  if (paths) {
    const entries = Object.entries(paths);
    if (entries.length > 100) x.fail('InputPathsMap', `${entries.length} entries`, 'Member must have length less than or equal to 100');
    for (const [name, path] of entries) {
      if (!PATH_NAME.test(name) || name.length > 256) x.fail('InputPathsMap', name, 'Map keys must satisfy regular expression pattern: [A-Za-z0-9\\_\\-]+');
      if (path.length > 256) x.fail('InputPathsMap', path, 'Map values must have length less than or equal to 256');
    }
  }
  return defined({ InputPathsMap: paths, InputTemplate: template });
}

function readRetryPolicy(t: Fields): RuleTarget['RetryPolicy'] {
  const r = t.obj('RetryPolicy');
  if (!r) return undefined;
  return defined({
    MaximumRetryAttempts: r.int('MaximumRetryAttempts', { min: 0, max: 185 }),
    MaximumEventAgeInSeconds: r.int('MaximumEventAgeInSeconds', { min: 60, max: 86_400 }),
  });
}

function readHttp(t: Fields): RuleTarget['HttpParameters'] {
  const h = t.obj('HttpParameters');
  if (!h) return undefined;
  return defined({
    PathParameterValues: h.strings('PathParameterValues'),
    HeaderParameters: h.stringMap('HeaderParameters'),
    QueryStringParameters: h.stringMap('QueryStringParameters'),
  });
}

/** One member of `Targets`, with only the fields given. */
function readTarget(t: Fields): RuleTarget {
  const sqs = t.obj('SqsParameters');
  const groupId = sqs?.str('MessageGroupId', { max: 128 });
  return defined({
    Id: t.str('Id', { required: true, ...Shapes.targetId }),
    Arn: t.str('Arn', { required: true, ...Shapes.arn }),
    RoleArn: t.str('RoleArn', Shapes.arn),
    Input: t.str('Input', { max: 8192 }),
    InputPath: t.str('InputPath', { max: 256 }),
    InputTransformer: readTransformer(t),
    SqsParameters: sqs ? defined({ MessageGroupId: groupId }) : undefined,
    HttpParameters: readHttp(t),
    RetryPolicy: readRetryPolicy(t),
    DeadLetterConfig: readDeadLetterConfig(t, 'DeadLetterConfig'),
  });
}

/** Refuses conflicting or unusable Input / InputPath / InputTransformer. */
function checkInput(t: RuleTarget): void {
  const given = [t.Input, t.InputPath, t.InputTransformer].filter((v) => v !== undefined).length;
  if (given > 1) throw EbErrors.validation(`Only one of Input, InputPath or InputTransformer can be specified for target: ${t.Id}.`);
  if (t.Input !== undefined) {
    try {
      JSON.parse(t.Input);
    } catch (err) {
      throw EbErrors.validation(`Parameter Input is not valid JSON for target: ${t.Id}. Reason: ${(err as Error).message}`);
    }
  }
  if (t.InputPath !== undefined) {
    try {
      compileJsonPath(t.InputPath);
    } catch (err) {
      if (err instanceof JsonPathError) throw EbErrors.validation(`Parameter InputPath is not valid for target: ${t.Id}. Reason: ${err.message}`);
      throw err;
    }
  }
  if (t.InputTransformer !== undefined) {
    let problem: string | undefined;
    try {
      problem = templateProblem(compileTemplate(t.InputTransformer), t.InputTransformer.InputTemplate);
    } catch (err) {
      if (!(err instanceof TransformError)) throw err;
      problem = err.message;
    }
    if (problem) throw EbErrors.validation(`Parameter InputTransformer is not valid for target: ${t.Id}. Reason: ${problem}`);
  }
}

/** Why a target cannot be put on a rule of `bus`, as a FailedEntry; throws for request-level refusals. */
async function checkTarget(s: Services, bus: BusRef, t: RuleTarget): Promise<FailedEntry | undefined> {
  checkInput(t);
  const driver = s.driverFor(t.Arn);
  if (!driver) return { TargetId: t.Id, ErrorCode: 'ValidationException', ErrorMessage: `Target ${t.Arn} is not a supported target type.` };
  const targetBus = parseBusArn(t.Arn);
  if (targetBus && targetBus.account === bus.account && targetBus.region === bus.region && targetBus.name === bus.name) {
    return { TargetId: t.Id, ErrorCode: 'ValidationException', ErrorMessage: `Target ${t.Id} cannot send events to the rule's own event bus.` };
  }
  await driver.validate?.(t, bus.account, bus.region);
  return undefined;
}

function address(f: Fields): { rule: string; busName: string | undefined } {
  return { rule: f.str('Rule', { required: true, ...Shapes.ruleName }), busName: f.str('EventBusName', Shapes.busNameOrArn) };
}

/** The target operations, by API name. */
export function targetOperations(s: Services): Record<string, JsonOperation> {
  return {
    async PutTargets(input, ctx) {
      const f = Fields.of(input);
      const { rule, busName } = address(f);
      const list = f.list('Targets', { required: true, min: 1, max: 10 }) ?? [];
      const targets = list.map((_, i) => readTarget(f.member('Targets', list, i)));
      f.check();
      const ids = targets.map((t) => t.Id);
      const dup = ids.find((id, i) => ids.indexOf(id) !== i);
      if (dup !== undefined) throw EbErrors.validation(`The request contains target Id ${dup} more than once.`);
      const bus = s.catalog.busRef(ctx, busName);
      const failed: FailedEntry[] = [];
      const accepted: RuleTarget[] = [];
      for (const t of targets) {
        const problem = await checkTarget(s, bus, t);
        if (problem) failed.push(problem);
        else accepted.push(t);
      }
      await s.catalog.changeRule(bus, rule, (current) => {
        if (!current) throw EbErrors.ruleNotFound(rule, bus.name);
        if (accepted.length === 0) return undefined;
        const merged = [...current.body.Targets];
        for (const t of accepted) {
          const at = merged.findIndex((m) => m.Id === t.Id);
          if (at >= 0) merged[at] = t;
          else merged.push(t);
        }
        if (merged.length > MAX_TARGETS_PER_RULE) throw EbErrors.limitExceeded();
        return { ...current.body, Targets: merged };
      });
      return { FailedEntryCount: failed.length, FailedEntries: failed };
    },

    async RemoveTargets(input, ctx) {
      const f = Fields.of(input);
      const { rule, busName } = address(f);
      const ids = f.strings('Ids', { required: true, min: 1, max: 100 }, Shapes.targetId) ?? [];
      f.bool('Force');
      f.check();
      const bus = s.catalog.busRef(ctx, busName);
      const remove = new Set(ids);
      await s.catalog.changeRule(bus, rule, (current) => {
        if (!current) throw EbErrors.ruleNotFound(rule, bus.name);
        const kept = current.body.Targets.filter((t) => !remove.has(t.Id));
        return kept.length === current.body.Targets.length ? undefined : { ...current.body, Targets: kept };
      });
      return { FailedEntryCount: 0, FailedEntries: [] };
    },

    async ListTargetsByRule(input, ctx) {
      const f = Fields.of(input);
      const { rule, busName } = address(f);
      const token = f.str('NextToken', Shapes.nextToken);
      const limit = f.int('Limit', Shapes.limit) ?? 100;
      f.check();
      const bus = s.catalog.busRef(ctx, busName);
      const after = decodeToken(token);
      const targets = (await s.catalog.requireRule(bus, rule)).body.Targets;
      const start = after === undefined ? 0 : targets.findIndex((t) => t.Id === after) + 1;
      const result = page(targets.slice(start), limit, (t) => t.Id);
      return { Targets: result.items, ...(result.next ? { NextToken: result.next } : {}) };
    },
  };
}
