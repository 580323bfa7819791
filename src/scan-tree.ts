// A whole folder through the engine, as fast as the disk allows: walk (honouring .gitignore files, never
// into a symlinked folder or .git), read each file once, let the byte prefilter (engine/prefilter.ts) drop
// the files no rule can fire on, and scan the rest exactly as scanFiles does. Memory stays bounded
// whatever the tree's size: one read buffer, the findings, the settings modules' facts and counts.
//
// The hot path is synchronous on purpose: on Linux, fs/promises costs several thread-pool round trips
// per file, about three times the time of the whole synchronous read here. Rare cases (a symbolic link,
// a file over the size bound, an error) go through read-file.ts, so their verdicts and words are its own.
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, statSync, type Dirent } from "node:fs";
import { isUtf8 } from "node:buffer";
import { join } from "node:path";
import ignore, { type Ignore } from "ignore";
import type { ProjectConfig } from "./config/project-config.ts";
import { mayHoldFinding } from "./engine/prefilter.ts";
import { decodeBytes, MAX_FILE_BYTES, readWorkspaceBytes, readWorkspaceFile } from "./io/read-file.ts";
import type { PathFilter } from "./io/path-filter.ts";
import { ScanSession, type ScanOutcome } from "./scan-files.ts";

export interface ScanTreeOptions {
  /** The repository's root: paths in the results are relative to it, with forward slashes. */
  root: string;
  /** Files and folders to scan, relative to the root (`""` or `.` is the root); default the whole root. */
  paths?: readonly string[];
  filter: PathFilter;
  /** Honour .gitignore files (nested ones too) and .git/info/exclude; default true. */
  gitignore?: boolean;
  /**
   * Paths git tracks: scanned even where a .gitignore matches them, since a file added with `git add -f`
   * (a `.env`, say) is committed all the same.
   */
  tracked?: ReadonlySet<string>;
  /** Files larger than this are refused, named with their size; MAX_FILE_BYTES when absent. */
  maxFileBytes?: number;
  /** The project's config file: roles, placeholders, rules turned off or re-graded. */
  config?: ProjectConfig;
  /** Drop files the byte prefilter clears before parsing; default true. False parses every file (tests, doubt). */
  prefilter?: boolean;
  /** Called at most a few times a second while the scan runs. */
  onProgress?: (p: { files: number; bytes: number }) => void;
}

const PROGRESS_EVERY_MS = 250;
/** decodeBytes looks for NUL bytes in this much of a file: a binary file is refused after reading only this. */
const BINARY_HEAD = 8000;

