// One key, many places. A real key committed in several files (dev and production settings, settings
// and compose, two services) is one leak: every copy names the others, so that rotating one copy is
// not mistaken for fixing it, and every copy is as loud as the loudest (a key that is an error in
// production settings is the production key in the dev compose file too).
import { looksReal } from "./key-shape.ts";
import { secretHash } from "./secret.ts";
import { severityRank, type Finding } from "./types.ts";

const MAX_NAMED = 5;

export function linkReusedSecrets(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.secret || !looksReal(f.secret.profile)) continue; // "changeme" in ten files is no reuse
    const key = secretHash(f.secret);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const linked = new Map<Finding, Finding>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const loudest = group.reduce((a, b) => (severityRank(b.severity) < severityRank(a.severity) ? b : a)).severity;
    for (const f of group) {
      const others = group.filter((o) => o !== f);
      const named = others.slice(0, MAX_NAMED).map((o) => `${o.path}:${o.span.line}`).join(", ");
      const more = others.length > MAX_NAMED ? ` and ${others.length - MAX_NAMED} more` : "";
      linked.set(f, {
        ...f,
        severity: loudest,
        related: [...(f.related ?? []), ...others.map((o) => ({ path: o.path, span: o.span }))],
        message: `${f.message} The same key is also committed at ${named}${more}: rotate it everywhere, since every copy is the same leak.`,
      });
    }
  }
  return findings.map((f) => linked.get(f) ?? f);
}
