// What kind of YAML file a document belongs to (by path first, then by content), and where each kind
// keeps its settings and variables. Where a kind's schema says a value is generated or fetched
// elsewhere (secretKeyRef, generateValue), nothing is bound.
import { isMap, isScalar, type Node, type YAMLMap } from "yaml";
import { Secret } from "../engine/secret.ts";
import { baseName } from "./format.ts";
import type { Collector } from "./yaml-tree.ts";

export type YamlKind =
  | "compose"
  | "kubernetes"
  | "github-workflow"
  | "gitlab-ci"
  | "circleci"
  | "render"
  | "heroku"
  | "app-engine"
  | "digitalocean"
  | "dynaconf"
  | "config";

const COMPOSE_NAME = /^(?:docker-)?compose(?:[.-][^/]*)?\.ya?ml$|\.compose\.ya?ml$/;
const DYNACONF_NAME = /^(?:settings|\.secrets)(?:\.local)?\.ya?ml$/;
const CHART_VALUES_NAME = /^values(?:[.-][^/]*)?\.ya?ml$/;

/** The kind a path alone decides, if any. */
export function kindByPath(path: string): YamlKind | undefined {
  const p = path.toLowerCase();
  const base = baseName(path);
  if (/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(p)) return "github-workflow";
  if (/(?:^|[/.])\.?gitlab-ci\.ya?ml$/.test(p) || /(?:^|\/)\.gitlab\/ci\/.+\.ya?ml$/.test(p)) return "gitlab-ci";
  if (/(?:^|\/)\.circleci\/config\.ya?ml$/.test(p)) return "circleci";
  if (base === "render.yaml" || base === "render.yml") return "render";
  if (base === "heroku.yml" || base === "heroku.yaml") return "heroku";
  if (/(?:^|\/)\.do\/[^/]+\.ya?ml$/.test(p)) return "digitalocean";
  if (DYNACONF_NAME.test(base)) return "dynaconf";
  // A chart's values: plain settings, whatever keys they use (never a compose file or a manifest).
  if (CHART_VALUES_NAME.test(base)) return "config";
  return undefined;
}

/** The kind of one document of the file at `path`. */
export function kindOf(path: string, c: Collector, root: Node | undefined): YamlKind {
  const byPath = kindByPath(path);
  if (byPath) return byPath;
  const m = isMap(root) ? root : undefined;
  if (m && isManifest(c, m)) return "kubernetes";
  const base = baseName(path);
  if (COMPOSE_NAME.test(base) || (m && looksLikeCompose(c, m))) return "compose";
  if ((base === "app.yaml" || base === "app.yml") && m && (c.y.get(m, "runtime") || c.y.get(m, "env_variables"))) {
    return "app-engine";
  }
  return "config";
}

const isManifest = (c: Collector, m: YAMLMap): boolean =>
  c.y.str(c.y.get(m, "apiVersion")) !== undefined && c.y.str(c.y.get(m, "kind")) !== undefined;

/** A top-level `services:` map whose entries look like containers. */
function looksLikeCompose(c: Collector, m: YAMLMap): boolean {
  const services = c.y.map(c.y.get(m, "services"));
  if (!services) return false;
  return c.y.entries(services).some((e) => {
    const svc = c.y.map(e.value);
    return !!svc && c.y.entries(svc).some((s) => s.name === "image" || s.name === "build" || s.name === "environment");
  });
}

/** Binds what a document of this kind holds. */
export function extract(kind: YamlKind, c: Collector, root: Node | undefined): void {
  switch (kind) {
    case "compose":
      compose(c, root);
      break;
    case "kubernetes":
      kubernetes(c, root);
      return; // other fields of a manifest are no settings (and a SealedSecret's are ciphertext)
    case "github-workflow":
      githubWorkflow(c, root);
      break;
    case "gitlab-ci":
      gitlabCi(c, root);
      break;
    case "circleci":
      circleci(c, root);
      break;
    case "render":
      render(c, root);
      break;
    case "heroku":
      heroku(c, root);
      break;
    case "app-engine":
      c.mapEntries(c.y.map(c.y.get(c.y.map(root), "env_variables")), "paas");
      break;
    case "digitalocean":
      c.maps(root, (m) => {
        const envs = c.y.seq(c.y.get(m, "envs"));
        const section = c.y.str(c.y.get(m, "name"));
        envs?.items.forEach((item) => paasVar(c, item, section));
      });
      break;
    case "dynaconf":
      dynaconf(c, root);
      return;
    case "config":
      break;
  }
  // Whatever the kind's own places left: every other string entry, as plain configuration.
  c.all(root, "config");
}

// --- docker compose -------------------------------------------------------------------------

