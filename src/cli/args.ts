// The command line, read strictly: an unknown flag or a bad value is a usage error (exit 2) with the
// reason, never a scan with something else than what was asked.
import { parseArgs } from "node:util";
import { FAIL_ON, type FailOn } from "../report/fail-on.ts";

export const FORMATS = ["text", "json", "sarif", "github"] as const;
export type OutputFormat = (typeof FORMATS)[number];
const COLOR = ["auto", "always", "never"] as const;

export interface CliOptions {
  paths: string[];
  /** `--diff REV`: only lines added since the merge base of REV and HEAD. */
  diff?: string;
  /** `--staged`: only lines the index adds, read from the index. */
  staged: boolean;
  format: OutputFormat;
  failOn: FailOn;
  config: string;
  baseline: string;
  writeBaseline: string;
  include: string[];
  exclude: string[];
  gitignore: boolean;
  color: (typeof COLOR)[number];
  /** `--stats`: files, bytes, time and peak memory on stderr after the report. */
  stats: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export const HELP = `Usage: django-secret-scan [options] [paths...]

Finds committed Django secret keys, other credentials and insecure Django settings.
Scans the given files and folders (default: .), honouring .gitignore.

Options:
  --diff REV             scan only the lines added since the merge base of REV and HEAD
                         (working tree and untracked files included), e.g. --diff origin/main
  --staged               scan only the lines the index adds, as the next commit will hold them
  --format FORMAT        text (default), json, sarif, github (workflow commands, for any CI)
  --fail-on LEVEL        lowest severity that fails: error (default), warning, notice, never
  --config FILE          config file (default: .github/django-secret-scan.yml when present)
  --baseline FILE        accept the findings listed in this baseline
  --write-baseline FILE  write every current finding to FILE as a baseline, and exit 0
  --include GLOB         scan only matching paths (repeatable)
  --exclude GLOB         do not scan matching paths (repeatable)
  --no-gitignore         scan files .gitignore hides too
  --color WHEN           auto (default: on a terminal, unless NO_COLOR is set), always, never
  --stats                print files read and parsed, bytes, time and peak memory on stderr
  -h, --help             show this help
  -v, --version          show the version

Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage, configuration or git error, or a file that could not be read.
`;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}; got '${value}'.`);
  return value as T;
}

export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        diff: { type: "string" },
        staged: { type: "boolean" },
        format: { type: "string" },
        "fail-on": { type: "string" },
        config: { type: "string" },
        baseline: { type: "string" },
        "write-baseline": { type: "string" },
        include: { type: "string", multiple: true },
        exclude: { type: "string", multiple: true },
        "no-gitignore": { type: "boolean" },
        color: { type: "string" },
        stats: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const options: CliOptions = {
    paths: parsed.positionals,
    ...(v.diff !== undefined ? { diff: v.diff } : {}),
    staged: v.staged ?? false,
    format: oneOf("format", v.format, FORMATS, "text"),
    failOn: oneOf("fail-on", v["fail-on"], FAIL_ON, "error"),
    config: v.config ?? "",
    baseline: v.baseline ?? "",
    writeBaseline: v["write-baseline"] ?? "",
    include: v.include ?? [],
    exclude: v.exclude ?? [],
    gitignore: !v["no-gitignore"],
    color: oneOf("color", v.color, COLOR, "auto"),
    stats: v.stats ?? false,
    help: v.help ?? false,
    version: v.version ?? false,
  };
  if (options.diff !== undefined && options.staged) throw new UsageError("--diff and --staged cannot be used together.");
  if ((options.diff !== undefined || options.staged) && options.paths.length) throw new UsageError("--diff and --staged scan what git says changed: give no paths with them.");
  if (options.diff === "") throw new UsageError("--diff needs a revision, e.g. --diff origin/main.");
  if (options.baseline && options.writeBaseline) throw new UsageError("--baseline and --write-baseline cannot be used together.");
  return options;
}
