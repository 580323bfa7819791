// What a format is: which files it reads, and how their text becomes facts.
import type { FileFacts } from "../engine/types.ts";

export interface Format {
  name: string;
  /** What it reads, for people: the README's list of scanned files is made from these. */
  files: string;
  /** Whether this format reads the file at this repository-relative path (forward slashes). */
  claims(path: string): boolean;
  /** Facts of one file. Never throws for bad input: a file it cannot parse comes back with `parseError`. */
  facts(text: string, path: string): FileFacts;
}

/** The last path segment, lower-cased: most formats are known by their file name. */
export function baseName(path: string): string {
  // Every format asks about the same path in turn (formatFor): the last answer is kept.
  if (path !== lastPath) {
    lastPath = path;
    lastBase = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  }
  return lastBase;
}
let lastPath = "";
let lastBase = "";