function compose(c: Collector, root: Node | undefined): void {
  const top = c.y.map(root);
  if (!top) return;
  // Services first: an anchor shared by several services is reported once, under the first one.
  const services = c.y.map(c.y.get(top, "services"));
  if (services) for (const e of c.y.entries(services)) {
    if (e.name !== undefined) composeService(c, c.y.map(e.value), e.name);
  }
  // Extension blocks (`x-env: &env ...`) nobody used, or used in ways not read above.
  for (const e of c.y.entries(top)) {
    if (!e.name?.startsWith("x-")) continue;
    const block = c.y.map(e.value);
    const serviceLike = block && c.y.entries(block).some((s) => s.name === "environment" || s.name === "build" || s.name === "image");
    if (serviceLike) composeService(c, block, e.name);
    else c.environment(e.value, "compose", e.name);
  }
}

function composeService(c: Collector, svc: YAMLMap | undefined, section: string): void {
  if (!svc) return;
  c.environment(c.y.get(svc, "environment"), "compose", section);
  // Build arguments end up in the image the same way.
  c.environment(c.y.get(c.y.map(c.y.get(svc, "build")), "args"), "compose", section);
}

// --- Kubernetes -----------------------------------------------------------------------------

function kubernetes(c: Collector, root: Node | undefined): void {
  const seen = new Set<YAMLMap>();
  const object = (m: YAMLMap | undefined, depth: number): void => {
    if (!m || seen.has(m) || depth > 8) return;
    seen.add(m);
    const kind = c.y.str(c.y.get(m, "kind"));
    const name = c.y.str(c.y.get(c.y.map(c.y.get(m, "metadata")), "name"));
    if (kind === "Secret") {
      c.mapEntries(c.y.map(c.y.get(m, "stringData")), "kubernetes-secret", name);
      secretData(c, c.y.map(c.y.get(m, "data")), name);
    } else if (kind === "ConfigMap") {
      c.mapEntries(c.y.map(c.y.get(m, "data")), "kubernetes-configmap", name);
    }
    // `kind: List` and friends carry whole objects in `items`.
    c.y.seq(c.y.get(m, "items"))?.items.forEach((item) => object(c.y.map(item), depth + 1));
  };
  const top = c.y.map(root);
  object(top, 0);
  // Container env lists sit at different depths per workload kind (Pod, Deployment, CronJob,
  // operators' custom resources); any `env:` list of name/value maps is one.
  c.maps(top, (m) => {
    const env = c.y.seq(c.y.get(m, "env"));
    if (!env) return;
    const container = c.y.str(c.y.get(m, "name"));
    for (const item of env.items) {
      const v = c.y.map(item);
      if (!v) continue;
      // valueFrom (secretKeyRef, configMapKeyRef, fieldRef): the value lives elsewhere, nothing to bind.
      const varName = c.y.stringScalar(c.y.get(v, "name"));
      const entry = c.y.entries(v).find((e) => e.name === "value");
      if (varName && entry) c.entry(varName.value as string, varName, entry.value, "kubernetes-env", container);
    }
  });
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `data:` of a Secret: base64 text, decoded and judged as what the pod will see. */
function secretData(c: Collector, data: YAMLMap | undefined, secretName: string | undefined): void {
  if (!data) return;
  for (const e of c.y.entries(data)) {
    if (e.name === undefined) continue;
    const s = c.fresh(e.value, e.name);
    if (!s) continue;
    const encoded = (s.value as string).replace(/\s+/g, "");
    if (!BASE64.test(encoded) || encoded.length % 4 === 1) {
      const line = c.span(s.range?.[0] ?? 0, s.range?.[1] ?? 0).line;
      c.notes.push(`Line ${line}: data.${e.name} of ${secretName ? `Secret ${secretName}` : "a Secret"} is not valid base64, so its value was not checked.`);
      continue;
    }
    let decoded: string;
    try {
      decoded = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(encoded, "base64"));
    } catch {
      continue; // binary data (a keystore, an image): no text to judge
    }
    // `echo value | base64` encodes a trailing line break that is no part of the key.
    decoded = decoded.replace(/\r?\n$/, "");
    const r = c.y.inner(s);
    c.push({
      name: e.name,
      construct: "entry",
      value: { kind: "string", secret: new Secret(decoded), span: c.span(r.from, r.to) },
      context: "kubernetes-secret",
      encoding: "base64",
      ...(secretName === undefined ? {} : { section: secretName }),
      ...(e.key ? { nameSpan: c.nameSpan(e.key)! } : {}),
    });
  }
}

// --- CI workflows ---------------------------------------------------------------------------

function githubWorkflow(c: Collector, root: Node | undefined): void {
  const top = c.y.map(root);
  if (!top) return;
  // `${{ secrets.X }}` values are bound as they are: the engine reads them as template syntax.
  c.mapEntries(c.y.map(c.y.get(top, "env")), "workflow");
  const jobs = c.y.map(c.y.get(top, "jobs"));
  if (!jobs) return;
  for (const job of c.y.entries(jobs)) {
    // Job, step, service-container and container `env:`, and the inputs steps give actions (`with:`).
    c.maps(job.value, (m, path) => {
      c.mapEntries(c.y.map(c.y.get(m, "env")), "workflow", job.name);
      if (path.length === 0 || path.includes("steps")) c.mapEntries(c.y.map(c.y.get(m, "with")), "workflow", job.name);
    });
  }
}