export async function scanTree(opts: ScanTreeOptions): Promise<ScanOutcome> {
  const out: ScanOutcome = { findings: [], considered: 0, scanned: 0, skipped: [], refused: [], unreadable: [], notes: [], suppressed: [] };
  const { root, filter } = opts;
  const session = new ScanSession(opts.config);
  let parsed = 0;
  let bytesRead = 0;
  const maxBytes = opts.maxFileBytes ?? MAX_FILE_BYTES;
  const reader = new PooledReader(maxBytes);
  const tracked = opts.tracked ?? new Set<string>();
  // The folders that hold a tracked file: walked even when ignored.
  const trackedFolders = new Set([...tracked].flatMap((p) => p.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))));
  const isTracked = (path: string, folder: boolean): boolean => (folder ? trackedFolders : tracked).has(path);
  /** Inside an ignored folder walked for its tracked files (`ignoredAbove`), only those are visited. */
  const ignored = (path: string, folder: boolean, levels: readonly IgnoreLevel[], ignoredAbove: boolean): boolean =>
    (ignoredAbove || !!gitignores?.ignored(path, folder, levels)) && !isTracked(path, folder);
  const gitignores = opts.gitignore === false ? undefined : new GitIgnores(root);
  const usePrefilter = opts.prefilter !== false;
  const rootSlash = join(root, "/");
  let bytesSeen = 0;
  let lastProgress = performance.now();

  /** One file's bytes through the prefilter and the engine. */
  const take = (path: string, bytes: Uint8Array): void => {
    const binary = binaryReason(bytes);
    if (binary) {
      out.refused.push({ path, note: binary });
      return;
    }
    out.scanned++;
    bytesRead += bytes.length;
    if (usePrefilter && !mayHoldFinding(path, bytes)) {
      // Nothing to parse, but what decoding it would have said is still said.
      if (!isUtf8(hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes)) {
        const read = decodeBytes(bytes, maxBytes);
        if (read.ok) for (const n of read.notes) out.notes.push({ path, note: n });
      }
      return;
    }
    const read = decodeBytes(bytes, maxBytes);
    if (!read.ok) throw new Error(`unexpected: ${read.reason}`); // size and binary were checked above
    parsed++;
    const result = session.scan(path, read.text);
    for (const n of [...read.notes, ...result.notes]) out.notes.push({ path, note: n });
  };

  /** A file of the tree: filter, read (the hot path here, the rare ones through read-file.ts), scan. */
  const visitFile = async (path: string, symlink: boolean): Promise<void> => {
    out.considered++;
    const excluded = filter.excluded(path);
    if (excluded) {
      out.skipped.push({ path, note: excluded });
      return;
    }
    const fast = symlink ? undefined : reader.read(rootSlash + path);
    if (fast?.kind === "bytes") {
      bytesSeen += fast.size;
      take(path, fast.bytes);
    } else if (fast?.kind === "binary") {
      bytesSeen += fast.size;
      out.refused.push({ path, note: binaryReason(fast.head)! });
    } else {
      // A symbolic link (followed only inside the repository), a file over the size bound, an error.
      const read = await readWorkspaceBytes(root, path, maxBytes);
      if (!read.ok) {
        (read.skip ? out.refused : out.unreadable).push({ path, note: read.reason });
      } else {
        bytesSeen += read.bytes.length;
        take(path, read.bytes);
      }
    }
    if (opts.onProgress) {
      const now = performance.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        opts.onProgress({ files: out.considered, bytes: bytesSeen });
      }
    }
  };

  // A link to a folder is an entry of the tree like a file, counted and named, never entered.
  const refuseLinkedFolder = (path: string) => {
    out.considered++;
    out.refused.push({ path, note: "symbolic link to a folder (not followed)" });
  };

  const walk = async (dir: string, levels: readonly IgnoreLevel[], ignoredAbove = false): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch (err) {
      out.unreadable.push({ path: dir, note: `folder could not be read (${(err as NodeJS.ErrnoException).code ?? "error"})` });
      return;
    }
    const here = gitignores && entries.some((e) => e.name === ".gitignore") ? gitignores.levelsWith(levels, dir) : levels;
    entries.sort(inPathOrder);
    for (const e of entries) {
      const path = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name === ".git" || ignored(path, true, here, ignoredAbove)) continue;
        await walk(path, here, ignoredAbove || !!gitignores?.ignored(path, true, here));
      } else if (e.isFile()) {
        if (!ignored(path, false, here, ignoredAbove)) await visitFile(path, false);
      } else if (e.isSymbolicLink()) {
        if (ignored(path, false, here, ignoredAbove)) continue;
        if (isDirectory(join(root, path))) refuseLinkedFolder(path);
        else await visitFile(path, true);
      }
    }
  };

  for (const start of startingPoints(opts.paths)) {
    if (start.split("/").includes("..")) {
      out.considered++;
      out.refused.push({ path: start, note: "path leaves the repository (refused)" });
      continue;
    }
    // The rules from above the starting point; a folder's own .gitignore is read when it is walked.
    const slash = start.lastIndexOf("/");
    const levels = !gitignores ? [] : start === "" ? gitignores.exclude : gitignores.levelsIn(slash < 0 ? "" : start.slice(0, slash));
    const full = join(root, start);
    let info;
    try {
      info = lstatSync(full, { throwIfNoEntry: false });
    } catch (err) {
      out.considered++;
      out.unreadable.push({ path: start, note: `could not be read (${(err as NodeJS.ErrnoException).code ?? "error"})` });
      continue;
    }
    if (!info) {
      out.considered++;
      out.unreadable.push({ path: start, note: "not in the checkout" });
    } else if (info.isDirectory()) {
      await walk(start, levels);
    } else if (info.isSymbolicLink() && isDirectory(full)) {
      refuseLinkedFolder(start);
    } else {
      // A path named on purpose is scanned even when .gitignore ignores it, as ripgrep does.
      await visitFile(start, info.isSymbolicLink());
    }
  }

  const { findings, suppressed, context } = await session.finish((path) => readWorkspaceFile(root, path, maxBytes));
  out.parsed = parsed;
  out.bytesRead = bytesRead;
  // Modules read only to complete split settings are not part of the tree scanned.
  out.findings = findings.filter((f) => !context.has(f.path));
  out.suppressed = suppressed.filter((s) => !context.has(s.finding.path));
  return out;
}

