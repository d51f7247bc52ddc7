/**
 * A small Dockerfile reader for the deployment lint: instructions with their arguments (line
 * continuations joined, comments and parser directives dropped), grouped into build stages,
 * with `ARG` defaults declared before the first `FROM` substituted into `FROM` lines as
 * Docker does. It reads the subset our Dockerfile uses; it is not a full parser.
 */

/** One instruction: `COPY --from=build /a /b` is { keyword: 'COPY', args: '--from=build /a /b' }. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  /** 1-based line where the instruction starts. */
  readonly line: number;
}

/** A build stage: its `FROM` image (ARGs substituted), its name, and its instructions. */
export interface Stage {
  readonly image: string;
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

/** Instructions in order, continuations joined. */
export function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, i) => {
    const trimmed = raw.trim();
    // Comments (and parser directives, which look like comments) end no instruction: a
    // comment line inside a continuation is skipped, as Docker does.
    if (trimmed.startsWith('#') || (trimmed === '' && !pending)) return;
    const continued = trimmed.endsWith('\\');
    const part = continued ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending ? { text: `${pending.text} ${part}`, line: pending.line } : { text: part, line: i + 1 };
    if (continued) return;
    const match = /^(\S+)\s*(.*)$/.exec(pending.text);
    if (match) out.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: pending.line });
    pending = undefined;
  });
  return out;
}

/** The stages of a Dockerfile, in order. */
export function stages(text: string): Stage[] {
  const args = new Map<string, string>();
  const out: Array<{ image: string; name: string | undefined; instructions: Instruction[] }> = [];
  for (const ins of instructions(text)) {
    if (ins.keyword === 'ARG' && out.length === 0) {
      const [name, value] = ins.args.split('=', 2);
      if (name && value !== undefined) args.set(name.trim(), value.trim().replace(/^"(.*)"$/, '$1'));
      continue;
    }
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const image = (words[0] ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => args.get(a ?? b ?? '') ?? '');
      const name = words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
      out.push({ image, name, instructions: [] });
      continue;
    }
    out.at(-1)?.instructions.push(ins);
  }
  return out;
}

/** A JSON-array (exec form) argument list, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((a) => typeof a === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** `COPY --from=<stage> <src>... <dest>`: the sources and destination of a COPY from another stage. */
export function copyFrom(ins: Instruction): { from: string; sources: string[]; dest: string } | undefined {
  if (ins.keyword !== 'COPY') return undefined;
  const words = ins.args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  if (from === undefined || paths.length < 2) return undefined;
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
}
