// The action's inputs, read and checked once. A bad value is a configuration error with a clear
// message, never a silent default.
import * as core from "@actions/core";
import { MAX_FILE_BYTES } from "./io/read-file.ts";
import { FAIL_ON, type FailOn } from "./report/fail-on.ts";

export type Scope = "added-lines" | "changed-files" | "repository";
/** Where findings are annotated: workflow commands (10 per level shown) or a check run (every one). */
export type AnnotationMode = "workflow-commands" | "check-run";

export interface Inputs {
  token: string;
  scope: Scope;
  failOn: FailOn;
  include: string[];
  exclude: string[];
  sarifFile: string;
  annotations: AnnotationMode;
  /** The config file's path as given; empty means the default path, used when present. */
  configFile: string;
  /** Findings accepted for now, by fingerprint; empty when there is none. */
  baselineFile: string;
  /** Write every current finding to `baselineFile` instead of judging against it. */
  writeBaseline: boolean;
  /** Files larger than this many bytes are not read, and named in a warning. */
  maxFileBytes: number;
  /** Pull requests: also scan what each commit added, for keys added and removed again. */
  scanHistory: boolean;
}

const SCOPES: readonly Scope[] = ["added-lines", "changed-files", "repository"];
const ANNOTATION_MODES: readonly AnnotationMode[] = ["workflow-commands", "check-run"];

export class InputError extends Error {
  override name = "InputError";
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const raw = core.getInput(name).trim().toLowerCase() || fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new InputError(`Input '${name}' must be one of ${allowed.join(", ")}; got '${raw}'.`);
  }
  return raw as T;
}

/** Globs one per line or comma-separated; blank entries ignored. */
export function globList(raw: string): string[] {
  return raw.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
}

/** `true` or `false`, as YAML writes them; anything else is a mistake worth stopping for. */
function flag(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim().toLowerCase();
  if (raw === "") return fallback;
  if (raw === "true" || raw === "false") return raw === "true";
  throw new InputError(`Input '${name}' must be true or false; got '${raw}'.`);
}

const SIZE_UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2 };

/** `5MB`, `512 KiB`, `1048576`: binary units, as the size notes print them. */
export function sizeInput(name: string, fallback: number): number {
  const raw = core.getInput(name).trim();
  if (raw === "") return fallback;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  const bytes = m && unit ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!(bytes >= 1)) throw new InputError(`Input '${name}' must be a size such as 5MB, 512KB or 1048576 (bytes); got '${raw}'.`);
  return bytes;
}

export function readInputs(): Inputs {
  const inputs: Inputs = {
    token: core.getInput("github-token"),
    scope: oneOf("scope", SCOPES, "added-lines"),
    failOn: oneOf("fail-on", FAIL_ON, "error"),
    include: globList(core.getInput("include")),
    exclude: globList(core.getInput("exclude")),
    sarifFile: core.getInput("sarif-file").trim(),
    annotations: oneOf("annotations", ANNOTATION_MODES, "workflow-commands"),
    configFile: core.getInput("config-file").trim(),
    baselineFile: core.getInput("baseline-file").trim(),
    writeBaseline: flag("write-baseline", false),
    maxFileBytes: sizeInput("max-file-size", MAX_FILE_BYTES),
    scanHistory: flag("scan-history", true),
  };
  if (inputs.writeBaseline && !inputs.baselineFile) throw new InputError("Input 'write-baseline' needs 'baseline-file': the path to write the baseline to.");
  return inputs;
}