/** The order of a sort of whole paths (`a.py` before `a/x.py`): a folder's name counts as `name/`. */
function inPathOrder(a: Dirent, b: Dirent): number {
  const x = a.name;
  const y = b.name;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = x.charCodeAt(i) - y.charCodeAt(i);
    if (d !== 0) return d;
  }
  const cx = x.length > n ? x.charCodeAt(n) : a.isDirectory() ? 47 : -1;
  const cy = y.length > n ? y.charCodeAt(n) : b.isDirectory() ? 47 : -1;
  return cx - cy;
}

/** The paths to walk, normalised, each once, none inside another. */
function startingPoints(paths: readonly string[] | undefined): string[] {
  const norm = (paths?.length ? paths : [""]).map((p) => p.replaceAll("\\", "/").split("/").filter((s) => s !== "" && s !== ".").join("/"));
  const kept = new Set<string>();
  // Shorter first, so a folder is kept before anything inside it is looked at.
  for (const p of [...new Set(norm)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))) {
    const parts = p.split("/");
    let inside = kept.has("");
    for (let i = 1; i < parts.length && !inside; i++) inside = kept.has(parts.slice(0, i).join("/"));
    if (!inside) kept.add(p);
  }
  return [...kept].sort();
}

const hasUtf8Bom = (b: Uint8Array): boolean => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
const hasUtf16Bom = (b: Uint8Array): boolean => (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);

/** decodeBytes's refusal of a binary file (its words), judged from the head it reads; undefined for text. */
function binaryReason(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, BINARY_HEAD);
  if (hasUtf16Bom(head) || !head.includes(0)) return undefined;
  const verdict = decodeBytes(head);
  return verdict.ok ? undefined : verdict.reason;
}

function isDirectory(full: string): boolean {
  try {
    return statSync(full).isDirectory();
  } catch {
    return false;
  }
}

type FastRead = { kind: "bytes"; bytes: Uint8Array; size: number } | { kind: "binary"; head: Uint8Array; size: number };

/**
 * Reads regular files into one reused buffer (grown up to the size bound), so a tree of any size
 * allocates no more than its largest scanned file. A binary file is recognised from its head and not
 * read further. Undefined sends the file to read-file.ts: over the bound, or an error to word.
 */
