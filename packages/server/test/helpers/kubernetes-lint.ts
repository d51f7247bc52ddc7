/**
 * Linting Kubernetes manifests against the Kubernetes API schemas that the `kubernetes-models`
 * package ships (generated from the Kubernetes OpenAPI document): each document is checked by
 * the package's Ajv-compiled validator for its apiVersion and kind (types, required fields,
 * enums, formats), and — since those schemas allow unknown fields, which is how a misspelt
 * `readinesProbe` slips through — by TypeScript's excess-property check against the same
 * package's interfaces.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

/** One YAML document of a manifest file. */
export interface Manifest {
  /** The file, relative to the folder that was loaded. */
  readonly file: string;
  /** Position of the document in its file (0-based). */
  readonly index: number;
  readonly doc: Record<string, unknown>;
}

/** `file#index kind/name`, for messages. */
export function where(m: Manifest): string {
  const meta = m.doc['metadata'] as { name?: unknown } | undefined;
  return `${m.file}#${m.index} ${String(m.doc['kind'])}/${String(meta?.name)}`;
}

/** Parses every document of `files` (paths relative to `dir`); throws on YAML errors, naming the file. */
export function loadManifests(dir: string, files: readonly string[]): Manifest[] {
  const out: Manifest[] = [];
  for (const file of files) {
    const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'), { prettyErrors: true });
    if (!Array.isArray(docs)) throw new Error(`${file}: not a YAML stream`);
    docs.forEach((d, index) => {
      if (d.errors.length > 0) throw new Error(`${file}#${index}: ${d.errors.map((e) => e.message).join('; ')}`);
      if (d.warnings.length > 0) throw new Error(`${file}#${index}: ${d.warnings.map((e) => e.message).join('; ')}`);
      const doc: unknown = d.toJS();
      if (doc === null || doc === undefined) return;
      if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file}#${index}: a manifest must be a mapping`);
      out.push({ file, index, doc: doc as Record<string, unknown> });
    });
  }
  return out;
}

/** The module path of the `kubernetes-models` model for an apiVersion and kind. */
function modelPath(apiVersion: string, kind: string): string {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

interface ModelClass {
  new (data: unknown): { validate(): void };
}

/** Schema violations of one document ([] when valid); an unknown apiVersion/kind pair is one. */
export async function schemaProblems(m: Manifest): Promise<string[]> {
  const { apiVersion, kind } = m.doc;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [`${where(m)}: apiVersion and kind must be strings`];
  let model: ModelClass | undefined;
  try {
    const mod = (await import(modelPath(apiVersion, kind))) as Record<string, unknown>;
    model = mod[kind] as ModelClass | undefined;
  } catch {
    model = undefined;
  }
  if (!model) return [`${where(m)}: no Kubernetes API has kind ${kind} in ${apiVersion}`];
  try {
    // The model sets apiVersion and kind itself; validate() checks the whole document.
    new model(m.doc).validate();
    return [];
  } catch (err) {
    return [`${where(m)}: ${err instanceof Error ? err.message : String(err)}`];
  }
}

/**
 * Fields the Kubernetes schema does not define, found by type-checking each document as an
 * object literal of its kind's interface. `fromDir` must be a folder from which
 * `kubernetes-models` resolves. TypeScript stops at the first offending field of a literal,
 * so this names at most one per document: fix it and the next one shows.
 */
export function unknownFieldProblems(manifests: readonly Manifest[], fromDir: string): string[] {
  const fileName = join(fromDir, '__kubernetes_manifests__.ts');
  const lines: string[] = [];
  /** The manifest whose literal starts at each line, to name it in messages. */
  const owners: Array<{ line: number; manifest: Manifest }> = [];
  manifests.forEach((m, i) => {
    const { apiVersion, kind } = m.doc;
    lines.push(`import type { I${String(kind)} as T${i} } from '${modelPath(String(apiVersion), String(kind))}';`);
  });
  manifests.forEach((m, i) => {
    owners.push({ line: lines.length, manifest: m });
    lines.push(...`export const doc${i}: T${i} = ${JSON.stringify(m.doc, null, 2)};`.split('\n'));
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === fileName ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === fileName ? source : readFile(name));
  const program = ts.createProgram([fileName], options, host);
  const file = program.getSourceFile(fileName);
  if (!file) throw new Error('the generated manifest source was not loaded');
  const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
  return diagnostics.map((d) => {
    const line = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line;
    const owner = [...owners].reverse().find((o) => o.line <= line);
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    const at = owner ? where(owner.manifest) : relative(fromDir, fileName);
    return `${at}: ${text} (near ${JSON.stringify(lines[line]?.trim() ?? '')})`;
  });
}
