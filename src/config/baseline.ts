// A baseline: the findings a team accepts for now, so that adopting the scan on an old codebase does
// not fail every pull request. It holds fingerprints (hashes of rule, path and value) and where each
// finding was, for the reviewer; never a value. A finding whose fingerprint is listed is counted in
// the summary, not annotated, and does not fail the check.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Finding } from "../engine/types.ts";
import { bySeverity } from "../report/order.ts";

export const BASELINE_VERSION = 1;

export interface Baseline {
  path: string;
  fingerprints: ReadonlySet<string>;
}

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  path: string;
  /** Where the finding was when the baseline was written: for people; matching uses the fingerprint. */
  line: number;
}

export class BaselineError extends Error {
  override name = "BaselineError";
}

const FINGERPRINT = /^[0-9a-f]{64}$/;

/** Reads a baseline file's text; anything but the shape `renderBaseline` writes is an error, not an empty baseline. */
export function parseBaseline(text: string, path: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(`${path} is not valid JSON (${(err as Error).message}). Write it again with write-baseline.`);
  }
  const entries = (data as { findings?: unknown })?.findings;
  if (typeof data !== "object" || data === null || (data as { version?: unknown }).version !== BASELINE_VERSION || !Array.isArray(entries)) {
    throw new BaselineError(`${path} is not a django-secret-scan baseline (version ${BASELINE_VERSION} with a "findings" list). Write it again with write-baseline.`);
  }
  const fingerprints = new Set<string>();
  entries.forEach((e, i) => {
    const fp = (e as { fingerprint?: unknown })?.fingerprint;
    if (typeof fp !== "string" || !FINGERPRINT.test(fp)) throw new BaselineError(`${path}: findings[${i}] has no valid "fingerprint" (64 hex digits).`);
    fingerprints.add(fp);
  });
  return { path, fingerprints };
}

/** The baseline for these findings: sorted, one entry per fingerprint, so that rewriting it gives small diffs. */
export function renderBaseline(findings: readonly Finding[]): string {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of bySeverity(findings)) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    entries.push({ fingerprint: f.fingerprint, rule: f.ruleId, path: f.path, line: f.span.line });
  }
  entries.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.rule.localeCompare(b.rule) || a.fingerprint.localeCompare(b.fingerprint));
  const doc = {
    version: BASELINE_VERSION,
    about:
      "Findings of django-secret-scan this project accepts for now: they are counted, not annotated, and do not fail the check. " +
      "Fingerprints are hashes of rule, path and value; no value is stored here. A committed key is still leaked: rotate it, then remove its entry.",
    findings: entries,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Writes the baseline of these findings to `file` (its folders made), and returns it: it accepts them all. */
export async function writeBaseline(file: string, findings: readonly Finding[]): Promise<Baseline> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderBaseline(findings), "utf8");
  return { path: file, fingerprints: new Set(findings.map((f) => f.fingerprint)) };
}

/** Splits findings into those that stand and those the baseline accepts; `unmatched`: listed fingerprints no finding had. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline | undefined): { findings: Finding[]; baselined: Finding[]; unmatched: number } {
  if (!baseline) return { findings: [...findings], baselined: [], unmatched: 0 };
  const standing: Finding[] = [];
  const baselined: Finding[] = [];
  const matched = new Set<string>();
  for (const f of findings) {
    if (baseline.fingerprints.has(f.fingerprint)) {
      baselined.push(f);
      matched.add(f.fingerprint);
    } else {
      standing.push(f);
    }
  }
  return { findings: standing, baselined, unmatched: baseline.fingerprints.size - matched.size };
}
