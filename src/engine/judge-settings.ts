// The settings rules over every deployed settings module of a scan: split settings are folded first,
// so `from .base import *` then an override is judged as Django will load it.
import { SETTINGS_RULES } from "../rules/index.ts";
import { fingerprintOf, type FileScan } from "./scan.ts";
import { deployedSettings, resolveStarImport, type SettingsModule } from "./settings-module.ts";
import type { Finding } from "./types.ts";

/**
 * `context`: modules read only to complete split settings (the change did not touch them). A finding that
 * lands in one is moved to the star import in the judged module that brings it in: that line is in the change.
 */
export function judgeSettings(scans: ReadonlyArray<{ path: string; scan: FileScan }>, context: ReadonlySet<string> = new Set()): Finding[] {
  const known = new Set(scans.map((s) => s.path));
  const modules: SettingsModule[] = scans.flatMap(({ path, scan }) => {
    if (!scan.settings) return [];
    const resolved = scan.settings.starImports.map((i) => ({ ...i, path: resolveStarImport(path, i.module, known) }));
    return [{
      path,
      role: scan.settings.role,
      pathRole: scan.settings.pathRole,
      bindings: scan.settings.bindings,
      imports: resolved.flatMap((r) => (r.path ? [r.path] : [])),
      unresolved: resolved.flatMap((r) => (r.path ? [] : [r.module])),
      importedAt: new Map(resolved.flatMap((r) => (r.path ? [[r.path, r.span] as const] : []))),
    }];
  });
  const byPath = new Map(modules.map((m) => [m.path, m]));
  const reaches = (from: string, target: string, seen = new Set<string>()): boolean =>
    from === target || (!seen.has(from) && (seen.add(from), (byPath.get(from)?.imports ?? []).some((p) => reaches(p, target, seen))));
  /** The judged module's import line that leads to `path`. */
  const importLine = (module: SettingsModule, path: string) => [...module.importedAt].find(([p]) => reaches(p, path));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const effective of deployedSettings(modules)) {
    for (const rule of SETTINGS_RULES) {
      for (const found of rule.judgeSettings(effective)) {
        const via = context.has(found.path) && !context.has(effective.module.path) ? importLine(effective.module, found.path) : undefined;
        const v = via
          ? { ...found, path: effective.module.path, span: via[1], message: `Through this star import, from ${found.path}:${found.span.line}: ${found.message}` }
          : found;
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
