// Shell scripts to facts: the variables a script sets (`export KEY=value`, `KEY=value`,
// `declare -x KEY=value`, `KEY=value command ...`), with shell quoting and `${VAR:-default}`.
// Here-documents fed to a shell are read as scripts; others (`cat > .env <<EOF`) as the dotenv
// lines they usually write. Procfile commands and Dockerfile RUN instructions are read the same way.
import { LineIndex } from "../engine/positions.ts";
import type { Binding, Context, FileFacts } from "../engine/types.ts";
import { decodedValue } from "./decoded-text.ts";
import { readDotenv } from "./dotenv.ts";
import { baseName, type Format } from "./format.ts";
import { commandAssignments, commandWordFinder, lex, type Assignment, type Heredoc, type LexError, type LexOptions, type Token } from "./shell-words.ts";

/** Commands that run what they read on standard input as a script. */
const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "ash", "ssh"]);

/** Whether `command` (a path or a name) runs its standard input as a shell script. */
export const isShell = (command: string): boolean => SHELLS.has(command.split("/").pop() ?? "");
/** Nested here-documents are read this deep, no deeper. */
const MAX_DEPTH = 4;

export interface ScriptRead {
  bindings: Binding[];
  error?: LexError;
}

export interface ScriptOptions {
  context: Context;
  section?: string;
  lex?: LexOptions;
}

/** A binding for one assignment a shell performs. */
export function assignmentBinding(a: Assignment, lines: LineIndex, context: Context, section?: string): Binding {
  return {
    name: a.name,
    construct: "entry",
    context,
    value: decodedValue(a.value, lines, { interpolate: a.word.expands, computed: a.word.computed, unquoteDefault: true }),
    nameSpan: lines.span(a.nameFrom, a.nameTo),
    ...(section !== undefined ? { section } : {}),
  };
}

/** Bindings of `tokens` (from token `start`) and of the here-documents they open. */
export function tokenBindings(
  text: string,
  tokens: readonly Token[],
  heredocs: readonly Heredoc[],
  lines: LineIndex,
  options: ScriptOptions,
  start = 0,
  depth = 0,
): Binding[] {
  const out = commandAssignments(text, tokens, start).map((a) => assignmentBinding(a, lines, options.context, options.section));
  const commandWordOf = commandWordFinder(text, tokens);
  for (const h of heredocs) {
    const command = commandWordOf(h.token);
    // One at a time: `push(...list)` overflows the stack once a body holds some 100,000 bindings.
    for (const b of heredocBindings(text, h.from, h.to, command?.text, lines, options, depth)) out.push(b);
  }
  return out;
}

/** A here-document's body: a script when a shell (or nothing: Dockerfile `RUN <<EOF`) reads it, dotenv lines otherwise. */
export function heredocBindings(
  text: string,
  from: number,
  to: number,
  command: string | undefined,
  lines: LineIndex,
  options: ScriptOptions,
  depth: number,
): Binding[] {
  if (command === undefined || isShell(command)) {
    return depth < MAX_DEPTH ? scriptBindings(text, from, to, lines, options, depth + 1).bindings : [];
  }
  const read = readDotenv(text, from, to, lines, { context: options.context, identifiersOnly: true });
  return options.section === undefined ? read.bindings : read.bindings.map((b) => ({ ...b, section: options.section }));
}

/** The variables a script in text[from, to) sets. Never throws: a quote left open ends it with `error`. */
export function scriptBindings(text: string, from: number, to: number, lines: LineIndex, options: ScriptOptions, depth = 0): ScriptRead {
  const lexed = lex(text, from, to, { heredocs: true, ...options.lex, shell: true });
  const bindings = tokenBindings(text, lexed.tokens, lexed.heredocs, lines, options, 0, depth);
  return { bindings: byPosition(bindings), ...(lexed.error ? { error: lexed.error } : {}) };
}

/** Document order, by where each value starts. */
export function byPosition(bindings: Binding[]): Binding[] {
  return bindings.sort((a, b) => a.value.span.line - b.value.span.line || a.value.span.column - b.value.span.column);
}

/** A lexer error as a sentence with its line. */
export function describeLexError(error: LexError, lines: LineIndex, what: string): string {
  return `Could not read ${what} past line ${lines.span(error.at, error.at).line}: ${error.message}.`;
}

/** Shell startup files that set variables for every session. */
const DOTFILES = new Set([
  ".envrc", ".profile", ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".bash_aliases",
  ".zshrc", ".zshenv", ".zprofile", ".zlogin", ".kshrc", ".mkshrc",
]);
const SCRIPT = /\.(sh|bash|zsh|ksh)(\.(j2|jinja2?|tpl|template|example|sample|dist|in))?$/;

export const format: Format = {
  name: "shell",
  files: "Shell scripts (`*.sh`, `*.bash`, `*.zsh`, `.envrc`, shell dotfiles): `export KEY=value`, prefix assignments, `${VAR:-default}`, here-documents.",
  /** `*.sh`, `*.bash`, `*.zsh`, `*.ksh` (and their `.j2`/`.tpl`/`.example`... templates), `.envrc` and shell dotfiles. */
  claims: (path) => {
    const name = baseName(path);
    return SCRIPT.test(name) || DOTFILES.has(name);
  },
  facts(text: string): FileFacts {
    const lines = new LineIndex(text);
    const read = scriptBindings(text, 0, text.length, lines, { context: "shell" });
    return {
      bindings: read.bindings,
      notes: [],
      ...(read.error ? { parseError: describeLexError(read.error, lines, "the script") } : {}),
    };
  },
};
