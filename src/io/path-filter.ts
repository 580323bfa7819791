// Which paths are scanned: include and exclude globs (minimatch, with dot files, so `**` reaches
// `.env`, `.envs/**` and `.github/**`, where keys hide) over sensible default excludes.
import { Minimatch } from "minimatch";

/** Folders and files that are never a project's own settings: other people's code and build output. */
export const DEFAULT_EXCLUDES: readonly string[] = [
  ".git/**", "**/node_modules/**", "**/.venv/**", "**/venv/**", "**/virtualenv/**", "**/.virtualenvs/**",
  "**/site-packages/**", "**/.tox/**", "**/.nox/**", "**/__pycache__/**", "**/.mypy_cache/**",
  "**/.pytest_cache/**", "**/vendor/**", "**/third_party/**", "**/*.min.js", "**/*.min.css", "**/*.map",
  "**/*.sarif", // scanners' reports (this action's own among them) quote rule docs, not settings
];

/** `*.py` means a file anywhere; `folder/` means everything below it. */
export function normaliseGlob(glob: string): string {
  let g = glob.replace(/^\.\//, "");
  if (g.endsWith("/")) g += "**";
  return g.includes("/") ? g : `**/${g}`;
}

const MATCH_OPTIONS = { dot: true, nocomment: true };

/**
 * The literal pieces every match of a glob made only of literal text, `*` and `/` must hold, lower-cased;
 * undefined for any other glob. Most paths of a tree lack one, and are cleared without asking minimatch.
 * Compared without case, the test clears only paths that minimatch would not match under any case option.
 */
function requiredPieces(glob: string): string[] | undefined {
  if (/[?[\]{}()!+@\\]/.test(glob)) return undefined;
  return glob.toLowerCase().split(/[*/]+/).filter((piece) => piece !== "");
}

/** Whether a path matches; `lower` is the path lower-cased, when the caller has it already. */
export type GlobMatcher = (path: string, lower?: string) => boolean;

/** A glob read the way include and exclude read it, compiled once: a whole-tree scan asks about every path. */
export function globMatcher(glob: string): GlobMatcher {
  const normalised = normaliseGlob(glob);
  const compiled = new Minimatch(normalised, MATCH_OPTIONS);
  const pieces = requiredPieces(normalised);
  if (!pieces?.length) return (path) => compiled.match(path);
  return (path, lower = path.toLowerCase()) => pieces.every((piece) => lower.includes(piece)) && compiled.match(path);
}

export interface PathFilter {
  /** Why the path is not scanned, or undefined when it is. */
  excluded(path: string): string | undefined;
}

export function pathFilter(include: readonly string[], exclude: readonly string[]): PathFilter {
  const compile = (glob: string) => ({ glob: normaliseGlob(glob), matches: globMatcher(glob) });
  const inc = include.map(compile);
  const exc = [...DEFAULT_EXCLUDES, ...exclude].map(compile);
  return {
    excluded(path) {
      const lower = path.toLowerCase();
      if (inc.length > 0 && !inc.some((g) => g.matches(path, lower))) return "not matched by include";
      const hit = exc.find((g) => g.matches(path, lower));
      return hit ? `excluded by ${hit.glob}` : undefined;
    },
  };
}
