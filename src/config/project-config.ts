// A project's own settings for the scan: `.github/django-secret-scan.yml`. It is read strictly: an
// unknown key or a bad value stops the scan with the line it stands on, because a typo in a security
// tool's config must not quietly turn into "scan with the defaults".
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { placeholderKey } from "../engine/key-shape.ts";
import type { ScanOptions } from "../engine/scan.ts";
import { SEVERITIES, type FileRole, type Finding, type Severity } from "../engine/types.ts";
import { globMatcher } from "../io/path-filter.ts";
import { RULES } from "../rules/index.ts";

export const DEFAULT_CONFIG_PATH = ".github/django-secret-scan.yml";

export type RuleSetting = "off" | Severity;

export interface ProjectConfig {
  /** Where it was read from; undefined when the project has none. */
  path?: string;
  /** By rule id: turned off, or reported at another severity. */
  rules: ReadonlyMap<string, RuleSetting>;
  include: readonly string[];
  exclude: readonly string[];
  /** Placeholder values, as `placeholderKey` compares them. */
  placeholders: ReadonlySet<string>;
  /** In file order: the first glob that matches a path gives its role. */
  roles: ReadonlyArray<{ glob: string; role: FileRole }>;
}

export const NO_CONFIG: ProjectConfig = { rules: new Map(), include: [], exclude: [], placeholders: new Set(), roles: [] };

const ROLES: readonly FileRole[] = ["production", "base", "neutral", "dev", "test", "example"];
const TOP_KEYS = ["rules", "paths", "placeholders", "roles"] as const;
const PATH_KEYS = ["include", "exclude"] as const;

export class ConfigError extends Error {
  override name = "ConfigError";
  readonly problems: string[];

  constructor(path: string, problems: string[]) {
    super(`${path} is not a valid django-secret-scan config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.problems = problems;
  }
}

/** Parses and checks a config file's text; throws ConfigError naming every bad line at once. */
export function parseConfig(text: string, path: string): ProjectConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: string[] = [];
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const problem = (node: Node | null | undefined, text: string) => problems.push(`line ${lineOf(node)}: ${text}`);
  for (const e of [...doc.errors, ...doc.warnings]) problems.push(`line ${lines.linePos(e.pos[0]).line}: ${e.message.split("\n")[0]}`);
  if (problems.length) throw new ConfigError(path, problems);

  const config = { path, rules: new Map<string, RuleSetting>(), include: [] as string[], exclude: [] as string[], placeholders: new Set<string>(), roles: [] as Array<{ glob: string; role: FileRole }> };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return config; // an empty file, or comments only
  if (!isMap(root)) throw new ConfigError(path, [`line ${lineOf(root)}: the file must be a mapping with the keys ${TOP_KEYS.join(", ")}`]);

  for (const pair of root.items) {
    const key = keyText(pair.key);
    const value = pair.value as Node | null;
    switch (key) {
      case "rules":
        forEachEntry(value, "rules", problem, (ruleKey, ruleValue, keyNode) => {
          const rule = RULES.find((r) => r.id === ruleKey.toUpperCase() || r.name === ruleKey);
          if (!rule) return problem(keyNode, `unknown rule '${ruleKey}' (a rule id such as DJS001, or its name; the README lists them)`);
          const setting = isScalar(ruleValue) ? settingOf(ruleValue.value) : undefined;
          if (!setting) return problem(ruleValue ?? keyNode, `rule ${rule.id} must be set to off, error, warning or notice`);
          config.rules.set(rule.id, setting);
        });
        break;
      case "paths":
        forEachEntry(value, "paths", problem, (pathKey, list, keyNode) => {
          if (!(PATH_KEYS as readonly string[]).includes(pathKey)) return problem(keyNode, `unknown key 'paths.${pathKey}' (expected ${PATH_KEYS.join(" or ")})`);
          config[pathKey as (typeof PATH_KEYS)[number]].push(...stringList(list, `paths.${pathKey}`, problem, keyNode));
        });
        break;
      case "placeholders":
        for (const word of stringList(value, "placeholders", problem, pair.key as Node)) {
          if (!word.trim()) problem(value, "a placeholder value must not be blank");
          else config.placeholders.add(placeholderKey(word));
        }
        break;
      case "roles":
        forEachEntry(value, "roles", problem, (glob, roleNode, keyNode) => {
          const role = isScalar(roleNode) ? String(roleNode.value) : "";
          if (!(ROLES as readonly string[]).includes(role)) return problem(roleNode ?? keyNode, `the role of '${glob}' must be one of ${ROLES.join(", ")}`);
          config.roles.push({ glob, role: role as FileRole });
        });
        break;
      default:
        problem(pair.key as Node, `unknown key '${key}' (expected ${TOP_KEYS.join(", ")})`);
    }
  }
  if (problems.length) throw new ConfigError(path, problems);
  return config;
}

const keyText = (node: unknown): string => (isScalar(node) ? String(node.value) : String(node));

/** `off` (or YAML's false, which some editors write for it) or a severity. */
function settingOf(value: unknown): RuleSetting | undefined {
  if (value === false) return "off";
  const text = typeof value === "string" ? value.trim().toLowerCase() : "";
  return text === "off" || (SEVERITIES as readonly string[]).includes(text) ? (text as RuleSetting) : undefined;
}

type Problem = (node: Node | null | undefined, text: string) => void;

function forEachEntry(node: Node | null, where: string, problem: Problem, each: (key: string, value: Node | null, keyNode: Node) => void): void {
  if (node === null || (isScalar(node) && node.value === null)) return; // `rules:` with nothing under it
  if (!isMap(node)) return problem(node, `'${where}' must be a mapping`);
  for (const pair of node.items) each(keyText(pair.key), pair.value as Node | null, pair.key as Node);
}

/** A list of strings, or one string. */
function stringList(node: Node | null, where: string, problem: Problem, keyNode: Node): string[] {
  if (node === null || (isScalar(node) && node.value === null)) return [];
  if (isScalar(node) && typeof node.value === "string") return [node.value];
  if (!isSeq(node)) {
    problem(node ?? keyNode, `'${where}' must be a list of strings`);
    return [];
  }
  const out: string[] = [];
  for (const item of node.items) {
    if (isScalar(item) && typeof item.value === "string") out.push(item.value);
    else problem(item as Node, `'${where}' must hold strings only (quote values such as 123 or yes)`);
  }
  return out;
}

/** The first role whose glob matches a path (globs compiled once). */
function roleByGlob(roles: ProjectConfig["roles"]): (path: string) => FileRole | undefined {
  const compiled = roles.map((r) => ({ role: r.role, matches: globMatcher(r.glob) }));
  return (path) => {
    const lower = path.toLowerCase();
    return compiled.find((r) => r.matches(path, lower))?.role;
  };
}

/** What the engine takes from the config: roles by path and placeholder values. */
export function scanOptionsOf(config: ProjectConfig): ScanOptions {
  return {
    ...(config.roles.length ? { roleOf: roleByGlob(config.roles) } : {}),
    ...(config.placeholders.size ? { placeholders: config.placeholders } : {}),
  };
}

/** Rules turned off are dropped; overridden ones take the project's severity. */
export function applyRuleSettings(findings: readonly Finding[], config: ProjectConfig): Finding[] {
  if (config.rules.size === 0) return [...findings];
  return findings.flatMap((f) => {
    const setting = config.rules.get(f.ruleId);
    if (setting === undefined) return [f];
    return setting === "off" ? [] : [{ ...f, severity: setting }];
  });
}