class PooledReader {
  private pool = Buffer.allocUnsafe(1 << 20);
  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  read(full: string): FastRead | undefined {
    let fd: number;
    try {
      fd = openSync(full, "r");
    } catch {
      return undefined;
    }
    try {
      const size = fstatSync(fd).size;
      if (size > this.maxBytes) return undefined;
      if (size > this.pool.length) this.pool = Buffer.allocUnsafe(Math.min(this.maxBytes, Math.max(size, this.pool.length * 2)));
      let n = this.fill(fd, 0, Math.min(size, BINARY_HEAD));
      const head = this.pool.subarray(0, n);
      if (!hasUtf16Bom(head) && head.includes(0)) return { kind: "binary", head, size };
      if (n === BINARY_HEAD) n += this.fill(fd, n, size - n);
      return { kind: "bytes", bytes: this.pool.subarray(0, n), size };
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  /** Reads up to `length` bytes at `offset` of the file into the pool at the same offset; fewer at its end. */
  private fill(fd: number, offset: number, length: number): number {
    let done = 0;
    while (done < length) {
      const got = readSync(fd, this.pool, offset + done, length - done, offset + done);
      if (got === 0) break;
      done += got;
    }
    return done;
  }
}

/** The rules of one .gitignore (or of .git/info/exclude), which apply below its folder. */
interface IgnoreLevel {
  /** The folder, relative to the root ("" for the root). */
  base: string;
  text: string;
  rules: Ignore;
  /** Paths tested since the rules were made: `ignore` remembers each, so the rules are remade now and then. */
  tested: number;
  /**
   * Verdicts by name (`name/` for a folder), when every rule is a name pattern (no `/` but a trailing
   * one): those match an entry by its name alone, so a tree's thousand `__init__.py` are judged once.
   */
  byName?: Map<string, Verdict>;
}

type Verdict = { ignored: boolean; unignored: boolean };

/** How many paths one set of rules may remember before it is remade: memory stays bounded on any tree. */
const RULES_CACHE_LIMIT = 20_000;

const rulesOf = (text: string): Ignore => ignore({ ignorecase: false }).add(text);

/** Whether every rule of a .gitignore is a name pattern, which git matches against an entry's name at any depth. */
function onlyNamePatterns(text: string): boolean {
  return text.split(/\r?\n/).every((line) => {
    const rule = line.replace(/^\s+|(?<!\\)\s+$/g, "");
    if (rule === "" || rule.startsWith("#")) return true;
    const body = rule.replace(/^[!\\]/, "").replace(/\/$/, "");
    return !body.includes("/");
  });
}

function levelOf(base: string, text: string): IgnoreLevel {
  return { base, text, rules: rulesOf(text), tested: 0, ...(onlyNamePatterns(text) ? { byName: new Map<string, Verdict>() } : {}) };
}

/**
 * .gitignore files as git reads them: a deeper file's rules beat a shallower one's, the last matching
 * rule of a file wins (`!` re-includes), .git/info/exclude comes below them all, and a folder once
 * ignored is not entered, so nothing below it comes back.
 */
class GitIgnores {
  private readonly root: string;
  /** .git/info/exclude, below every .gitignore. */
  readonly exclude: readonly IgnoreLevel[];
  /** The levels that apply inside each folder named as a starting point's ancestor. */
  private readonly above = new Map<string, readonly IgnoreLevel[]>();

  constructor(root: string) {
    this.root = root;
    const exclude = readText(join(root, ".git", "info", "exclude"));
    this.exclude = exclude.trim() ? [levelOf("", exclude)] : [];
  }

  /** `levels` with the .gitignore of `dir` added, when it has one with rules. */
  levelsWith(levels: readonly IgnoreLevel[], dir: string): readonly IgnoreLevel[] {
    const text = readText(join(this.root, dir, ".gitignore"));
    return text.trim() ? [...levels, levelOf(dir, text)] : levels;
  }

  /** The levels that apply inside folder `dir`: .git/info/exclude and the .gitignore of `dir` and each folder above it. */
  levelsIn(dir: string): readonly IgnoreLevel[] {
    const known = this.above.get(dir);
    if (known) return known;
    const slash = dir.lastIndexOf("/");
    const levels = dir === "" ? this.levelsWith(this.exclude, "") : this.levelsWith(this.levelsIn(slash < 0 ? "" : dir.slice(0, slash)), dir);
    this.above.set(dir, levels);
    return levels;
  }

  /** Whether `path` (whose folders are known not to be ignored) is ignored. */
  ignored(path: string, dir: boolean, levels: readonly IgnoreLevel[]): boolean {
    for (let i = levels.length - 1; i >= 0; i--) {
      const r = this.verdict(levels[i]!, path, dir);
      if (r.ignored) return true;
      if (r.unignored) return false;
    }
    return false;
  }

  private verdict(level: IgnoreLevel, path: string, dir: boolean): Verdict {
    if (++level.tested > RULES_CACHE_LIMIT) {
      level.rules = rulesOf(level.text);
      level.tested = 0;
      level.byName?.clear();
    }
    if (level.byName) {
      const name = path.slice(path.lastIndexOf("/") + 1) + (dir ? "/" : "");
      let r = level.byName.get(name);
      if (!r) level.byName.set(name, (r = level.rules.test(name)));
      return r;
    }
    const rel = level.base ? path.slice(level.base.length + 1) : path;
    return level.rules.test(dir ? `${rel}/` : rel);
  }
}

function readText(full: string): string {
  try {
    return readFileSync(full, "utf8");
  } catch {
    return "";
  }
}
