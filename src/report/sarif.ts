// SARIF 2.1.0 for GitHub code scanning (upload-sarif). Every rule is listed so code scanning knows
// the whole rule set even on a clean run; a secret reaches the log only through `redacted()`.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Finding, Rule, Severity, Span } from "../engine/types.ts";
import { RULES } from "../rules/index.ts";
import { urlPath } from "./escape.ts";
import { bySeverity } from "./order.ts";
import { ruleHelpMarkdown, ruleHelpText } from "./rule-help.ts";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const TOOL_NAME = "django-secret-scan";
/** Code scanning rejects a run with more results than this. */
export const MAX_RESULTS_PER_RUN = 25_000;
/** Versioned so a change to how fingerprints are made can never match alerts made the old way. */
export const FINGERPRINT_KEY = "djangoSecretScan/v1";
/** Paths are relative to the repository root, which the uploader resolves. */
export const SRCROOT = "%SRCROOT%";

type Level = "error" | "warning" | "note";
const LEVEL: Record<Severity, Level> = { error: "error", warning: "warning", notice: "note" };
/** Code scanning maps these to its critical/high/medium/low: 8.5 high, 5.5 medium, 2.5 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.5", warning: "5.5", notice: "2.5" };

export interface SarifOptions {
  toolVersion: string;
  /** Absolute URI of the project's home page. */
  informationUri: string;
  /**
   * Findings kept out of the results on purpose, counted in the run's properties. Code scanning opens an
   * alert for a result even when it carries SARIF `suppressions`, so accepted findings are not results.
   */
  withheld?: { suppressed: number; baselined: number };
}

export function buildSarif(findings: Finding[], opts: SarifOptions): object {
  // The order every report uses (most severe, then path and line): the cap then drops the least severe.
  const ordered = bySeverity(findings);
  const kept = ordered.slice(0, MAX_RESULTS_PER_RUN);
  const omitted = ordered.length - kept.length;

  const invocation: Record<string, unknown> = { executionSuccessful: true };
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: TOOL_NAME,
        version: opts.toolVersion,
        semanticVersion: opts.toolVersion.replace(/^v/, ""),
        informationUri: opts.informationUri,
        rules: RULES.map(sarifRule),
      },
    },
    originalUriBaseIds: { [SRCROOT]: { description: { text: "The root of the scanned repository." } } },
    // Span columns count UTF-16 units, as JavaScript strings do.
    columnKind: "utf16CodeUnits",
    invocations: [invocation],
    results: kept.map(sarifResult),
  };
  const properties: Record<string, unknown> = opts.withheld ? { suppressedResults: opts.withheld.suppressed, baselinedResults: opts.withheld.baselined } : {};
  if (omitted > 0) {
    const text =
      `${omitted} of ${ordered.length} results were left out: GitHub code scanning accepts at most ` +
      `${MAX_RESULTS_PER_RUN} results per run, so the ${kept.length} most severe were kept.`;
    invocation.toolExecutionNotifications = [{ level: "warning", message: { text } }];
    Object.assign(properties, { truncated: true, totalResults: ordered.length, omittedResults: omitted });
  }
  if (Object.keys(properties).length) run.properties = properties;
  return { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] };
}

export async function writeSarif(path: string, log: object): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(log, null, 2)}\n`, "utf8");
}

function sarifRule(rule: Rule): object {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.docs.summary },
    fullDescription: { text: rule.docs.whatItDoes },
    help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
    ...(rule.docs.references[0] ? { helpUri: rule.docs.references[0] } : {}),
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: {
      tags: ["security", "django", ...rule.cwe.map((n) => `external/cwe/cwe-${n}`)],
      "security-severity": SECURITY_SEVERITY[rule.defaultSeverity],
      precision: "high",
    },
  };
}

function sarifResult(f: Finding): object {
  const ruleIndex = RULES.findIndex((r) => r.id === f.ruleId);
  const text = f.secret ? `${f.message} Value (redacted): ${f.secret.redacted()}` : f.message;
  return {
    ruleId: f.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToUri(f.path), uriBaseId: SRCROOT },
          region: sarifRegion(f.span),
        },
      },
    ],
    ...(f.related?.length
      ? {
          relatedLocations: f.related.map((r, id) => ({
            id,
            physicalLocation: { artifactLocation: { uri: pathToUri(r.path), uriBaseId: SRCROOT }, region: sarifRegion(r.span) },
            message: { text: "The same key is committed here too." },
          })),
        }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    // scan-history: the commit whose version of the file the region points into.
    properties: { "security-severity": SECURITY_SEVERITY[f.severity], ...(f.commit ? { commit: f.commit.sha } : {}) },
  };
}

/** A relative URI reference: each segment percent-encoded, so `#`, `%`, spaces and non-ASCII survive. */
export function pathToUri(path: string): string {
  return urlPath(path.replace(/^\.\//, ""));
}

/** The schema wants every number >= 1: one bad span must not get the whole upload rejected. */
function sarifRegion(span: Span): object {
  const startLine = atLeast(1, span.line);
  const startColumn = atLeast(1, span.column);
  const endLine = atLeast(startLine, span.endLine);
  const endColumn = endLine === startLine ? atLeast(startColumn, span.endColumn) : atLeast(1, span.endColumn);
  return { startLine, startColumn, endLine, endColumn };
}

function atLeast(min: number, n: number): number {
  return Number.isInteger(n) && n >= min ? n : min;
}
