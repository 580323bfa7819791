// A change set's files through the engine: filter, read, scan, keep what the scope asks for.
// Counts every file it was given, so the summary can show that nothing was passed over unseen.
import { applyRuleSettings, NO_CONFIG, scanOptionsOf, type ProjectConfig } from "./config/project-config.ts";
import { scanText, type FileScan, type ScanOptions } from "./engine/scan.ts";
import { judgeSettings } from "./engine/judge-settings.ts";
import { starImportCandidates } from "./engine/settings-module.ts";
import type { Finding } from "./engine/types.ts";
import { linkReusedSecrets } from "./engine/reuse.ts";
import { escalateSignedPickleSessions } from "./engine/escalate.ts";
import { applySuppressions, type SuppressedFinding, type Suppression } from "./engine/suppress.ts";
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
  /** A tree scan: how many of the scanned files the prefilter kept for the engine to parse. */
  parsed?: number;
  /** A tree scan: the bytes of the files scanned (binary files, refused after their first bytes, not counted). */
  bytesRead?: number;
  /** Not scanned on purpose: excluded by the path globs. */
  skipped: FileNote[];
  /** A kind of file we read, not read by choice (binary, too large, a link out of the repository): warned about. */
  refused: FileNote[];
  /** Could not be read at all: the step fails, since a change it did not scan must not pass. */
  unreadable: FileNote[];
  /** Scanned, with something the user should know (a syntax error, invalid UTF-8). */
  notes: FileNote[];
  /**
   * Findings a `django-secret-scan: ignore[...]` comment accepts, with its reason: kept out of
   * annotations, the verdict and SARIF results, but counted and listed in the summary.
   */
  suppressed: SuppressedFinding[];
}

export interface ScanFilesOptions {
  targets: readonly Target[];
  filter: PathFilter;
  scope: Scope;
  read(path: string): Promise<ReadResult>;
  /** The project's config file: roles, placeholders, rules turned off or re-graded. */
  config?: ProjectConfig;
}

/** Whether a finding stands on a line the change added (any line of a value that spans several). */
function onAddedLine(f: Finding, added: ReadonlySet<number> | "all"): boolean {
  if (added === "all") return true;
  for (let line = f.span.line; line <= f.span.endLine; line++) if (added.has(line)) return true;
  return false;
}

export async function scanFiles(opts: ScanFilesOptions): Promise<ScanOutcome> {
  const out: ScanOutcome = { findings: [], considered: opts.targets.length, scanned: 0, skipped: [], refused: [], unreadable: [], notes: [], suppressed: [] };
  const addedByPath = new Map<string, ReadonlySet<number> | "all">();
  const session = new ScanSession(opts.config);
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
    const result = session.scan(path, read.text);
    for (const note of [...read.notes, ...result.notes]) out.notes.push({ path, note });
    addedByPath.set(path, target.addedLines);
  }
  const { findings, suppressed } = await session.finish(opts.read);
  // Files read only as settings context have no entry: nothing of theirs is in the change.
  const inScope = (f: Finding) => {
    const added = addedByPath.get(f.path);
    return added !== undefined && (opts.scope !== "added-lines" || onAddedLine(f, added));
  };
  out.findings = findings.filter(inScope);
  out.suppressed = suppressed.filter((s) => inScope(s.finding));
  return out;
}

/**
 * What every scan does with the files it reads, whoever lists them (a change set here, a folder in
 * scan-tree.ts): each file's findings, suppressions and settings facts are kept (never its text), then
 * judged together once every file is in.
 */
export class ScanSession {
  private readonly found: Finding[] = [];
  private readonly settingsScans: Array<{ path: string; scan: FileScan }> = [];
  private readonly suppressionsByPath = new Map<string, Suppression[]>();
  private readonly config: ProjectConfig;
  private readonly engine: ScanOptions;

  constructor(config: ProjectConfig = NO_CONFIG) {
    this.config = config;
    this.engine = scanOptionsOf(config);
  }

  /** Scans one file's text and keeps what the end of the scan needs; the caller reports its notes. */
  scan(path: string, text: string): FileScan {
    const result = scanText(path, text, this.engine);
    // One at a time: a file of 100k+ findings (a huge .env of passwords) would overflow push's arguments.
    for (const f of result.findings) this.found.push(f);
    if (result.suppressions.length) this.suppressionsByPath.set(path, result.suppressions);
    if (result.settings) this.settingsScans.push({ path, scan: result });
    return result;
  }

  /**
   * Every finding of the scan, before any scope: settings judged across modules (with the modules they
   * star-import, read through `read` when they were not scanned), reuse linked, the project's rule
   * settings and the files' suppressions applied. `context`: the paths read only as settings context.
   */
  async finish(read: ScanFilesOptions["read"]): Promise<{ findings: Finding[]; suppressed: SuppressedFinding[]; context: ReadonlySet<string> }> {
    const found = this.found;
    const context = await importedSettings(this.settingsScans, read, this.engine);
    const contextPaths = new Set(context.map((c) => c.path));
    for (const f of judgeSettings([...this.settingsScans, ...context], contextPaths)) found.push(f);
    escalateSignedPickleSessions(found).forEach((f, i) => (found[i] = f)); // pickle in signed cookies makes a committed key RCE
    // Reuse is judged over every scanned line, then the scope keeps what the change added.
    const linked = applyRuleSettings(linkReusedSecrets(found), this.config);
    // Suppressed after every pass, so settings findings (which land on a line of some file) can be too,
    // and after reuse linking, so a suppressed copy still shows where else the secret is committed.
    const { findings, suppressed } = applySuppressions(linked, this.suppressionsByPath);
    return { findings, suppressed, context: contextPaths };
  }
}

/** How many unchanged modules a scan reads to complete split settings (base.py, common.py...). */
const MAX_CONTEXT_MODULES = 50;

/**
 * Settings modules the scanned ones star-import but the change did not touch, read from the checkout so
 * that production.py is judged with its base.py. Context only: findings that land in them are not in the
 * change (no added lines), so the scope filter drops them, except where they make a changed module wrong.
 */
async function importedSettings(scans: ReadonlyArray<{ path: string; scan: FileScan }>, read: ScanFilesOptions["read"], engine: ScanOptions): Promise<Array<{ path: string; scan: FileScan }>> {
  const seen = new Set(scans.map((s) => s.path));
  const queue = [...scans];
  const extra: Array<{ path: string; scan: FileScan }> = [];
  // Breadth first, so base.py's own imports (common.py) come in too.
  while (queue.length && extra.length < MAX_CONTEXT_MODULES) {
    const { path, scan } = queue.shift()!;
    for (const { module } of scan.settings?.starImports ?? []) {
      for (const candidate of starImportCandidates(path, module)) {
        if (seen.has(candidate)) break;
        const text = await read(candidate);
        if (!text.ok) continue;
        seen.add(candidate);
        const context = scanText(candidate, text.text, engine);
        if (context.settings) {
          extra.push({ path: candidate, scan: context });
          queue.push({ path: candidate, scan: context });
        }
        break;
      }
    }
  }
  return extra;
}
