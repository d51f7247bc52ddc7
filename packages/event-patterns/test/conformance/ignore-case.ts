// equals-ignore-case, and prefix / suffix combined with equals-ignore-case.
import { matchGroup } from './types.js';

const g = matchGroup('equals-ignore-case');

g.each('ascii', '{"name":[{"equals-ignore-case":"alice"}]}', [
  ['{"name":"alice"}', true, 'same case'],
  ['{"name":"Alice"}', true, 'capitalised'],
  ['{"name":"ALICE"}', true, 'upper case'],
  ['{"name":"aLiCe"}', true, 'mixed case'],
  ['{"name":"alicia"}', false, 'different word'],
  ['{"name":"alice "}', false, 'trailing space'],
  ['{"name":"alic"}', false, 'shorter'],
  ['{"name":["BOB","ALICE"]}', true, 'inside event array'],
  ['{"nom":"alice"}', false, 'field missing'],
]);

g.each('pattern written in upper case', '{"source":[{"equals-ignore-case":"EC2"}]}', [
  ['{"source":"ec2"}', true, 'lower-case event'],
  ['{"source":"Ec2"}', true, 'mixed-case event'],
  ['{"source":"ec3"}', false, 'different'],
]);

g.each('only strings', '{"v":[{"equals-ignore-case":"true"}]}', [
  ['{"v":true}', false, 'boolean true'],
  ['{"v":"TRUE"}', true, 'string TRUE'],
  ['{"v":null}', false, 'null'],
]);

g.each('digits and punctuation are unaffected', '{"id":[{"equals-ignore-case":"ab-12_x"}]}', [
  ['{"id":"AB-12_X"}', true, 'letters upper-cased'],
  ['{"id":"AB-12-X"}', false, 'punctuation differs'],
]);

g.each('non-ASCII letters', '{"city":[{"equals-ignore-case":"münchen"}]}', [
  ['{"city":"MÜNCHEN"}', true, 'upper-case umlaut'],
  ['{"city":"München"}', true, 'capitalised'],
  ['{"city":"munchen"}', false, 'umlaut dropped'],
]);

g.each('Greek and Cyrillic', '{"w":[{"equals-ignore-case":"αθηνα"},{"equals-ignore-case":"привет"}]}', [
  ['{"w":"ΑΘΗΝΑ"}', true, 'upper-case Greek'],
  ['{"w":"ПРИВЕТ"}', true, 'upper-case Cyrillic'],
  ['{"w":"Привет"}', true, 'capitalised Cyrillic'],
  ['{"w":"privet"}', false, 'transliteration is not a match'],
]);

g.each('sharp s folds to SS / ss', '{"street":[{"equals-ignore-case":"straße"}]}', [
  ['{"street":"STRASSE"}', true, 'SS'],
  ['{"street":"strasse"}', true, 'ss'],
  ['{"street":"STRAßE"}', true, 'ß kept'],
  ['{"street":"strase"}', false, 'single s'],
], { note: 'SEMANTICS.md: full Unicode folding via toUpperCase() then toLowerCase(), so ß ~ SS ~ ss' });

g.each('long s folds to s', '{"w":[{"equals-ignore-case":"ſun"}]}', [
  ['{"w":"sun"}', true, 'plain s'],
  ['{"w":"SUN"}', true, 'capital S'],
], { note: 'SEMANTICS.md: ſ ~ s' });

g.each('final sigma and sigma are the same letter', '{"w":[{"equals-ignore-case":"οδος"}]}', [
  ['{"w":"ΟΔΟΣ"}', true, 'capital sigma'],
  ['{"w":"οδοσ"}', true, 'non-final sigma at the end'],
], { note: 'SEMANTICS.md: final sigma ~ sigma' });

g.each('emoji pass through unchanged', '{"t":[{"equals-ignore-case":"🎉 party"}]}', [
  ['{"t":"🎉 PARTY"}', true, 'letters differ in case only'],
  ['{"t":"🎊 PARTY"}', false, 'different emoji'],
]);

const p = matchGroup('prefix-equals-ignore-case');

p.each('prefix ignoring case', '{"detail":{"service":[{"prefix":{"equals-ignore-case":"EventB"}}]}}', [
  ['{"detail":{"service":"EventBridge"}}', true, 'same case'],
  ['{"detail":{"service":"eventbridge"}}', true, 'lower case'],
  ['{"detail":{"service":"EVENTBUS"}}', true, 'upper case, other ending'],
  ['{"detail":{"service":"Event"}}', false, 'shorter than the prefix'],
  ['{"detail":{"service":"MyEventBridge"}}', false, 'prefix appears later'],
  ['{"detail":{"service":["sqs","EVENTBRIDGE"]}}', true, 'inside event array'],
  ['{"detail":{"service":42}}', false, 'number'],
]);

p.each('prefix ignoring case, non-ASCII', '{"n":[{"prefix":{"equals-ignore-case":"ÉCO"}}]}', [
  ['{"n":"école"}', true, 'lower-case accented'],
  ['{"n":"Économie"}', true, 'capitalised accented'],
  ['{"n":"ecole"}', false, 'accent dropped'],
]);

p.each('prefix ignoring case with sharp s', '{"n":[{"prefix":{"equals-ignore-case":"STRASSE"}}]}', [
  ['{"n":"straße 5"}', true, 'ß in the event'],
  ['{"n":"Strasbourg"}', false, 'other word'],
], { note: 'SEMANTICS.md folding: "straße 5" folds to "strasse 5"' });

const s = matchGroup('suffix-equals-ignore-case');

s.each('suffix ignoring case', '{"detail":{"FileName":[{"suffix":{"equals-ignore-case":".png"}}]}}', [
  ['{"detail":{"FileName":"a.png"}}', true, 'same case'],
  ['{"detail":{"FileName":"A.PNG"}}', true, 'upper case'],
  ['{"detail":{"FileName":"a.Png"}}', true, 'mixed case'],
  ['{"detail":{"FileName":"a.png.txt"}}', false, 'suffix not at end'],
  ['{"detail":{"FileName":"png"}}', false, 'shorter than the suffix'],
  ['{"detail":{"FileName":true}}', false, 'boolean'],
]);

s.each('suffix ignoring case, written upper', '{"svc":[{"suffix":{"equals-ignore-case":"tBridge"}}]}', [
  ['{"svc":"EVENTBRIDGE"}', true, 'upper case'],
  ['{"svc":"eventbridge"}', true, 'lower case'],
  ['{"svc":"eventbridges"}', false, 'extra letter at end'],
]);

s.each('suffix ignoring case, Cyrillic', '{"w":[{"suffix":{"equals-ignore-case":"ВЕТ"}}]}', [
  ['{"w":"привет"}', true, 'lower-case ending'],
  ['{"w":"привес"}', false, 'different ending'],
]);

export const equalsIgnoreCaseCases = g.cases;
export const prefixIgnoreCaseCases = p.cases;
export const suffixIgnoreCaseCases = s.cases;
