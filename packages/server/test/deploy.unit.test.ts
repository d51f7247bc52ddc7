/**
 * Lints the deployment files, since nothing here can run them (no container runtime, no
 * cluster): the Kubernetes manifests in deploy/kubernetes against the Kubernetes API schemas
 * (kubernetes-models) and against each other and the server (ports, probes, labels, env
 * names the server reads, Secret references), and deploy/Dockerfile against the rules in
 * docs/deployment.md (pinned base, build tools only in the build stage, non-root, health
 * check, what the runtime stage must copy — derived from package-lock.json).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { checkStoreConfig } from '../src/storage/open.js';
import { copyFrom, execForm, stages, type Stage } from './helpers/dockerfile-lint.js';
import { loadManifests, schemaProblems, unknownFieldProblems, where, type Manifest } from './helpers/kubernetes-lint.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const K8S = join(ROOT, 'deploy/kubernetes');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

const kustomization = obj(parse(readFileSync(join(K8S, 'kustomization.yaml'), 'utf8')));
const resourceFiles = (kustomization['resources'] as string[] | undefined) ?? [];
const manifests = loadManifests(K8S, resourceFiles);

function only(kind: string): Manifest {
  const found = manifests.filter((m) => m.doc['kind'] === kind);
  assert.equal(found.length, 1, `expected one ${kind}, found ${found.length}`);
  return found[0]!;
}
const name = (m: Manifest): unknown => obj(m.doc['metadata'])['name'];
const deployment = only('Deployment').doc;
const podTemplate = obj(obj(deployment['spec'])['template']);
const podLabels = obj(obj(podTemplate['metadata'])['labels']);
const podSpec = obj(podTemplate['spec']);
const container = list(podSpec['containers'])[0] ?? {};
const containerPorts = list(container['ports']);

/** The container port a Service targetPort or probe port names (by name or number). */
function containerPort(port: unknown): number | undefined {
  const p = containerPorts.find((c) => c['name'] === port || c['containerPort'] === port);
  return p?.['containerPort'] as number | undefined;
}

/** Every `matchLabels` entry is a label of the pod template. */
function selects(selector: Obj, what: string): void {
  assert.ok(Object.keys(selector).length > 0, `${what}: empty selector`);
  for (const [k, v] of Object.entries(selector)) assert.equal(podLabels[k], v, `${what}: selector ${k}=${String(v)} matches no pod template label`);
}

/** The SWITCHBOARD_* variables the server's source reads. */
function envNamesRead(dir = join(ROOT, 'packages/server/src')): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) envNamesRead(path).forEach((n) => names.add(n));
    else if (entry.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/'(SWITCHBOARD_[A-Z0-9_]+)'/g)) names.add(m[1]!);
  }
  return names;
}

/** A number the server's source states, e.g. the longest long poll; fails if the source changed shape. */
function sourceNumber(file: string, pattern: RegExp): number {
  const m = pattern.exec(read(file));
  assert.ok(m?.[1], `${file}: ${pattern} not found; update this test with the source`);
  return Number(m[1].replaceAll('_', ''));
}

/** The string values a ConfigMap or Secret defines (Secret `data` is base64). */
function keysOf(m: Manifest): Map<string, string> {
  const values = new Map<string, string>();
  for (const [k, v] of Object.entries(obj(m.doc['data']))) values.set(k, m.doc['kind'] === 'Secret' ? Buffer.from(String(v), 'base64').toString() : String(v));
  for (const [k, v] of Object.entries(obj(m.doc['stringData']))) values.set(k, String(v));
  return values;
}

