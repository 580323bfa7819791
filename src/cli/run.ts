// The command line's run: arguments in, a report on stdout, progress on stderr, an exit status out.
// Everything that decides what a finding is lives in the engine and the scan, shared with the action.
import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { ChangeSetError } from "../changes/types.ts";
import { applyBaseline, BaselineError, writeBaseline } from "../config/baseline.ts";
import { loadBaseline, loadConfig } from "../config/load.ts";
import { ConfigError } from "../config/project-config.ts";
import { atOrAbove } from "../report/fail-on.ts";
import { pathFilter } from "../io/path-filter.ts";
import { decodeBytes, readWorkspaceFile } from "../io/read-file.ts";
import { terminalText } from "../report/escape.ts";
import { scanFiles, type ScanOutcome } from "../scan-files.ts";
import { scanTree } from "../scan-tree.ts";
import { HELP, parseCli, UsageError, type CliOptions } from "./args.ts";
import { changedSince, stagedBytes, stagedChanges, trackedFiles, workTreeRoot } from "./git-changes.ts";
import { megabytes, renderGithub, renderJson, renderSarif, renderStats, renderText, type Report } from "./render.ts";
import pkg from "../../package.json" with { type: "json" };

export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
}

export const EXIT = { clean: 0, findings: 1, trouble: 2 } as const;


/** A path the user typed (relative to where they stand) as a path of the repository, or a usage error. */
function inRepository(root: string, cwd: string, typed: string): string {
  const rel = relative(root, resolve(cwd, typed)).split(sep).join("/");
  if (rel === ".." || rel.startsWith("../") || isAbsolute(rel)) throw new UsageError(`${typed} is outside the repository (${root}).`);
  return rel;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(argv);
  } catch (err) {
    io.stderr.write(`django-secret-scan: ${(err as Error).message}\nRun django-secret-scan --help for the options.\n`);
    return EXIT.trouble;
  }
  if (options.help) {
    io.stdout.write(HELP);
    return EXIT.clean;
  }
  if (options.version) {
    io.stdout.write(`django-secret-scan ${pkg.version}\n`);
    return EXIT.clean;
  }
  try {
    return await scanAndReport(options, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof BaselineError || err instanceof ChangeSetError) {
      io.stderr.write(`django-secret-scan: ${terminalText(err.message)}\n`);
      return EXIT.trouble;
    }
    throw err;
  }
}

async function scanAndReport(options: CliOptions, io: CliIo): Promise<number> {
  const started = performance.now();
  // Paths, config and baseline are the repository's, as in the action: findings read `app/settings.py` wherever you stand.
  const gitRoot = await workTreeRoot(io.cwd);
  const root = gitRoot ?? io.cwd;
  const rel = (typed: string) => (typed ? inRepository(root, io.cwd, typed) : "");
  const config = await loadConfig(root, rel(options.config));
  const baseline = options.baseline ? await loadBaseline(root, rel(options.baseline)) : undefined;
  const filter = pathFilter([...options.include, ...config.include], [...options.exclude, ...config.exclude]);
  const progress = io.stderr.isTTY && options.format !== "github" ? progressLine(io) : undefined;

  let outcome: ScanOutcome;
  const notes: string[] = [];
  if (options.diff !== undefined || options.staged) {
    const files = options.staged ? await stagedChanges(root) : await changedSince(root, options.diff!);
    notes.push(options.staged ? `Scanned the lines the index adds in ${files.length} files.` : `Scanned the lines added since ${options.diff} in ${files.length} files.`);
    const staged = new Set(options.staged ? files.map((f) => f.path) : []);
    outcome = await scanFiles({
      targets: files.map((f) => ({ path: f.path, addedLines: f.addedLines })),
      filter,
      scope: "added-lines",
      config,
      read: async (path) => {
        // Settings modules the change star-imports but did not stage are read from the working tree.
        if (!staged.has(path)) return readWorkspaceFile(root, path);
        const bytes = await stagedBytes(root, path);
        return bytes ? decodeBytes(bytes) : { ok: false, reason: "not in the index" };
      },
    });
  } else {
    const paths = options.paths.length ? options.paths.map((p) => {
      if (!existsSync(resolve(io.cwd, p))) throw new UsageError(`${p}: no such file or folder.`);
      return rel(p);
    }) : [rel(".")];
    // A tracked file is committed even where .gitignore matches it (`git add -f .env`): it is scanned.
    const tracked = gitRoot && options.gitignore ? await trackedFiles(root) : undefined;
    outcome = await scanTree({ root, paths, filter, gitignore: options.gitignore, config, ...(tracked ? { tracked } : {}), ...(progress ? { onProgress: progress.update } : {}) });
  }
  progress?.done();

  const written = options.writeBaseline ? await writeBaseline(resolve(io.cwd, options.writeBaseline), outcome.findings) : undefined;
  if (written) notes.push(`Wrote ${outcome.findings.length} findings to the baseline ${options.writeBaseline}: commit it to accept them for now.`);
  const accepted = applyBaseline(outcome.findings, written ?? baseline);
  const failing = accepted.findings.some((f) => atOrAbove(f, options.failOn));
  const report: Report = {
    outcome,
    findings: accepted.findings,
    baselined: accepted.baselined,
    toolVersion: pkg.version,
    failOn: options.failOn,
    failed: failing || outcome.unreadable.length > 0,
    notes,
  };
  const colour = options.color === "always" || (options.color === "auto" && !!io.stdout.isTTY && !io.env.NO_COLOR);
  const rendered = { text: () => renderText(report, colour), json: () => renderJson(report), sarif: () => renderSarif(report), github: () => renderGithub(report) }[options.format]();
  io.stdout.write(rendered);
  if (options.stats) {
    io.stderr.write(renderStats(outcome, { scanMs: performance.now() - started, sinceStartMs: process.uptime() * 1000, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
  }
  // A file that could not be read is a scan that did not happen: never a clean exit.
  if (outcome.unreadable.length > 0) return EXIT.trouble;
  return failing ? EXIT.findings : EXIT.clean;
}

/** One line on stderr, rewritten at most a few times a second, gone when the scan ends. */
function progressLine(io: CliIo): { update: (p: { files: number; bytes: number }) => void; done: () => void } {
  let shown = false;
  return {
    update: ({ files, bytes }) => {
      io.stderr.write(`\r\x1b[2Kscanning: ${files} files, ${megabytes(bytes)}`);
      shown = true;
    },
    done: () => {
      if (shown) io.stderr.write("\r\x1b[2K");
    },
  };
}
