/**
 * Input, InputPath and InputTransformer: what a target receives, checked against the
 * examples of the EventBridge user guide ("Amazon EventBridge input transformation") and the
 * edge cases around quoting, escaping and missing values.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventEnvelope, RuleTarget } from '../src/services/eventbridge/contracts.js';
import { compileJsonPath, JsonPathError } from '../src/services/eventbridge/jsonpath.js';
import {
  compileTemplate,
  renderPayload,
  templateProblem,
  TransformError,
  type TransformContext,
} from '../src/services/eventbridge/transform.js';

const event: EventEnvelope = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: {
    'instance-id': 'i-0123456789',
    state: 'RUNNING',
    count: 3,
    ok: true,
    none: null,
    tags: ['a', 'b'],
    nested: { k: 'v', n: 1 },
    quote: 'say "hi"\n',
    items: [{ id: 1 }, { id: 2 }],
    'path/with/slash': 'slashed',
  },
};
const eventText = JSON.stringify(event);
const ctx: TransformContext = {
  ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/example',
  ruleName: 'example',
  ingestionTime: '2015-11-11T21:29:55Z',
};
const paths = { instance: '$.detail.instance-id', state: '$.detail.state' };

function transform(template: string, map: Record<string, string> = paths): string {
  const target: RuleTarget = { Id: 't', Arn: 'arn:aws:sqs:us-east-1:123456789012:q', InputTransformer: { InputPathsMap: map, InputTemplate: template } };
  return renderPayload(target, event, eventText, ctx);
}

describe('JSONPath subset', () => {
  const select = (path: string): unknown => compileJsonPath(path).select(event);

  it('selects with dot notation, dashes, underscores and slashes', () => {
    assert.equal(select('$.detail.instance-id'), 'i-0123456789');
    assert.equal(select('$.detail-type'), 'EC2 Instance State-change Notification');
    assert.equal(select('$.detail.path/with/slash'), 'slashed');
  });

  it('selects the root, array indices (negative from the end) and bracketed names', () => {
    assert.deepEqual(select('$'), event);
    assert.equal(select('$.resources[0]'), event.resources[0]);
    assert.equal(select('$.detail.tags[-1]'), 'b');
    assert.equal(select("$['detail']['instance-id']"), 'i-0123456789');
    assert.equal(select('$.detail["quote"]'), 'say "hi"\n');
    assert.equal(select('$.detail.items[1].id'), 2);
  });

  it('returns undefined for a definite path that reaches nothing, null for a null', () => {
    assert.equal(select('$.detail.missing'), undefined);
    assert.equal(select('$.detail.tags[5]'), undefined);
    assert.equal(select('$.detail.state.deeper'), undefined);
    assert.equal(select('$.detail.none'), null);
  });

  it('returns a list for wildcards', () => {
    assert.deepEqual(select('$.detail.tags[*]'), ['a', 'b']);
    assert.deepEqual(select('$.detail.items[*].id'), [1, 2]);
    assert.deepEqual(select('$.detail.nested.*'), ['v', 1]);
    assert.deepEqual(select('$.detail.missing[*]'), []);
    assert.equal(compileJsonPath('$.a[*]').definite, false);
    assert.equal(compileJsonPath('$.a[0]').definite, true);
  });

  for (const bad of ['detail', '$.', '$..a', '$.a[', '$.a[x]', '$a', '$.a[0', "$['a]"]) {
    it(`rejects ${bad}`, () => assert.throws(() => compileJsonPath(bad), JsonPathError));
  }
});

describe('Input and InputPath', () => {
  const base = { Id: 't', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' };

  it('sends the event text unchanged by default', () => {
    assert.equal(renderPayload(base, event, eventText, ctx), eventText);
  });

  it('sends Input as it is', () => {
    assert.equal(renderPayload({ ...base, Input: '{"constant": [1, 2]}' }, event, eventText, ctx), '{"constant": [1, 2]}');
  });

  it('sends the value InputPath selects as JSON', () => {
    assert.equal(renderPayload({ ...base, InputPath: '$.detail' }, event, eventText, ctx), JSON.stringify(event.detail));
    assert.equal(renderPayload({ ...base, InputPath: '$.detail.state' }, event, eventText, ctx), '"RUNNING"');
    assert.equal(renderPayload({ ...base, InputPath: '$.detail.count' }, event, eventText, ctx), '3');
    assert.equal(renderPayload({ ...base, InputPath: '$' }, event, eventText, ctx), eventText);
    assert.equal(renderPayload({ ...base, InputPath: '$.detail.tags[*]' }, event, eventText, ctx), '["a","b"]');
  });

  it('sends null when InputPath selects nothing', () => {
    assert.equal(renderPayload({ ...base, InputPath: '$.detail.missing' }, event, eventText, ctx), 'null');
  });
});

describe('InputTransformer: the user guide examples', () => {
  it('simple string', () => {
    assert.equal(transform('"instance <instance> is in <state>"'), '"instance i-0123456789 is in RUNNING"');
  });

  it('string with escaped quotes', () => {
    assert.equal(transform('"instance \\"<instance>\\" is in <state>"'), '"instance \\"i-0123456789\\" is in RUNNING"');
  });

  it('simple JSON: string variables get their quotes', () => {
    const out = transform('{\n  "instance" : <instance>,\n  "state": <state>\n}');
    assert.deepEqual(JSON.parse(out), { instance: 'i-0123456789', state: 'RUNNING' });
  });

  it('JSON with strings and variables', () => {
    const out = transform('{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \\"<instance>\\" is in <state>"}');
    assert.deepEqual(JSON.parse(out), {
      instance: 'i-0123456789',
      state: 'RUNNING',
      instanceStatus: 'instance "i-0123456789" is in RUNNING',
    });
  });

  it('JSON with a mix of variables and static information (array values)', () => {
    const out = transform('{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}');
    assert.deepEqual(JSON.parse(out), { instance: 'i-0123456789', state: [9, 'RUNNING', true], Transformed: 'Yes' });
  });

  it('reserved variables in JSON', () => {
    const out = transform(
      '{"instance": <instance>, "ruleArn": <aws.events.rule-arn>, "ruleName": <aws.events.rule-name>, ' +
        '"at": <aws.events.event.ingestion-time>, "originalEvent": <aws.events.event.json>, "envelope": <aws.events.event>}',
    );
    const { detail: _detail, ...envelope } = event;
    assert.deepEqual(JSON.parse(out), {
      instance: 'i-0123456789',
      ruleArn: ctx.ruleArn,
      ruleName: 'example',
      at: ctx.ingestionTime,
      originalEvent: event,
      envelope,
    });
  });

  it('reserved variables in a string', () => {
    assert.equal(transform('"<aws.events.rule-name> triggered"'), '"example triggered"');
  });

  it('a plain-text template is sent as text, string values as they are', () => {
    assert.equal(transform('<instance> is in state <state>'), 'i-0123456789 is in state RUNNING');
    assert.equal(transform('count=<n> tags=<t>', { n: '$.detail.count', t: '$.detail.tags' }), 'count=3 tags=["a","b"]');
  });
});

describe('InputTransformer: quoting and escaping', () => {
  const map = {
    quote: '$.detail.quote',
    count: '$.detail.count',
    ok: '$.detail.ok',
    none: '$.detail.none',
    nested: '$.detail.nested',
    tags: '$.detail.tags',
    missing: '$.detail.missing',
    ids: '$.detail.items[*].id',
  };

  it('escapes strings inserted inside a JSON string', () => {
    const out = transform('{"msg": "he said <quote>"}', map);
    assert.deepEqual(JSON.parse(out), { msg: 'he said say "hi"\n' });
  });

  it('escapes strings inserted as JSON values', () => {
    assert.deepEqual(JSON.parse(transform('{"msg": <quote>}', map)), { msg: 'say "hi"\n' });
    assert.equal(transform('<quote>', map), JSON.stringify('say "hi"\n'));
  });

  it('inserts numbers, booleans and null as JSON, inside strings and out', () => {
    assert.deepEqual(JSON.parse(transform('{"c": <count>, "o": <ok>, "n": <none>, "s": "<count>/<ok>/<none>"}', map)), {
      c: 3,
      o: true,
      n: null,
      s: '3/true/null',
    });
  });

  it('inserts objects and arrays raw as values, without their quotes inside strings', () => {
    const out = transform('{"obj": <nested>, "arr": <tags>, "text": "obj=<nested> arr=<tags>"}', map);
    assert.deepEqual(JSON.parse(out), { obj: { k: 'v', n: 1 }, arr: ['a', 'b'], text: 'obj={k:v,n:1} arr=[a,b]' });
  });

  it('a template that is only a placeholder sends that value as JSON', () => {
    assert.equal(transform('<nested>', map), '{"k":"v","n":1}');
    assert.equal(transform('<count>', map), '3');
    assert.equal(transform('<aws.events.event.json>', map), eventText);
  });

  it('inserts the list a wildcard path selects', () => {
    assert.deepEqual(JSON.parse(transform('{"ids": <ids>}', map)), { ids: [1, 2] });
  });

  it('a variable whose path selects nothing is null as a value and empty in a string or text', () => {
    assert.deepEqual(JSON.parse(transform('{"m": <missing>, "s": "[<missing>]"}', map)), { m: null, s: '[]' });
    assert.equal(transform('value: <missing>.', map), 'value: .');
  });

  it('leaves unknown placeholders and other angle brackets as written', () => {
    assert.equal(transform('<b>bold</b> <unknown> <count>', map), '<b>bold</b> <unknown> 3');
    assert.deepEqual(JSON.parse(transform('{"html": "<p><count></p>"}', map)), { html: '<p>3</p>' });
  });

  it('tracks escaped quotes and backslashes when deciding what is inside a string', () => {
    const out = transform('{"a": "x\\\\", "b": <count>, "c": "\\"<count>\\""}', map);
    assert.deepEqual(JSON.parse(out), { a: 'x\\', b: 3, c: '"3"' });
  });

  it('keeps the template text between placeholders byte for byte', () => {
    assert.equal(transform('{ "n" :  <count> }', map), '{ "n" :  3 }');
  });
});

describe('InputTransformer: compile-time checks', () => {
  it('rejects a bad path in InputPathsMap', () => {
    assert.throws(() => compileTemplate({ InputPathsMap: { a: 'detail.x' }, InputTemplate: '<a>' }), TransformError);
  });

  it('reports a JSON-object template with a placeholder as a key', () => {
    const template = '{<instance>: 1}';
    const compiled = compileTemplate({ InputPathsMap: paths, InputTemplate: template });
    assert.match(templateProblem(compiled, template) ?? '', /not valid JSON/);
  });

  it('accepts plain-text and JSON templates', () => {
    for (const template of ['<instance> is <state>', '{"a": <instance>}', '"<state>"', '[<state>, 1]']) {
      const compiled = compileTemplate({ InputPathsMap: paths, InputTemplate: template });
      assert.equal(templateProblem(compiled, template), undefined, template);
    }
  });
});
