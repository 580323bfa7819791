// Procfiles (Heroku, Dokku, foreman, honcho) to facts: each `process: command` line runs its command
// through a shell, so `web: SECRET_KEY=x gunicorn ...` and `release: export KEY=v && ...` set
// variables exactly as a script would. The process type is the binding's section.
import { LineIndex } from "../engine/positions.ts";
import type { Binding, FileFacts } from "../engine/types.ts";
import { baseName, type Format } from "./format.ts";
import { wordForMessage } from "./parse-errors.ts";
import { describeLexError, scriptBindings } from "./shell.ts";

const PROCESS = /^[ \t]*([A-Za-z0-9_-]+)[ \t]*:[ \t]*/;

export const format: Format = {
  name: "procfile",
  files: "`Procfile`: command prefix assignments (`web: SECRET_KEY=... gunicorn`).",
  /** `Procfile` and `Procfile.*` (Procfile.dev, Procfile.windows), in any letter case. */
  claims: (path) => {
    const name = baseName(path);
    return name === "procfile" || name.startsWith("procfile.");
  },
  facts(text: string): FileFacts {
    const lines = new LineIndex(text);
    const bindings: Binding[] = [];
    let parseError: string | undefined;
    let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (start < text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const lineEnd = text[end - 1] === "\r" ? end - 1 : end;
      const m = PROCESS.exec(text.slice(start, lineEnd));
      if (m) {
        const read = scriptBindings(text, start + m[0].length, lineEnd, lines, { context: "paas", section: m[1]! });
        // One at a time: `push(...list)` overflows the stack on a line of some 100,000 assignments.
        for (const b of read.bindings) bindings.push(b);
        if (read.error && !parseError) parseError = describeLexError(read.error, lines, `the ${wordForMessage(m[1]!)} command`);
      }
      start = end + 1;
    }
    return { bindings, notes: [], ...(parseError ? { parseError } : {}) };
  },
};