function gitlabCi(c: Collector, root: Node | undefined): void {
  const top = c.y.map(root);
  if (!top) return;
  for (const e of c.y.entries(top)) {
    if (e.name === "variables") gitlabVariables(c, c.y.map(e.value), undefined);
    // Jobs, `default:`, `workflow:` rules: variables wherever they sit, under the top-level key.
    else c.maps(e.value, (m) => gitlabVariables(c, c.y.map(c.y.get(m, "variables")), e.name));
  }
}

/** `NAME: value` or `NAME: {value: ..., description: ...}`. */
function gitlabVariables(c: Collector, vars: YAMLMap | undefined, section: string | undefined): void {
  if (!vars) return;
  for (const e of c.y.entries(vars)) {
    const detailed = c.y.map(e.value);
    if (detailed) c.entry(e.name, e.key, c.y.get(detailed, "value"), "workflow", section);
    else c.entry(e.name, e.key, e.value, "workflow", section);
  }
}

function circleci(c: Collector, root: Node | undefined): void {
  c.maps(root, (m, path) => {
    // The job (or executor, command) a block belongs to is the key under the top-level section.
    const section = path.length >= 2 && path[1] ? path[1] : undefined;
    c.mapEntries(c.y.map(c.y.get(m, "environment")), "workflow", section);
  });
}

// --- PaaS manifests -------------------------------------------------------------------------

function render(c: Collector, root: Node | undefined): void {
  const top = c.y.map(root);
  if (!top) return;
  for (const listName of ["services", "envVarGroups", "databases"]) {
    for (const item of c.y.seq(c.y.get(top, listName))?.items ?? []) {
      const owner = c.y.map(item);
      const section = c.y.str(c.y.get(owner, "name"));
      c.y.seq(c.y.get(owner, "envVars"))?.items.forEach((v) => paasVar(c, v, section));
    }
  }
}

/**
 * `{key: NAME, value: ...}`. generateValue, fromDatabase, fromService, fromGroup and `sync: false`
 * carry no value: nothing to bind (the key is still consumed, so it is not reported as a setting).
 */
function paasVar(c: Collector, item: unknown, section: string | undefined): void {
  const v = c.y.map(item);
  if (!v) return;
  const key = c.y.stringScalar(c.y.get(v, "key"));
  if (!key) return;
  c.consume(key);
  const valueEntry = c.y.entries(v).find((e) => e.name === "value");
  if (valueEntry) c.entry(key.value as string, key, valueEntry.value, "paas", section);
}

function heroku(c: Collector, root: Node | undefined): void {
  const top = c.y.map(root);
  for (const phase of ["setup", "build"]) {
    c.mapEntries(c.y.map(c.y.get(c.y.map(c.y.get(top, phase)), "config")), "paas", phase);
  }
}

// --- dynaconf -------------------------------------------------------------------------------

const DYNACONF_ENVS = new Set(["default", "development", "production", "global", "testing", "test", "staging", "local", "dev", "prod"]);

/**
 * A file with environment sections (`default:`, `production:` ...) binds each setting under its
 * section; a flat file binds settings with no section. Values that dynaconf computes from other
 * settings or the environment (`@format`, `@jinja`, `@get`) are not bound.
 */
function dynaconf(c: Collector, root: Node | undefined): void {
  const top = c.y.map(root);
  if (!top) return;
  const es = c.y.entries(top);
  // Sections are known environment names, or (dynaconf takes any name) lower-case keys when every
  // top-level value is a map: settings themselves are conventionally upper-case.
  const sectioned =
    es.some((e) => e.name !== undefined && DYNACONF_ENVS.has(e.name.toLowerCase()) && isMap(e.value)) ||
    (es.length > 0 && es.every((e) => e.name !== undefined && /^[a-z][a-z0-9_-]*$/.test(e.name) && isMap(e.value)));
  for (const e of es) {
    const env = sectioned && isMap(e.value) ? e.name : undefined;
    dropComputed(c, e.value);
    if (isScalar(e.value)) c.entry(e.name, e.key, e.value, "dynaconf");
    else c.all(e.value, "dynaconf", env);
  }
}

const COMPUTED = /^@(?:format|jinja|get)\b/;

function dropComputed(c: Collector, n: Node | undefined): void {
  const mark = (v: unknown): void => {
    const s = c.y.stringScalar(v);
    if (s && COMPUTED.test(s.value as string)) c.consume(s);
  };
  mark(n);
  c.maps(n, (m) => c.y.entries(m).forEach((e) => mark(e.value)));
}

