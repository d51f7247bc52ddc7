// prefix and suffix matching (string values only, case-sensitive).
import { matchGroup } from './types.js';

const g = matchGroup('prefix');

g.each('prefix us-', '{"region":[{"prefix":"us-"}]}', [
  ['{"region":"us-east-1"}', true, 'starts with prefix'],
  ['{"region":"us-"}', true, 'equals the prefix'],
  ['{"region":"us"}', false, 'shorter than the prefix'],
  ['{"region":"eu-west-1"}', false, 'different start'],
  ['{"region":"US-east-1"}', false, 'different case'],
  ['{"region":"xus-east-1"}', false, 'prefix appears later'],
  ['{"region":["eu-west-1","us-west-2"]}', true, 'one array element starts with it'],
  ['{"region":["eu-west-1","ap-south-1"]}', false, 'no array element starts with it'],
  ['{"zone":"us-east-1"}', false, 'field missing'],
  ['{"region":null}', false, 'null value'],
  ['{"region":{"name":"us-east-1"}}', false, 'object value'],
]);

g.each('prefix of a date', '{"time":[{"prefix":"2024-03-"}]}', [
  ['{"time":"2024-03-15T10:00:00Z"}', true, 'same month'],
  ['{"time":"2024-04-01T00:00:00Z"}', false, 'next month'],
]);

g.each('prefix on numbers never matches', '{"code":[{"prefix":"12"}]}', [
  ['{"code":123}', false, 'number whose digits start with 12'],
  ['{"code":"123"}', true, 'string "123"'],
  ['{"code":true}', false, 'boolean'],
], { note: 'prefix only works on string-valued fields (AWS content filtering; event-ruler README)' });

g.each('empty prefix matches any string', '{"s":[{"prefix":""}]}', [
  ['{"s":""}', true, 'empty string'],
  ['{"s":"anything"}', true, 'non-empty string'],
  ['{"s":0}', false, 'number'],
  ['{"s":null}', false, 'null'],
  ['{"t":"x"}', false, 'field missing'],
], { note: 'SEMANTICS.md: prefix "" is allowed and matches any string' });

g.each('several prefixes ORed', '{"file":[{"prefix":"img/"},{"prefix":"video/"},"README"]}', [
  ['{"file":"img/a.png"}', true, 'first prefix'],
  ['{"file":"video/b.mp4"}', true, 'second prefix'],
  ['{"file":"README"}', true, 'exact alternative'],
  ['{"file":"docs/README"}', false, 'none'],
]);

g.each('prefix with punctuation and spaces', '{"msg":[{"prefix":"[WARN] disk "}]}', [
  ['{"msg":"[WARN] disk 91% full"}', true, 'matches'],
  ['{"msg":"[WARN]  disk 91% full"}', false, 'double space'],
]);

g.each('prefix is not a wildcard', '{"p":[{"prefix":"a*"}]}', [
  ['{"p":"a*b"}', true, 'literal star'],
  ['{"p":"abc"}', false, 'star is not special'],
]);

const s = matchGroup('suffix');

s.each('suffix .png', '{"FileName":[{"suffix":".png"}]}', [
  ['{"FileName":"photo.png"}', true, 'ends with suffix'],
  ['{"FileName":".png"}', true, 'equals the suffix'],
  ['{"FileName":"png"}', false, 'shorter than the suffix'],
  ['{"FileName":"photo.png.bak"}', false, 'suffix not at the end'],
  ['{"FileName":"photo.PNG"}', false, 'different case'],
  ['{"FileName":"photo.jpg"}', false, 'different ending'],
  ['{"FileName":["a.txt","b.png"]}', true, 'one array element ends with it'],
  ['{"FileName":["a.txt","b.gif"]}', false, 'no array element ends with it'],
  ['{"Name":"photo.png"}', false, 'field missing'],
]);

s.each('suffix on numbers never matches', '{"n":[{"suffix":"00"}]}', [
  ['{"n":100}', false, 'number ending in 00'],
  ['{"n":"100"}', true, 'string "100"'],
], { note: 'suffix only works on string-valued fields' });

s.each('prefix and suffix in one value list', '{"key":[{"prefix":"logs/"},{"suffix":".gz"}]}', [
  ['{"key":"logs/app.txt"}', true, 'prefix only'],
  ['{"key":"data/app.gz"}', true, 'suffix only'],
  ['{"key":"data/app.txt"}', false, 'neither'],
]);

s.each('prefix and suffix on two fields ANDed', '{"bucket":[{"prefix":"prod-"}],"key":[{"suffix":".csv"}]}', [
  ['{"bucket":"prod-data","key":"x/y.csv"}', true, 'both'],
  ['{"bucket":"dev-data","key":"x/y.csv"}', false, 'bucket fails'],
  ['{"bucket":"prod-data","key":"x/y.tsv"}', false, 'key fails'],
]);

export const prefixCases = g.cases;
export const suffixCases = s.cases;
