// systemd unit files to facts: `Environment=KEY=value` and `Environment="KEY=value with spaces" K2=v2`
// (several assignments per line, quoted as systemd quotes them, C escapes decoded), in any section;
// the section (`Service`) is the binding's section. systemd substitutes no `$VAR` in Environment=,
// so every value is a literal. Lines continue with a trailing backslash; comments start with # or ;.
import { LineIndex } from "../engine/positions.ts";
import type { Binding, FileFacts } from "../engine/types.ts";
import { decodedValue } from "./decoded-text.ts";
import { baseName, type Format } from "./format.ts";
import { argumentAssignment, blankOut, lex, wordsOf } from "./shell-words.ts";

/** Units that run processes (and so take Environment=), and the templates deploy tools render them from. */
const UNIT = /\.(service|socket)(\.(j2|jinja2?|tpl|template|in|example|sample|dist))?$/;
/** A drop-in folder: `app.service.d/override.conf`. */
const DROP_IN_DIR = /\.(service|socket)\.d$/;

/**
 * `*.service` and `*.socket` units (timers, paths and targets run nothing and take no Environment=),
 * their `.j2`/`.tpl`/`.in`/`.example` templates, and `*.conf` drop-ins: in a `*.service.d/` folder
 * or anywhere under a `systemd/` folder.
 */
export function claimsSystemd(path: string): boolean {
  const name = baseName(path);
  if (UNIT.test(name)) return true;
  return name.endsWith(".conf") && path.toLowerCase().split("/").slice(0, -1).some((d) => d === "systemd" || DROP_IN_DIR.test(d));
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface PhysicalLine {
  from: number;
  /** Before the line end. */
  to: number;
  /** At the next line. */
  next: number;
}

function* physicalLines(text: string): Generator<PhysicalLine> {
  let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (p < text.length) {
    let eol = text.indexOf("\n", p);
    if (eol < 0) eol = text.length;
    yield { from: p, to: text[eol - 1] === "\r" ? eol - 1 : eol, next: eol + 1 };
    p = eol + 1;
  }
}

const firstNonBlank = (text: string, from: number, to: number): number => {
  let k = from;
  while (k < to && (text[k] === " " || text[k] === "\t")) k++;
  return k;
};

export const format: Format = {
  name: "systemd",
  files: "systemd units (`*.service`, `*.socket`, drop-ins): `Environment=`.",
  claims: claimsSystemd,
  facts(text: string): FileFacts {
    const lines = new LineIndex(text);
    const bindings: Binding[] = [];
    let parseError: string | undefined;
    let section: string | undefined;
    // Continuations are read from a copy where each joining backslash and line end, and each comment
    // line inside a continued line, is blanked with spaces: offsets stay those of the file.
    const blanks: [number, number][] = [];
    const entries: { from: number; to: number; section: string | undefined }[] = [];
    const isComment = (l: PhysicalLine): boolean => {
      const c = text[firstNonBlank(text, l.from, l.to)];
      return c === "#" || c === ";";
    };
    const iter = physicalLines(text);
    for (let line = iter.next(); !line.done; line = iter.next()) {
      const { from, to } = line.value;
      const start = firstNonBlank(text, from, to);
      const c = text[start];
      if (start >= to || c === "#" || c === ";") continue;
      if (c === "[") {
        const close = start + text.slice(start, to).lastIndexOf("]");
        section = close > start ? text.slice(start + 1, close).trim() : undefined;
        continue;
      }
      let end = to;
      let current = line.value;
      while (text[end - 1] === "\\") {
        blanks.push([end - 1, current.next]);
        end = Math.min(current.next, text.length);
        let more = iter.next();
        // A comment inside a continued line is skipped; the line goes on after it.
        while (!more.done && isComment(more.value)) {
          blanks.push([more.value.from, more.value.next]);
          end = Math.min(more.value.next, text.length);
          more = iter.next();
        }
        if (more.done) break;
        current = more.value;
        end = current.to;
      }
      // Only the key is looked at here: systemd keys are case-sensitive.
      const key = /^Environment[ \t]*=/.exec(text.slice(start, Math.min(end, start + 20)));
      if (key) entries.push({ from: start + key[0].length, to: end, section });
    }
    const masked = blankOut(text, blanks);
    for (const entry of entries) {
      const lexed = lex(masked, entry.from, Math.min(entry.to, masked.length), { shell: false, expansions: false, cEscapes: true });
      if (lexed.error && !parseError) {
        parseError = `Line ${lines.span(lexed.error.at, lexed.error.at).line}: ${lexed.error.message} in Environment= (systemd ignores the assignment).`;
      }
      for (const w of wordsOf(lexed.tokens)) {
        const a = argumentAssignment(w, ENV_NAME);
        if (!a) continue;
        bindings.push({
          name: a.name,
          construct: "entry",
          context: "systemd",
          value: decodedValue(a.value, lines),
          nameSpan: lines.span(a.nameFrom, a.nameTo),
          ...(entry.section !== undefined ? { section: entry.section } : {}),
        });
      }
    }
    return { bindings, notes: [], ...(parseError ? { parseError } : {}) };
  },
};
