// The engine's front door: one file's text in, findings out. Knows nothing of GitHub or the disk.
import { createHash } from "node:crypto";
import { formatFor } from "../formats/index.ts";
import { RULES_BY_PRECEDENCE } from "../rules/index.ts";
import { fileRole } from "./file-role.ts";
import { secretHash } from "./secret.ts";
import type { Binding, Finding, Rule, Verdict } from "./types.ts";

export interface FileScan {
  /** The format that read the file, or undefined when none reads this kind of file. */
  format?: string;
  findings: Finding[];
  /** What the user should know about how completely the file was read. */
  notes: string[];
}

export function scanText(path: string, text: string): FileScan {
  const format = formatFor(path);
  if (!format) return { findings: [], notes: [] };
  const ctx = { path, role: fileRole(path) };
  const facts = format.facts(text, path);
  const findings: Finding[] = [];
  for (const binding of facts.bindings) {
    for (const rule of RULES_BY_PRECEDENCE) {
      const verdict = rule.judge(binding, ctx);
      if (verdict) {
        findings.push(toFinding(rule, verdict, binding, path));
        break;
      }
    }
  }
  findings.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return { format: format.name, findings, notes: facts.notes };
}

function toFinding(rule: Rule, v: Verdict, b: Binding, path: string): Finding {
  const identity = v.secret ? secretHash(v.secret) : `${b.name}|${b.construct}|${b.value.kind}`;
  const fingerprint = createHash("sha256").update(`${rule.id}\0${path}\0${identity}`).digest("hex");
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
