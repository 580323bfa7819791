// What fails a check (the action) or a command (the CLI): one gate for both.
import { severityRank, type Finding, type Severity } from "../engine/types.ts";

export type FailOn = Severity | "never";
export const FAIL_ON: readonly FailOn[] = ["error", "warning", "notice", "never"];

/** Whether a finding fails the check (or the command) under this fail-on. */
export const atOrAbove = (f: Finding, failOn: FailOn): boolean => failOn !== "never" && severityRank(f.severity) <= severityRank(failOn);
