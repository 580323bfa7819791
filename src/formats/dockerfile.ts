// Dockerfiles (and Containerfiles) to facts. `ENV KEY=value ...`, the legacy `ENV KEY value with
// spaces` and `ARG KEY=default` are baked into the image (context "dockerfile"); `RUN` commands
// that set a variable for one build step (`RUN SECRET_KEY=x python manage.py collectstatic`,
// `export KEY=v && ...`) give context "build-dummy". Instructions are case-insensitive, continue
// over lines with the escape character (`# escape=` directive honoured), and skip comment lines
// inside a continued instruction, as BuildKit does. Here-documents (`RUN <<EOF`, `COPY <<EOF
// /app/.env`) are read too. The stage (`FROM ... AS name`) is the binding's section.
import { LineIndex } from "../engine/positions.ts";
import type { Binding, Context, FileFacts } from "../engine/types.ts";
import { decodedValue } from "./decoded-text.ts";
import { readDotenv } from "./dotenv.ts";
import { baseName, type Format } from "./format.ts";
import { describeErrors, wordForMessage, type ReadError } from "./parse-errors.ts";
import { argumentAssignment, blankOut, commandWordFinder, lex, lexRun, wordsOf, type LexOptions, type Word } from "./shell-words.ts";
import { byPosition, heredocBindings, isShell, tokenBindings } from "./shell.ts";

/**
 * `Dockerfile`, `Dockerfile.*` / `Dockerfile-*` / `Dockerfile_*` (Dockerfile.prod), `*.Dockerfile`,
 * and the same for `Containerfile`, in any letter case; not BuildKit's `*.dockerignore` files.
 */
export function claimsDockerfile(path: string): boolean {
  const name = baseName(path);
  if (name.endsWith(".dockerignore")) return false;
  return /^(docker|container)file([._-]|$)/.test(name) || /\.(docker|container)file$/.test(name);
}

/** Any name Docker accepts before `=` in ENV and ARG. */
const DOCKER_NAME = /^[^\s=]+$/;

interface Body {
  from: number;
  to: number;
  delimiter: string;
}

interface Instruction {
  /** From the keyword to the end of the instruction's last line (line end excluded). */
  from: number;
  to: number;
  bodies: Body[];
}

interface Line {
  from: number;
  to: number;
  next: number;
}

class DockerfileReader {
  readonly bindings: Binding[] = [];
  readonly errors: ReadError[] = [];
  private readonly text: string;
  private readonly lines: LineIndex;
  private escape = "\\";
  /** The file with comment lines inside continued instructions blanked out (offsets unchanged). */
  private masked = "";
  private stage: string | undefined;

  constructor(text: string, lines: LineIndex) {
    this.text = text;
    this.lines = lines;
  }

  private lineAt(p: number): Line {
    const { text } = this;
    let eol = text.indexOf("\n", p);
    if (eol < 0) eol = text.length;
    return { from: p, to: text[eol - 1] === "\r" ? eol - 1 : eol, next: eol + 1 };
  }

  private trimmedStart(l: Line): number {
    let k = l.from;
    while (k < l.to && /\s/.test(this.text[k]!)) k++;
    return k;
  }

  /** The line ends with the escape character, maybe followed by blanks: the instruction goes on. */
  private continues(l: Line): boolean {
    let k = l.to;
    while (k > l.from && (this.text[k - 1] === " " || this.text[k - 1] === "\t")) k--;
    return k > l.from && this.text[k - 1] === this.escape;
  }

  run(): void {
    const instructions = this.split();
    for (const ins of instructions) this.instruction(ins.from, ins.to, ins.bodies, 0);
  }

