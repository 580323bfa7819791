// The role of a file, from its path (RULES.md 4.2, 4.3). Whole path segments and file-name parts are
// compared, never substrings: "ci" in "social", "dev" in "devices", "test" in "latest" are no roles.
import type { FileRole } from "./types.ts";

/** Checked in this order: an example of production settings is an example, not production. A "templates"
 * folder is no example: it holds Django HTML templates or a Helm chart's deployed manifests. */
const ROLE_WORDS: ReadonlyArray<[FileRole, readonly string[]]> = [
  ["example", ["example", "examples", "sample", "samples", "template", "tpl", "dist", "docs", "doc", "skeleton"]],
  ["test", ["test", "tests", "testing", "conftest", "pytest", "ci", "travis", "github_actions", "spec", "specs"]],
  ["dev", ["local", "dev", "develop", "development", "devel"]],
  ["production", ["prod", "production", "deploy", "deployment", "live", "heroku", "k8s", "kubernetes", "helm", "staging"]],
  ["base", ["base", "common", "defaults"]],
];

const DOC_EXTENSIONS = new Set(["md", "rst", "txt", "adoc"]);

/** The words a path is made of: folder names whole, file names split at `.`, `_` and `-`. */
function pathWords(path: string): Set<string> {
  const segments = path.toLowerCase().split("/").filter(Boolean);
  const file = segments.pop() ?? "";
  const words = new Set<string>(segments);
  for (const folder of segments) for (const part of folder.split(/[._-]+/)) if (part) words.add(part);
  for (const part of file.split(/[._-]+/)) if (part) words.add(part);
  return words;
}

export function fileRole(path: string): FileRole {
  const extension = path.toLowerCase().split(".").pop() ?? "";
  if (DOC_EXTENSIONS.has(extension)) return "example";
  const words = pathWords(path);
  for (const [role, names] of ROLE_WORDS) if (names.some((n) => words.has(n))) return role;
  return "neutral";
}

/** Roles whose committed values do not reach a deployed site on their own. */
export const isNonDeployRole = (role: FileRole): boolean => role === "dev" || role === "test" || role === "example";
