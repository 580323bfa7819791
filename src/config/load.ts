// The project's config file and baseline, read from the checkout. The config at its default path is
// optional; a path the user names must exist, since a missing file there is a mistake, not a choice.
import { readWorkspaceFile } from "../io/read-file.ts";
import { BaselineError, parseBaseline, type Baseline } from "./baseline.ts";
import { ConfigError, DEFAULT_CONFIG_PATH, NO_CONFIG, parseConfig, type ProjectConfig } from "./project-config.ts";

const normal = (path: string): string => path.trim().replace(/^\.\//, "");

/** `named`: the path the user gave, or empty for the default path. */
export async function loadConfig(workspace: string, named: string): Promise<ProjectConfig> {
  const path = normal(named) || DEFAULT_CONFIG_PATH;
  const read = await readWorkspaceFile(workspace, path);
  if (!read.ok) {
    if (read.missing && !normal(named)) return NO_CONFIG;
    throw new ConfigError(path, [`could not be read: ${read.reason}`]);
  }
  return parseConfig(read.text, path);
}

export async function loadBaseline(workspace: string, named: string): Promise<Baseline> {
  const path = normal(named);
  const read = await readWorkspaceFile(workspace, path);
  if (!read.ok) {
    const fix = read.missing ? ": commit the file the action wrote with `write-baseline: true`, or unset `baseline-file`" : "";
    throw new BaselineError(`The baseline file ${path} could not be read (${read.reason})${fix}.`);
  }
  return parseBaseline(read.text, path);
}