  /** Parser directives, then the instructions with their here-document bodies. */
  private split(): Instruction[] {
    const { text } = this;
    let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (;;) {
      if (p >= text.length) break;
      const l = this.lineAt(p);
      const m = /^#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=[ \t]*(\S*)[ \t]*$/.exec(text.slice(l.from, l.to));
      if (!m) break;
      if (m[1]!.toLowerCase() === "escape" && (m[2] === "`" || m[2] === "\\")) this.escape = m[2];
      p = l.next;
    }
    const blanks: [number, number][] = [];
    const out: Instruction[] = [];
    while (p < text.length) {
      const l = this.lineAt(p);
      const start = this.trimmedStart(l);
      p = l.next;
      if (start >= l.to || text[start] === "#") continue;
      let end = l.to;
      let last = l;
      while (this.continues(last) && p < text.length) {
        const n = this.lineAt(p);
        p = n.next;
        const s = this.trimmedStart(n);
        if (s >= n.to || text[s] === "#") {
          // Comment and empty lines inside a continued instruction are dropped, line end and all.
          blanks.push([n.from, Math.min(n.next, text.length)]);
          continue;
        }
        last = n;
        end = n.to;
      }
      const bodies: Body[] = [];
      const keyword = /^[A-Za-z]+/.exec(text.slice(start, Math.min(end, start + 16)))?.[0].toUpperCase();
      if (keyword === "RUN" || keyword === "COPY" || keyword === "ADD" || keyword === "ONBUILD") {
        for (const m of text.slice(start, end).matchAll(/(?:^|\s)<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
          const stripTabs = m[1] === "-";
          const delimiter = m[3]!;
          const from = p;
          let found = false;
          while (p < text.length) {
            const b = this.lineAt(p);
            let line = text.slice(b.from, b.to);
            if (stripTabs) line = line.replace(/^\t+/, "");
            p = b.next;
            if (line === delimiter) {
              bodies.push({ from, to: b.from, delimiter });
              found = true;
              break;
            }
          }
          if (!found) {
            bodies.push({ from, to: text.length, delimiter });
            this.errors.push({ at: start, message: `the here-document ended by ${wordForMessage(delimiter)} is not terminated` });
          }
        }
      }
      out.push({ from: start, to: end, bodies });
    }
    this.masked = blankOut(text, blanks);
    return out;
  }

  private lexOptions(shell: boolean): LexOptions {
    return { escape: this.escape, shell, expansions: true, looseContinuation: true, heredocs: false };
  }

  private instruction(from: number, to: number, bodies: Body[], depth: number): void {
    const { masked } = this;
    const m = /^([A-Za-z]+)(?=\s|$)/.exec(masked.slice(from, Math.min(to, from + 16)));
    if (!m) return;
    const keyword = m[1]!.toUpperCase();
    let args = from + m[1]!.length;
    while (args < to && (masked[args] === " " || masked[args] === "\t")) args++;
    switch (keyword) {
      case "ENV":
        return this.env(args, to);
      case "ARG":
        return this.arg(args, to);
      case "RUN":
        return this.runInstruction(args, to, bodies);
      case "COPY":
      case "ADD":
        // A file written from a here-document is in the image: `COPY <<EOF /app/.env`.
        for (const b of bodies) this.add(this.withStage(readDotenv(this.text, b.from, b.to, this.lines, { context: "dockerfile", identifiersOnly: true }).bindings));
        return;
      case "ONBUILD":
        // The instruction it holds runs in every image built FROM this one.
        if (depth === 0) this.instruction(args, to, bodies, depth + 1);
        return;
      case "FROM":
        return this.from(args, to);
      default:
        return;
    }
  }

  /** The words of an instruction's arguments; undefined when a quote is left open (the error is kept). */
  private words(from: number, to: number): Word[] | undefined {
    const lexed = lex(this.masked, from, to, this.lexOptions(false));
    if (!lexed.error) return wordsOf(lexed.tokens);
    this.errors.push(lexed.error);
    return undefined;
  }

  private bind(name: string, nameFrom: number, nameTo: number, value: ReturnType<typeof decodedValue>, context: Context): void {
    this.bindings.push({
      name,
      construct: "entry",
      context,
      value,
      nameSpan: this.lines.span(nameFrom, nameTo),
      ...(this.stage !== undefined ? { section: this.stage } : {}),
    });
  }

  /** One at a time: `push(...list)` overflows the stack once a list holds some 100,000 bindings. */
  private add(bindings: readonly Binding[]): void {
    for (const b of bindings) this.bindings.push(b);
  }

  private withStage(bindings: Binding[]): Binding[] {
    return this.stage === undefined ? bindings : bindings.map((b) => ({ ...b, section: this.stage }));
  }

  /** `ENV A=1 B="two words"`, or the legacy `ENV NAME the rest of the line`. */
  private env(from: number, to: number): void {
    const words = this.words(from, to);
    if (!words) return;
    const first = words[0];
    if (!first) {
      this.errors.push({ at: from, message: "ENV needs a name and a value" });
      return;
    }
    if (!this.masked.slice(first.rawFrom, first.rawTo).includes("=")) {
      const second = words[1];
      if (!second) {
        this.errors.push({ at: from, message: `ENV ${wordForMessage(first.text)} has no value` });
        return;
      }
      let end = to;
      while (end > second.rawFrom && /\s/.test(this.masked[end - 1]!)) end--;
      const run = lexRun(this.masked, second.rawFrom, end, this.lexOptions(false));
      if (!run.word) {
        if (run.error) this.errors.push(run.error);
        return;
      }
      this.bind(first.text, first.from, first.to, decodedValue(run.word, this.lines, { interpolate: run.word.expands }), "dockerfile");
      return;
    }
    for (const w of words) {
      const a = argumentAssignment(w, DOCKER_NAME);
      if (!a) {
        this.errors.push({ at: w.rawFrom, message: `ENV ${wordForMessage(w.text)} is not NAME=value` });
        continue;
      }
      this.bind(a.name, a.nameFrom, a.nameTo, decodedValue(a.value, this.lines, { interpolate: w.expands }), "dockerfile");
    }
  }

  /** `ARG NAME=default ...`: the default is used when no --build-arg is given. `ARG NAME` binds nothing. */
  private arg(from: number, to: number): void {
    for (const w of this.words(from, to) ?? []) {
      const a = argumentAssignment(w, DOCKER_NAME);
      if (a) this.bind(a.name, a.nameFrom, a.nameTo, decodedValue(a.value, this.lines, { interpolate: w.expands }), "dockerfile");
    }
  }

  /** `FROM [--platform=...] image [AS name]`: later bindings belong to stage `name`. */
  private from(from: number, to: number): void {
    const words = (this.words(from, to) ?? []).filter((w) => !w.text.startsWith("--"));
    this.stage = words.length >= 3 && words[1]!.text.toLowerCase() === "as" ? words[2]!.text : undefined;
  }

  /** Shell form only: the exec form (`RUN ["sh", "-c", "..."]`) is JSON and not read. */
  private runInstruction(from: number, to: number, bodies: Body[]): void {
    const { masked } = this;
    if (masked[from] === "[") return;
    const lexed = lex(masked, from, to, this.lexOptions(true));
    if (lexed.error) this.errors.push(lexed.error);
    // Flags (`--mount=type=secret,id=...,env=SECRET_KEY`) come before the command.
    let start = 0;
    while (start < lexed.tokens.length) {
      const t = lexed.tokens[start]!;
      if (t.kind !== "word" || !t.word.text.startsWith("--")) break;
      start++;
    }
    const tokens = lexed.tokens.slice(start);
    const options = { context: "build-dummy" as const, ...(this.stage !== undefined ? { section: this.stage } : {}) };
    this.add(tokenBindings(masked, tokens, [], this.lines, options));
    // The first `<<` redirect naming each delimiter, found in one pass: many here-documents on one
    // instruction must not make each body search the whole token list.
    const opener = new Map<string, number>();
    tokens.forEach((t, i) => {
      const next = tokens[i + 1];
      if (t.kind === "redirect" && t.op.startsWith("<<") && next?.kind === "word" && !opener.has(next.word.text)) opener.set(next.word.text, i);
    });
    const commandWordOf = commandWordFinder(masked, tokens);
    for (const body of bodies) {
      // The command the body feeds: none (`RUN <<EOF` runs the body as the script), a shell, or a
      // program that writes it somewhere (`cat > /app/.env <<EOF`): such a file stays in the image.
      const index = opener.get(body.delimiter) ?? -1;
      const command = index >= 0 ? commandWordOf(index)?.text : undefined;
      const written = command !== undefined && !isShell(command);
      this.add(heredocBindings(this.text, body.from, body.to, command, this.lines, { ...options, ...(written ? { context: "dockerfile" as const } : {}) }, 0));
    }
  }
}

export const format: Format = {
  name: "dockerfile",
  files: "Dockerfiles (`Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile`): `ENV`, `ARG` defaults, `RUN` prefix assignments (build-time dummies are clean).",
  claims: claimsDockerfile,
  facts(text: string): FileFacts {
    const lines = new LineIndex(text);
    const reader = new DockerfileReader(text, lines);
    reader.run();
    const parseError = describeErrors(reader.errors, lines);
    return { bindings: byPosition(reader.bindings), notes: [], ...(parseError ? { parseError } : {}) };
  },
};
