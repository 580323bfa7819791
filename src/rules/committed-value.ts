// What a committed value is, for every rule that judges one: a real key (a generator made it, or it
// is long and varied enough to pass W009), a weak literal, a placeholder, or nothing to judge.
import { looksReal, SHAPE_WORDS } from "../engine/key-shape.ts";
import { ROLE_WORDS } from "../engine/grade.ts";
import type { Secret } from "../engine/secret.ts";
import type { Binding, BindingRule, Context, FileRole, RuleContext, Severity } from "../engine/types.ts";
import { bindsSecretKey, isInert, literalOrDefault, READ_FROM_ENV, ROTATE, subject } from "./secret-key-bindings.ts";

export type ValueKind = "real" | "weak" | "placeholder";

/** undefined: empty or template syntax, which commits nothing. */
export function kindOf(secret: Secret): ValueKind | undefined {
  if (isInert(secret)) return undefined;
  const p = secret.profile;
  if (looksReal(p)) return "real";
  return p.placeholder ? "placeholder" : "weak";
}

export const contextOf = (b: Binding): Context => b.context ?? "python";

/** Severity by kind of value, for a rule whose table gives one severity per kind and role group. */
export interface Policy {
  real: Severity | undefined;
  weak: Severity | undefined;
  placeholder: Severity | undefined;
}

/** A role group's policy: deployed files (production, base, neutral), development, tests and examples. */
export function byRole(role: FileRole, deployed: Policy, dev: Policy, other: Policy): Policy {
  if (role === "dev") return dev;
  if (role === "test" || role === "example") return other;
  return deployed;
}

/** Where the value sits, in words, for messages. */
export const CONTEXT_WORDS: Record<Context, string> = {
  python: "Python settings",
  dotenv: "a dotenv file",
  compose: "a docker compose file",
  "kubernetes-secret": "a Kubernetes Secret manifest",
  "kubernetes-configmap": "a Kubernetes ConfigMap",
  "kubernetes-env": "a Kubernetes container's env",
  workflow: "a CI workflow",
  paas: "a platform deploy manifest",
  dockerfile: "a Dockerfile",
  "build-dummy": "a Dockerfile RUN command",
  dynaconf: "dynaconf settings",
  config: "a configuration file",
  ini: "an INI/cfg file",
  shell: "a shell script",
  systemd: "a systemd unit",
  text: "a text file",
};

/** What to do instead, per kind of file: the fix a reader can apply there. */
export const CONTEXT_FIX: Record<Context, string> = {
  python: "Read it from the environment with no default (os.environ[\"NAME\"]), so a missing variable stops the process.",
  dotenv: "Do not commit dotenv files with real values: add the file to .gitignore, commit a .env.example with placeholders, and keep real values in the deployment's secret store.",
  compose: "Use ${DJANGO_SECRET_KEY} (or ${DJANGO_SECRET_KEY:?set it}) with the value in an untracked env_file, or docker secrets.",
  "kubernetes-secret": "base64 is an encoding, not encryption: keep Secret manifests out of the repository (sealed-secrets, external-secrets, SOPS) and create the Secret at deploy time.",
  "kubernetes-configmap": "A ConfigMap is not for secrets: put the key in a Secret created outside the repository and reference it with valueFrom.secretKeyRef.",
  "kubernetes-env": "Reference a Secret with valueFrom.secretKeyRef instead of a literal value.",
  workflow: "Use ${{ secrets.DJANGO_SECRET_KEY }}, or generate a throw-away key in the job.",
  paas: 'Let the platform generate it (Heroku app.json "generator": "secret", Render generateValue: true) or set it in the dashboard, not in the manifest.',
  dockerfile: "ENV and ARG defaults are stored in the image's layers and history for anyone who pulls it: pass the key at run time (docker run -e, orchestrator secrets).",
  "build-dummy": "RUN commands are kept in the image history: use a throw-away dummy value for build steps, never a real key.",
  dynaconf: "Keep real values in .secrets.toml (git-ignored) or DYNACONF_/DJANGO_ environment variables, not in committed settings files.",
  config: "Keep the value out of committed configuration: read it from the environment or a secret store.",
  ini: "Keep the value out of committed configuration: read it from the environment or a secret store.",
  shell: "Do not export real values from committed scripts: read them from the environment or a secret store at run time.",
  systemd: "Use an EnvironmentFile= outside the repository (or systemd credentials) instead of Environment= in the unit.",
  text: "Remove the key from the file and keep it in the deployment's secret store.",
};

export interface KeyInFileSpec {
  id: string;
  name: string;
  defaultSeverity: Severity;
  cwe: number[];
  docs: BindingRule["docs"];
  contexts: readonly Context[];
  /** Severity for each kind of value, given where it stands. */
  policy(ctx: RuleContext, b: Binding): Policy;
  /** An extra sentence for this binding (base64 said to be no protection, say). */
  remark?(b: Binding): string | undefined;
}

const WHAT: Record<ValueKind, string> = {
  real: "a real-looking key",
  weak: "a weak literal (security.W009: shorter than 50 characters or fewer than 5 distinct ones)",
  placeholder: "placeholder text",
};

/** A rule for SECRET_KEY committed in one kind of file: the spec says where, and how loud per kind of value. */
export function keyInFileRule(spec: KeyInFileSpec): BindingRule {
  return {
    id: spec.id,
    name: spec.name,
    defaultSeverity: spec.defaultSeverity,
    cwe: spec.cwe,
    docs: spec.docs,
    judge(b, ctx) {
      const context = contextOf(b);
      if (!spec.contexts.includes(context) || !bindsSecretKey(b)) return undefined;
      const secret = literalOrDefault(b.value);
      const kind = secret && kindOf(secret);
      if (!secret || !kind) return undefined;
      const severity = spec.policy(ctx, b)[kind];
      if (!severity) return undefined;
      const viaDefault = b.value.kind === "env" ? ` as the default of ${b.value.via}` : "";
      const shape = kind === "real" ? ` (${SHAPE_WORDS[secret.profile.shape]})` : "";
      const remark = spec.remark?.(b);
      return {
        severity,
        secret,
        message:
          `${subject(b)} is set to ${WHAT[kind]}${shape}${viaDefault} in ${placeOf(b, ctx.role)}. ` +
          `${remark ? `${remark} ` : ""}${CONTEXT_FIX[context]}${kind === "real" ? ` ${ROTATE}` : ""}`,
      };
    },
  };
}

const ROLE_SHORT: Record<FileRole, string> = {
  production: "production", base: "base settings", neutral: "deployed as it is", dev: "development", test: "tests", example: "example or docs",
};

/** Where a binding stands, in words: the role for Python settings, the kind of file and its role otherwise. */
export function placeOf(b: Binding, role: FileRole): string {
  const context = contextOf(b);
  return context === "python" ? ROLE_WORDS[role] : `${CONTEXT_WORDS[context]} (${ROLE_SHORT[role]})`;
}

/** The fix for the kind of file the binding stands in. */
export const fixFor = (b: Binding): string => (contextOf(b) === "python" ? READ_FROM_ENV : CONTEXT_FIX[contextOf(b)]);
