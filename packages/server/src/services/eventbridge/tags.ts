/**
 * TagResource, UntagResource and ListTagsForResource. As in EventBridge, the resources that
 * carry tags are event buses and rules; tags live in their documents.
 */
import type { JsonOperation } from '../../http/protocols.js';
import { parseBusArn, parseRuleArn } from './arns.js';
import { EbErrors } from './errors.js';
import type { Tag } from './model.js';
import type { Services } from './services.js';
import { mergeTags, readTags } from './shapes.js';
import { Fields, Shapes } from './validate.js';

type TagChange = (tags: readonly Tag[]) => Tag[];

/** Applies `change` to the tags of the bus or rule the ARN names; returns the tags after it. */
async function withTags(s: Services, arn: string, change: TagChange | undefined): Promise<readonly Tag[]> {
  const bus = parseBusArn(arn);
  if (bus) {
    let tags: readonly Tag[] = [];
    await s.catalog.changeBus(bus, (current) => {
      if (!current) throw EbErrors.busNotFound(bus.name);
      tags = current.body.Tags;
      if (!change) return undefined;
      tags = change(current.body.Tags);
      return { ...current.body, Tags: tags };
    });
    return tags;
  }
  const rule = parseRuleArn(arn);
  if (rule) {
    let tags: readonly Tag[] = [];
    await s.catalog.changeRule(rule.bus, rule.rule, (current) => {
      if (!current) throw EbErrors.ruleNotFound(rule.rule, rule.bus.name);
      tags = current.body.Tags;
      if (!change) return undefined;
      tags = change(current.body.Tags);
      return { ...current.body, Tags: tags };
    });
    return tags;
  }
  throw EbErrors.validation(`Parameter ResourceARN is not valid. Reason: ${arn} is not the ARN of an event bus or a rule.`);
}

/** The tag operations, by API name. */
export function tagOperations(s: Services): Record<string, JsonOperation> {
  return {
    async TagResource(input) {
      const f = Fields.of(input);
      const arn = f.str('ResourceARN', { required: true, ...Shapes.arn });
      const tags = readTags(f, 'Tags');
      if (!tags) f.fail('Tags', undefined, 'Member must not be null');
      f.check();
      await withTags(s, arn, (current) => mergeTags(current, tags ?? []));
      return {};
    },

    async UntagResource(input) {
      const f = Fields.of(input);
      const arn = f.str('ResourceARN', { required: true, ...Shapes.arn });
      const keys = f.strings('TagKeys', { required: true }, Shapes.tagKey) ?? [];
      f.check();
      const remove = new Set(keys);
      await withTags(s, arn, (current) => current.filter((t) => !remove.has(t.Key)));
      return {};
    },

    async ListTagsForResource(input) {
      const f = Fields.of(input);
      const arn = f.str('ResourceARN', { required: true, ...Shapes.arn });
      f.check();
      return { Tags: await withTags(s, arn, undefined) };
    },
  };
}