describe('deploy/kubernetes', () => {
  test('kustomization.yaml lists exactly the manifests of the folder', () => {
    assert.equal(kustomization['apiVersion'], 'kustomize.config.k8s.io/v1beta1');
    assert.equal(kustomization['kind'], 'Kustomization');
    const present = readdirSync(K8S).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml').sort();
    assert.deepEqual([...resourceFiles].sort(), present);
    assert.equal(kustomization['namespace'], name(only('Namespace')), 'the kustomization namespace is the Namespace created');
    for (const m of manifests) {
      const ns = obj(m.doc['metadata'])['namespace'];
      assert.ok(ns === undefined || ns === kustomization['namespace'], `${where(m)}: namespace ${String(ns)} is not the kustomization's`);
    }
    const image = String(container['image']).split(':')[0];
    assert.ok(list(kustomization['images']).some((i) => i['name'] === image), `kustomization images name ${image}`);
  });

  test('every document is valid against the Kubernetes API schema of its kind', async () => {
    assert.ok(manifests.length >= 6);
    const problems = (await Promise.all(manifests.map(schemaProblems))).flat();
    assert.deepEqual(problems, []);
    const ids = manifests.map((m) => `${String(m.doc['kind'])}/${String(name(m))}`);
    assert.equal(new Set(ids).size, ids.length, `duplicate objects: ${ids.join(', ')}`);
  });

  test('no document has a field its kind does not define', () => {
    assert.deepEqual(unknownFieldProblems(manifests, join(ROOT, 'packages/server/test')), []);
  });

  test('selectors of the Deployment, Service and PodDisruptionBudget match the pod template', () => {
    const spec = obj(deployment['spec']);
    selects(obj(obj(spec['selector'])['matchLabels']), 'Deployment');
    selects(obj(only('Service').doc['spec'])['selector'] as Obj, 'Service');
    const pdb = obj(only('PodDisruptionBudget').doc['spec']);
    selects(obj(obj(pdb['selector'])['matchLabels']), 'PodDisruptionBudget');
    assert.equal(spec['replicas'], 3);
    assert.ok(Number(pdb['minAvailable']) < Number(spec['replicas']), 'the budget must allow one pod to be evicted');
  });

  test('Service, probes and scrape annotations point at the container port; probes ask /health', () => {
    const service = obj(only('Service').doc['spec']);
    assert.equal(service['type'] ?? 'ClusterIP', 'ClusterIP');
    for (const p of list(service['ports'])) {
      assert.equal(p['port'], 4010);
      assert.equal(containerPort(p['targetPort'] ?? p['port']), 4010, `Service targetPort ${String(p['targetPort'])} is no container port`);
    }
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      const get = obj(obj(container[probe])['httpGet']);
      if (probe !== 'startupProbe') assert.ok(container[probe], `${probe} missing`);
      if (!container[probe]) continue;
      assert.equal(get['path'], '/health', `${probe} path`);
      assert.equal(containerPort(get['port']), 4010, `${probe} port ${String(get['port'])} is no container port`);
    }
    const annotations = obj(obj(podTemplate['metadata'])['annotations']);
    assert.equal(annotations['prometheus.io/scrape'], 'true');
    assert.equal(annotations['prometheus.io/path'], '/metrics');
    assert.equal(containerPort(Number(annotations['prometheus.io/port'])), 4010);
    assert.equal(keysOf(only('ConfigMap')).get('SWITCHBOARD_PORT'), String(containerPorts[0]?.['containerPort']), 'the server listens on the container port');
  });

  test('env references resolve to ConfigMap/Secret keys, and every variable is one the server reads', () => {
    const sources = new Map(manifests.filter((m) => ['ConfigMap', 'Secret'].includes(String(m.doc['kind']))).map((m) => [`${String(m.doc['kind'])}/${String(name(m))}`, m]));
    const read = envNamesRead();
    const used = new Set<string>();
    for (const env of list(container['env'])) {
      assert.ok(read.has(String(env['name'])), `env ${String(env['name'])} is read nowhere in packages/server/src`);
      const from = obj(env['valueFrom']);
      for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
        const ref = obj(from[field]);
        if (!from[field]) continue;
        const source = sources.get(`${kind}/${String(ref['name'])}`);
        assert.ok(source, `env ${String(env['name'])}: no ${kind} ${String(ref['name'])}`);
        assert.ok(keysOf(source).has(String(ref['key'])), `env ${String(env['name'])}: ${kind} ${String(ref['name'])} has no key ${String(ref['key'])}`);
        used.add(`${kind}/${String(ref['name'])}/${String(ref['key'])}`);
      }
    }
    for (const ref of list(container['envFrom'])) {
      const cm = obj(ref['configMapRef'])['name'], secret = obj(ref['secretRef'])['name'];
      assert.ok(cm === undefined || sources.has(`ConfigMap/${String(cm)}`), `envFrom: no ConfigMap ${String(cm)}`);
      assert.ok(secret === undefined || sources.has(`Secret/${String(secret)}`), `envFrom: no Secret ${String(secret)}`);
    }
    for (const [id, m] of sources) for (const key of keysOf(m).keys()) assert.ok(used.has(`${id}/${key}`), `${id} key ${key} is used by no env entry`);
  });

  test('the Secret is a template: a postgres:// URL the server accepts, with the placeholder password', () => {
    const values = keysOf(only('Secret'));
    const url = values.get('SWITCHBOARD_STORE');
    assert.ok(url, 'Secret has SWITCHBOARD_STORE');
    checkStoreConfig({ url, schema: keysOf(only('ConfigMap')).get('SWITCHBOARD_STORE_SCHEMA') });
    assert.equal(decodeURIComponent(new URL(url).password), 'REPLACE_ME', 'never commit a real password');
    assert.ok(list(container['env']).some((e) => e['name'] === 'SWITCHBOARD_STORE'), 'several replicas need the shared PostgreSQL store');
  });

  test('the pod meets the restricted Pod Security Standard and has requests and limits', () => {
    const pod = obj(podSpec['securityContext']), sc = obj(container['securityContext']);
    assert.equal(pod['runAsNonRoot'] ?? sc['runAsNonRoot'], true);
    assert.notEqual(pod['runAsUser'] ?? sc['runAsUser'], 0);
    assert.equal(sc['allowPrivilegeEscalation'], false);
    assert.equal(sc['readOnlyRootFilesystem'], true);
    assert.ok((obj(sc['capabilities'])['drop'] as unknown[] | undefined)?.includes('ALL'), 'capabilities drop ALL');
    assert.equal(obj(sc['seccompProfile'] ?? pod['seccompProfile'])['type'], 'RuntimeDefault');
    const resources = obj(container['resources']);
    for (const bound of ['requests', 'limits']) for (const r of ['cpu', 'memory']) assert.ok(obj(resources[bound])[r], `resources.${bound}.${r}`);
    const image = String(container['image']);
    assert.match(image, /:[\w.-]+$/, 'the image has a tag');
    assert.doesNotMatch(image, /:latest$/);
  });

  test('the grace period outlasts the preStop pause, the longest long poll and the delivery drain', () => {
    const longPoll = sourceNumber('packages/server/src/services/sqs/receive.ts', /'WaitTimeSeconds', 0, (\d+)\)/);
    const drainMs = sourceNumber('packages/server/src/services/eventbridge/dispatcher.ts', /const STOP_GRACE_MS = ([\d_]+);/);
    const command = obj(obj(obj(container['lifecycle'])['preStop'])['exec'])['command'] as string[] | undefined;
    const pause = command?.[0] === 'sleep' ? Number(command[1]) : 0;
    const grace = Number(podSpec['terminationGracePeriodSeconds'] ?? 30);
    assert.ok(grace > pause + longPoll + drainMs / 1000, `terminationGracePeriodSeconds ${grace} <= ${pause} + ${longPoll} + ${drainMs / 1000}`);
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = read('deploy/Dockerfile');
  const all = stages(dockerfile);
  const final: Stage = all.at(-1)!;
  const lines = (stage: Stage, keyword: string): string[] => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
  const runs = (stage: Stage): string => lines(stage, 'RUN').join('\n');

  test('multi-stage on one pinned Node image: the Node major of engines and CI, slim Debian', () => {
    assert.ok(all.length >= 2, 'a build stage and a runtime stage');
    const major = /(\d+)/.exec(JSON.parse(read('package.json')).engines.node as string)?.[1];
    for (const s of all) assert.equal(s.image, `node:${major}-bookworm-slim`, `FROM ${s.image}`);
    assert.doesNotMatch(dockerfile, /^\s*ADD\s/im, 'COPY, never ADD (no remote URLs, no implicit unpacking)');
  });

  test('build tools and npm install only in the build stage; production dependencies only', () => {
    const build = all.slice(0, -1).map(runs).join('\n');
    for (const tool of ['python3', 'make', 'g++']) assert.match(build, new RegExp(`apt-get install[^\\n]*\\s${tool.replace('+', '\\+')}(\\s|$)`), `${tool} in the build stage`);
    assert.doesNotMatch(runs(final), /apt-get install|npm (ci|install)/, 'the runtime stage installs nothing');
    assert.match(build, /\bnpm ci\b/);
    assert.doesNotMatch(build, /\bnpm install\b/);
    assert.match(build, /npm run build/);
    assert.match(build, /npm prune --omit=dev/);
    // The workspace tsconfigs extend the root one: the build stage must have it.
    const copied = all.slice(0, -1).flatMap((s) => lines(s, 'COPY')).join(' ');
    for (const pkg of ['event-patterns', 'server']) {
      const ext = JSON.parse(read(`packages/${pkg}/tsconfig.json`)).extends as string | undefined;
      if (ext) assert.ok(copied.includes(ext.replace(/^(\.\.\/)+/, '')), `the build stage copies ${ext}`);
    }
  });

  test('the runtime stage copies what the server loads: node_modules, linked workspaces, nested dependencies', () => {
    const copies = final.instructions.flatMap((i) => copyFrom(i)?.sources ?? []).map((s) => s.replace(/^\/app\//, ''));
    const has = (path: string): boolean => copies.some((c) => path === c || path.startsWith(`${c}/`));
    assert.ok(has('node_modules'));
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { link?: boolean; resolved?: string; dev?: boolean }> };
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (entry.dev) continue;
      if (entry.link && entry.resolved) {
        const pkg = JSON.parse(read(`${entry.resolved}/package.json`)) as { files?: string[] };
        for (const f of ['package.json', ...(pkg.files ?? [])]) assert.ok(has(`${entry.resolved}/${f}`), `${path} links to ${entry.resolved}: copy ${entry.resolved}/${f}`);
      }
      const nested = /^(packages\/[^/]+\/node_modules)\//.exec(path);
      if (nested) assert.ok(has(nested[1]!), `${path} is a production dependency: copy ${nested[1]}`);
    }
  });

  test('runs as a non-root user, with a health check, port, stop signal and exec-form entrypoint', () => {
    const user = lines(final, 'USER').at(-1);
    assert.ok(user && !/^(root|0)(:|$)/.test(user), `USER ${String(user)}`);
    const healthcheck = lines(final, 'HEALTHCHECK').join(' ');
    assert.match(healthcheck, /\bCMD\b.*\/health/);
    assert.deepEqual(lines(final, 'EXPOSE'), ['4010']);
    assert.deepEqual(lines(final, 'STOPSIGNAL'), ['SIGTERM']);
    const entrypoint = execForm(lines(final, 'ENTRYPOINT').at(-1) ?? '');
    assert.ok(entrypoint, 'ENTRYPOINT in exec form, so node is PID 1 and gets SIGTERM');
    const bin = JSON.parse(read('packages/server/package.json')).bin.switchboard as string;
    assert.deepEqual(entrypoint.slice(0, 2), ['node', `/app/packages/server/${bin.replace(/^\.\//, '')}`]);
    assert.deepEqual(entrypoint.slice(2), ['dev', '--host', '0.0.0.0']);
    const env = lines(final, 'ENV').join(' ');
    const dataDir = /SWITCHBOARD_DATA_DIR=(\S+)/.exec(env)?.[1];
    assert.ok(dataDir, 'SWITCHBOARD_DATA_DIR set');
    assert.deepEqual(lines(final, 'VOLUME').map((v) => execForm(v) ?? [v]).flat(), [dataDir], 'the SQLite directory is a volume');
  });

  test('.dockerignore keeps dependencies, builds, local data and history out of the context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const entry of ['.git', '**/node_modules', '**/dist', '.switchboard']) assert.ok(ignored.includes(entry), `.dockerignore has ${entry}`);
  });
});
