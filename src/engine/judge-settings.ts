// The settings rules over every deployed settings module of a scan: split settings are folded first,
// so `from .base import *` then an override is judged as Django will load it.
import { SETTINGS_RULES } from "../rules/index.ts";
import { fingerprintOf, type FileScan } from "./scan.ts";
import { deployedSettings, resolveStarImport, type SettingsModule } from "./settings-module.ts";
import type { Finding } from "./types.ts";

export function judgeSettings(scans: ReadonlyArray<{ path: string; scan: FileScan }>): Finding[] {
  const known = new Set(scans.map((s) => s.path));
  const modules: SettingsModule[] = scans.flatMap(({ path, scan }) => {
    if (!scan.settings) return [];
    const resolved = scan.settings.starImports.map((m) => ({ m, path: resolveStarImport(path, m, known) }));
    return [{
      path,
      role: scan.settings.role,
      bindings: scan.settings.bindings,
      imports: resolved.flatMap((r) => (r.path ? [r.path] : [])),
      unresolved: resolved.flatMap((r) => (r.path ? [] : [r.m])),
    }];
  });
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const effective of deployedSettings(modules)) {
    for (const rule of SETTINGS_RULES) {
      for (const v of rule.judgeSettings(effective)) {
        // A base module shared by two deployed modules gives one finding per line, the loudest.
        const fingerprint = fingerprintOf(rule.id, v.path, `${v.span.line}:${v.span.column}`);
        if (seen.has(fingerprint)) continue;
        seen.add(fingerprint);
        findings.push({ ruleId: rule.id, severity: v.severity, path: v.path, span: v.span, message: v.message, fingerprint, ...(v.tags ? { tags: v.tags } : {}) });
      }
    }
  }
  return findings;
}
