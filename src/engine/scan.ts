// The engine's front door: one file's text in, findings out. Knows nothing of GitHub or the disk.
import { createHash } from "node:crypto";
import { formatFor, type Format } from "../formats/index.ts";
import { keysInFreeText, secretKeyLines } from "../formats/text.ts";
import { LineIndex } from "./positions.ts";
import { RULES_BY_PRECEDENCE, ruleById } from "../rules/index.ts";
import { fileRole } from "./file-role.ts";
import { secretHash, withPlaceholders } from "./secret.ts";
import type { Binding, FileFacts, FileRole, Finding, Rule, StarImport, Value, Verdict } from "./types.ts";
import { isSettingsModule, refineRole } from "./settings-module.ts";
import { readSuppressions, type Suppression } from "./suppress.ts";

export interface FileScan {
  /** The format that read the file. */
  format: string;
  findings: Finding[];
  /** What the user should know about how completely the file was read. */
  notes: string[];
  /** A Django settings module: its module-level bindings, for the rules that judge settings as they run. */
  settings?: {
    bindings: Binding[];
    starImports: StarImport[];
    /** The role the rules use: from the config or the path, refined by content when neither says (`refineRole`). */
    role: FileRole;
    /** The role before content refined it. */
    pathRole: FileRole;
  };
  /** The file's well-formed `django-secret-scan: ignore[...]` comments: applied once every finding is made. */
  suppressions: Suppression[];
}

/** A format's facts, made complete: a failed parse falls back to the line scan, and a startproject key
 * anywhere in the text (a comment, free text) is a fact of its own. */
function factsOf(format: Format, text: string, path: string): FileFacts {
  let facts: FileFacts;
  try {
    facts = format.facts(text, path);
  } catch (err) {
    // Formats should not throw; if one does, the file is still scanned, and the user told.
    facts = { bindings: [], notes: [], parseError: `the ${format.name} reader failed (${(err as Error).message})` };
  }
  const lines = new LineIndex(text);
  const bindings = [...facts.bindings];
  const notes = [...facts.notes];
  if (facts.parseError !== undefined) {
    notes.push(`could not be parsed as ${format.name} (${facts.parseError}): scanned line by line for key shapes instead`);
    // A line the parser already read is not read again; looked up by line, since a broken file can hold 100k of them.
    const held = new Set(bindings.map((k) => k.value.span.line));
    for (const b of secretKeyLines(text, lines)) if (!held.has(b.value.span.line)) bindings.push(b);
  }
  // One at a time: spreading 100k+ arguments into push overflows the stack.
  for (const b of keysInFreeText(text, lines, bindings)) bindings.push(b);
  return { ...facts, bindings, notes };
}

/** What a project's config file tells the engine (see src/config/). */
export interface ScanOptions {
  /** The role a project gives a path (config `roles`), when it gives one: it beats the path's words and the content. */
  roleOf?(path: string): FileRole | undefined;
  /** A project's own placeholder values, compared by `placeholderKey`. */
  placeholders?: ReadonlySet<string>;
}

export function scanText(path: string, text: string, opts: ScanOptions = {}): FileScan {
  const format = formatFor(path);
  const configuredRole = opts.roleOf?.(path);
  const ctx = { path, role: configuredRole ?? fileRole(path) };
  const facts = factsOf(format, text, path);
  if (opts.placeholders?.size) facts.bindings = facts.bindings.map((b) => ({ ...b, value: judgedWith(b.value, opts.placeholders!) }));
  const findings: Finding[] = [];
  // One finding per place: a value reached twice (a declared django-environ default read again) counts once.
  const places = new Set<string>();
  for (const binding of facts.bindings) {
    for (const rule of RULES_BY_PRECEDENCE) {
      const verdict = rule.judge(binding, ctx);
      if (!verdict) continue;
      const finding = toFinding(rule, verdict, binding, path);
      const place = `${finding.span.line}:${finding.span.column}:${finding.span.endLine}:${finding.span.endColumn}`;
      if (!places.has(place)) findings.push(finding);
      places.add(place);
      break;
    }
  }
  // A malformed suppression is a finding of its own (DJS090), so that it cannot pass unnoticed.
  const { suppressions, invalid } = readSuppressions(path, text);
  const meta = ruleById("DJS090")!;
  for (const bad of invalid) {
    findings.push({ ruleId: meta.id, severity: meta.defaultSeverity, path, span: bad.span, message: bad.message, fingerprint: fingerprintOf(meta.id, path, bad.identity) });
  }
  findings.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  const moduleLevel = facts.bindings.filter((b) => b.topLevel && (b.construct === "assignment" || b.construct === "annotated"));
  const settings =
    format.name === "python" && isSettingsModule(path, moduleLevel)
      ? { bindings: moduleLevel, starImports: facts.starImports ?? [], role: configuredRole ?? refineRole(ctx.role, moduleLevel), pathRole: ctx.role }
      : undefined;
  return { format: format.name, findings, notes: facts.notes, ...(settings ? { settings } : {}), suppressions };
}

/** A value with every string in it profiled again with the project's placeholders. */
function judgedWith(v: Value, placeholders: ReadonlySet<string>): Value {
  switch (v.kind) {
    case "string": {
      const secret = withPlaceholders(v.secret, placeholders);
      return secret === v.secret ? v : { ...v, secret };
    }
    case "env":
      return v.default ? { ...v, default: judgedWith(v.default, placeholders) } : v;
    case "list":
      return { ...v, items: v.items.map((i) => judgedWith(i, placeholders)) };
    case "dict":
      return { ...v, entries: v.entries.map((e) => ({ key: e.key, value: judgedWith(e.value, placeholders) })) };
    case "lambda":
      return { ...v, returns: judgedWith(v.returns, placeholders) };
    default:
      return v;
  }
}

/** Stable across runs and line moves, with no secret in it: a hash of rule, path and what was found. */
export const fingerprintOf = (ruleId: string, path: string, identity: string): string =>
  createHash("sha256").update(`${ruleId}\0${path}\0${identity}`).digest("hex");

function toFinding(rule: Rule, v: Verdict, b: Binding, path: string): Finding {
  const identity = v.secret ? secretHash(v.secret) : `${b.name}|${b.construct}|${b.value.kind}`;
  const fingerprint = fingerprintOf(rule.id, path, identity);
  return {
    ruleId: rule.id,
    severity: v.severity,
    path,
    span: v.span ?? b.value.span,
    message: v.message,
    ...(v.secret ? { secret: v.secret } : {}),
    fingerprint,
  };
}
