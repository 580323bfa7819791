// A change set's files through the engine: filter, read, scan, keep what the scope asks for.
// Counts every file it was given, so the summary can show that nothing was passed over unseen.
import type { ChangeSet } from "./changes/types.ts";
import { scanText, type FileScan } from "./engine/scan.ts";
import { judgeSettings } from "./engine/judge-settings.ts";
import type { Finding } from "./engine/types.ts";
import { linkReusedSecrets } from "./engine/reuse.ts";
import { escalateSignedPickleSessions } from "./engine/escalate.ts";
import type { ReadResult } from "./io/read-file.ts";
import type { PathFilter } from "./io/path-filter.ts";
import type { Scope } from "./inputs.ts";

export interface Target {
  path: string;
  /** Lines the change adds; "all" when every line counts. */
  addedLines: ReadonlySet<number> | "all";
}

export interface FileNote {
  path: string;
  note: string;
}

export interface ScanOutcome {
  findings: Finding[];
  /** Files the change set named (or the checkout holds). */
  considered: number;
  scanned: number;
  /** Not scanned on purpose: excluded by the path globs. */
  skipped: FileNote[];
  /** A kind of file we read, not read by choice (binary, too large, a link out of the repository): warned about. */
  refused: FileNote[];
  /** Could not be read at all: the step fails, since a change it did not scan must not pass. */
  unreadable: FileNote[];
  /** Scanned, with something the user should know (a syntax error, invalid UTF-8). */
  notes: FileNote[];
}

export interface ScanFilesOptions {
  targets: readonly Target[];
  filter: PathFilter;
  scope: Scope;
  read(path: string): Promise<ReadResult>;
}

/** Whether a finding stands on a line the change added (any line of a value that spans several). */
function onAddedLine(f: Finding, added: ReadonlySet<number> | "all"): boolean {
  if (added === "all") return true;
  for (let line = f.span.line; line <= f.span.endLine; line++) if (added.has(line)) return true;
  return false;
}

export async function scanFiles(opts: ScanFilesOptions): Promise<ScanOutcome> {
  const out: ScanOutcome = { findings: [], considered: opts.targets.length, scanned: 0, skipped: [], refused: [], unreadable: [], notes: [] };
  const found: Finding[] = [];
  const addedByPath = new Map<string, ReadonlySet<number> | "all">();
  const settingsScans: Array<{ path: string; scan: FileScan }> = [];
  for (const target of opts.targets) {
    const { path } = target;
    const excluded = opts.filter.excluded(path);
    if (excluded) {
      out.skipped.push({ path, note: excluded });
      continue;
    }
    const read = await opts.read(path);
    if (!read.ok) {
      // Binary and oversized files are skipped by choice; anything else means the change went unscanned.
      (read.skip ? out.refused : out.unreadable).push({ path, note: read.reason });
      continue;
    }
    out.scanned++;
    const result = scanText(path, read.text);
    for (const note of [...read.notes, ...result.notes]) out.notes.push({ path, note });
    found.push(...result.findings);
    addedByPath.set(path, target.addedLines);
    if (result.settings) settingsScans.push({ path, scan: result });
  }
  found.push(...judgeSettings(settingsScans));
  escalateSignedPickleSessions(found).forEach((f, i) => (found[i] = f)); // pickle in signed cookies makes a committed key RCE
  // Reuse is judged over every scanned line, then the scope keeps what the change added.
  const linked = linkReusedSecrets(found);
  out.findings = linked.filter((f) => opts.scope !== "added-lines" || onAddedLine(f, addedByPath.get(f.path) ?? "all"));
  return out;
}

/** The files to scan: the change set's, or every file of the checkout. */
export function targetsOf(cs: ChangeSet, repositoryFiles: readonly string[]): Target[] {
  if (cs.kind === "repository") return repositoryFiles.map((path) => ({ path, addedLines: "all" }));
  return cs.files.map((f) => ({ path: f.path, addedLines: f.addedLines }));
}
