import { test } from "node:test";
import assert from "node:assert/strict";
import { format, yamlFacts } from "../../src/formats/yaml.ts";
import type { FileFacts } from "../../src/engine/types.ts";
import { assertLiteralAt, assertSpanText, madeUpDjangoKey, named, only, textAt } from "../helpers/facts.ts";

// --- helpers ----------------------------------------------------------------------------------

const ok = (text: string, path: string): FileFacts => {
  const f = yamlFacts(text, path);
  assert.equal(f.parseError, undefined, "parses");
  return f;
};

// --- claims -----------------------------------------------------------------------------------

test("claims .yml and .yaml files, any case, and nothing else", () => {
  for (const p of ["docker-compose.yml", "k8s/app.YAML", ".github/workflows/ci.yml", "values.yaml"]) assert.ok(format.claims(p), p);
  for (const p of ["settings.toml", "app.json", "x.yml.example", "yaml", "Dockerfile"]) assert.ok(!format.claims(p), p);
  assert.equal(format.name, "yaml");
});

// --- docker compose ---------------------------------------------------------------------------

test("compose: environment as a map and as a list, the service as section", () => {
  const key = madeUpDjangoKey(1);
  const text = [
    "services:",
    "  web:",
    "    image: app",
    "    environment:",
    `      SECRET_KEY: '${key}'`,
    "      DEBUG: 1",
    "      EMPTY:",
    "  worker:",
    "    image: app",
    "    environment:",
    `      - DJANGO_SECRET_KEY=${key}`,
    '      - "QUOTED=top-secret"',
    "      - FROM_HOST",
    "      - BLANK=",
    "",
  ].join("\n");
  const f = ok(text, "docker-compose.prod.yml");
  const map = only(f, "SECRET_KEY");
  assert.equal(map.context, "compose");
  assert.equal(map.section, "web");
  assert.equal(map.construct, "entry");
  assertLiteralAt(text, map.value, key);
  assert.equal(textAt(text, map.nameSpan!), "SECRET_KEY");
  const list = only(f, "DJANGO_SECRET_KEY");
  assert.equal(list.section, "worker");
  assertLiteralAt(text, list.value, key);
  assert.equal(textAt(text, list.nameSpan!), "DJANGO_SECRET_KEY");
  assertLiteralAt(text, only(f, "QUOTED").value, "top-secret");
  assert.equal(named(f, "FROM_HOST").length, 0, "a bare name is taken from the host");
  assert.equal(named(f, "DEBUG").length, 0, "numbers need no binding");
  assert.equal(named(f, "EMPTY").length, 0, "a null value is taken from the host");
  const blank = only(f, "BLANK");
  assert.equal(blank.value.kind === "string" && blank.value.secret.length, 0);
});

test("compose: ${VAR} reads the environment; ${VAR:-default} and ${VAR-default} grade the default", () => {
  const key = madeUpDjangoKey(2);
  const text = [
    "services:",
    "  web:",
    "    image: app",
    "    environment:",
    "      SECRET_KEY: ${SECRET_KEY}",
    "      CHECKED: ${CHECKED:?set it}",
    "",
  ].join("\n");
  const f = ok(text, "compose.yaml");
  const clean = only(f, "SECRET_KEY").value;
  assert.equal(clean.kind, "env");
  assert.ok(clean.kind === "env" && clean.envName === "SECRET_KEY" && clean.default === undefined);
  assertSpanText(text, clean.span, "${SECRET_KEY}", "SECRET_KEY");
  const checked = only(f, "CHECKED").value;
  assert.ok(checked.kind === "env" && checked.default === undefined);

  const text3 = [
    "services:",
    "  web:",
    "    build: .",
    "    environment:",
    `      - SECRET_KEY=\${DJANGO_SECRET_KEY:-${key}}`,
    "  api:",
    "    image: x",
    "    environment:",
    '      OTHER: "${OTHER-dev-only}"',
    "",
  ].join("\n");
  const g = ok(text3, "docker-compose.yml");
  const listed = only(g, "SECRET_KEY").value;
  assert.equal(listed.kind, "env");
  if (listed.kind !== "env") return;
  assert.equal(listed.envName, "DJANGO_SECRET_KEY");
  assert.equal(listed.via, "${DJANGO_SECRET_KEY:-...}", "via never holds the default");
  assertSpanText(text3, listed.span, `\${DJANGO_SECRET_KEY:-${key}}`, "the whole interpolation's span");
  assertLiteralAt(text3, listed.default, key);
  const other = only(g, "OTHER").value;
  assert.ok(other.kind === "env");
  if (other.kind === "env") {
    assert.equal(other.via, "${OTHER-...}");
    assertLiteralAt(text3, other.default, "dev-only");
  }
});

test("compose: an anchor shared by two services is one binding, at the anchor", () => {
  const key = madeUpDjangoKey(3);
  const text = [
    "x-django-env: &django-env",
    `  SECRET_KEY: ${key}`,
    "  DATABASE_URL: postgres://app:pw@db/app",
    "x-defaults: &defaults",
    "  restart: always",
    "  environment:",
    "    MERGED_ONLY: merged-value",
    "services:",
    "  web:",
    "    image: app",
    "    environment: *django-env",
    "  worker:",
    "    <<: *defaults",
    "    image: app",
    "    environment:",
    "      <<: *django-env",
    "      WORKER: yes-it-is",
    "  beat:",
    "    <<: *defaults",
    "    image: app",
    "x-unused:",
    "  UNUSED_KEY: abc",
    "",
  ].join("\n");
  const f = ok(text, "docker-compose.yml");
  const b = only(f, "SECRET_KEY");
  assert.equal(b.value.span.line, 2, "reported where it is written");
  assert.equal(b.context, "compose");
  assert.equal(b.section, "web", "under the first service that uses it");
  assertLiteralAt(text, b.value, key);
  assert.equal(only(f, "DATABASE_URL").context, "compose");
  const merged = only(f, "MERGED_ONLY");
  assert.equal(merged.value.span.line, 7);
  // worker writes its own `environment:`, which overrides the merged one: beat is the first to use it.
  assert.equal(merged.section, "beat");
  assert.equal(only(f, "WORKER").section, "worker");
  const unused = only(f, "UNUSED_KEY");
  assert.equal(unused.context, "compose");
  assert.equal(unused.section, "x-unused");
});

test("compose: recognised by content when the name does not say so; build args too", () => {
  const text = [
    "version: '3.8'",
    "services:",
    "  web:",
    "    build:",
    "      context: .",
    "      args:",
    "        - SECRET_KEY=build-time-secret",
    "    environment: {SECRET_KEY: inline-flow}",
    "",
  ].join("\n");
  const f = ok(text, "deploy/stack.yml");
  const bs = named(f, "SECRET_KEY");
  assert.equal(bs.length, 2);
  assert.ok(bs.every((b) => b.context === "compose" && b.section === "web"));
  assertLiteralAt(text, bs.find((b) => b.value.span.line === 7)!.value, "build-time-secret");
  assertLiteralAt(text, bs.find((b) => b.value.span.line === 8)!.value, "inline-flow");
  // Other string entries of the file are plain configuration.
  assert.equal(only(f, "context").context, "config");
});

// --- Kubernetes -------------------------------------------------------------------------------

test("kubernetes: a Deployment and a Secret in one file; base64 data decoded; secretKeyRef unbound", () => {
  const key = madeUpDjangoKey(4);
  const b64 = Buffer.from("changeme\n").toString("base64");
  const keyB64 = Buffer.from(key).toString("base64");
  const text = [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: web",
    "spec:",
    "  template:",
    "    spec:",
    "      initContainers:",
    "        - name: migrate",
    "          env:",
    "            - name: DATABASE_URL",
    '              value: "postgres://app:pw@db/app"',
    "      containers:",
    "        - name: app",
    "          image: app:1",
    "          env:",
    "            - name: DJANGO_SECRET_KEY",
    "              valueFrom:",
    "                secretKeyRef: {name: web, key: secret-key}",
    "            - name: DEBUG",
    '              value: "false"',
    "---",
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    "  name: web",
    "type: Opaque",
    "data:",
    `  secret-key: ${b64}`,
    `  real-key: "${keyB64}"`,
    "  broken: not*base64!",
    "stringData:",
    "  EMAIL_HOST_PASSWORD: hunter22",
    "---",
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata: {name: cfg}",
    "data:",
    "  SECRET_KEY: in-a-configmap",
    "",
  ].join("\n");
  const f = ok(text, "k8s/web.yaml");
  assert.equal(named(f, "DJANGO_SECRET_KEY").length, 0, "valueFrom binds nothing");
  const db = only(f, "DATABASE_URL");
  assert.equal(db.context, "kubernetes-env");
  assert.equal(db.section, "migrate");
  assertLiteralAt(text, db.value, "postgres://app:pw@db/app");
  assert.equal(textAt(text, db.nameSpan!), "DATABASE_URL");
  assert.equal(only(f, "DEBUG").section, "app");

  const placeholder = only(f, "secret-key");
  assert.equal(placeholder.context, "kubernetes-secret");
  assert.equal(placeholder.encoding, "base64");
  assert.equal(placeholder.section, "web");
  // The decoded text is judged (the trailing line break of `echo ... | base64` dropped); the span is
  // the base64 text as written.
  assertLiteralAt(text, placeholder.value, "changeme", b64);
  assertLiteralAt(text, only(f, "real-key").value, key, keyB64);
  assert.equal(named(f, "broken").length, 0);
  assert.equal(f.notes.length, 1);
  assert.match(f.notes[0]!, /^Line 31: data\.broken .*not valid base64/);

  const sd = only(f, "EMAIL_HOST_PASSWORD");
  assert.equal(sd.context, "kubernetes-secret");
  assert.equal(sd.encoding, undefined);
  assertLiteralAt(text, sd.value, "hunter22");
  const cm = only(f, "SECRET_KEY");
  assert.equal(cm.context, "kubernetes-configmap");
  assert.equal(cm.section, "cfg");

  // Nothing else of a manifest is a setting.
  assert.equal(named(f, "image").length + named(f, "name").length + named(f, "type").length, 0);
});

test("kubernetes: CronJob containers, List items, binary data", () => {
  const text = [
    "apiVersion: v1",
    "kind: List",
    "items:",
    "  - apiVersion: batch/v1",
    "    kind: CronJob",
    "    metadata: {name: nightly}",
    "    spec:",
    "      jobTemplate:",
    "        spec:",
    "          template:",
    "            spec:",
    "              containers:",
    "                - name: job",
    "                  env: [{name: SECRET_KEY, value: from-a-cronjob}]",
    "  - apiVersion: v1",
    "    kind: Secret",
    "    metadata: {name: bin}",
    "    data:",
    `      keystore: ${Buffer.from([0xff, 0xfe, 0x00, 0x81]).toString("base64")}`,
    "",
  ].join("\n");
  const f = ok(text, "manifests/all.yml");
  const b = only(f, "SECRET_KEY");
  assert.equal(b.context, "kubernetes-env");
  assert.equal(b.section, "job");
  assertLiteralAt(text, b.value, "from-a-cronjob");
  assert.equal(named(f, "keystore").length, 0, "binary data is no text to judge");
  assert.deepEqual(f.notes, []);
});

test("helm: a template with {{ .Values.x }} parses, binds no template, keeps literals", () => {
  const text = [
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    "  name: {{ include \"app.fullname\" . }}",
    "  labels:",
    "    {{- include \"app.labels\" . | nindent 4 }}",
    "{{- if .Values.secretKey }}",
    "stringData:",
    "  SECRET_KEY: {{ .Values.secretKey | quote }}",
    '  QUOTED: "{{ .Values.quoted }}"',
    '  MIXED: "prefix-{{ .Values.x }}"',
    "  LITERAL: committed-literal",
    "{{- else }}",
    "stringData:",
    "  SECRET_KEY: {{ randAlphaNum 50 | quote }}",
    "{{- end }}",
    "data:",
    "  b64: {{ .Values.other | b64enc }}",
    "---",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "spec:",
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: app",
    "          env:",
    "            - name: DJANGO_SECRET_KEY",
    "              value: {{ .Values.secretKey | quote }}",
    "            - name: PLAIN",
    "              value: plain-literal",
    "",
  ].join("\n");
  const f = yamlFacts(text, "charts/app/templates/secret.yaml");
  assert.equal(f.parseError, undefined);
  assert.deepEqual(f.notes, []);
  assert.deepEqual(f.bindings.map((b) => b.name).sort(), ["LITERAL", "PLAIN"]);
  const lit = only(f, "LITERAL");
  assert.equal(lit.context, "kubernetes-secret");
  assertLiteralAt(text, lit.value, "committed-literal");
  assert.equal(only(f, "PLAIN").context, "kubernetes-env");
});

test("helm: template syntax outside templates/ is masked only when it breaks the YAML", () => {
  const broken = "env:\n  {{- range .Values.env }}\n  - name: {{ .name }}\n  {{- end }}\nSECRET_KEY: literal-here\n";
  const f = yamlFacts(broken, "deploy/job.yaml");
  assert.equal(f.parseError, undefined);
  assert.deepEqual(f.bindings.map((b) => b.name), ["SECRET_KEY"]);
  // Valid YAML with a quoted template keeps it as it is: the engine reads `{{ }}` as a template.
  const quoted = 'password: "{{ vault_password }}"\n';
  const g = ok(quoted, "ansible/vars.yml");
  assert.equal(only(g, "password").context, "config");
});

test("helm: a chart's values.yaml is plain configuration, every string entry", () => {
  const text = [
    "image:",
    "  repository: app",
    "secretKey: committed-in-values",
    "services:",
    "  web:",
    "    image: not-a-compose-file",
    "env:",
    "  - name: SECRET_KEY",
    "    value: listed-in-values",
    "",
  ].join("\n");
  const f = ok(text, "charts/app/values.yaml");
  assert.ok(f.bindings.every((b) => b.context === "config"));
  assertLiteralAt(text, only(f, "secretKey").value, "committed-in-values");
  assertLiteralAt(text, only(f, "SECRET_KEY").value, "listed-in-values");
  assert.equal(named(f, "name").length + named(f, "value").length, 0, "the name field names the value");
  assert.equal(only(f, "repository").section, undefined);
});

// --- CI workflows -----------------------------------------------------------------------------

test("github workflow: env at top, job and step level; ${{ secrets.X }} kept as written", () => {
  const text = [
    "name: CI",
    "on: [push]",
    "env:",
    "  DJANGO_SETTINGS_MODULE: app.settings.ci",
    "jobs:",
    "  test:",
    "    runs-on: ubuntu-latest",
    "    env:",
    "      SECRET_KEY: ci-dummy-not-a-secret",
    "    services:",
    "      postgres:",
    "        image: postgres:16",
    "        env:",
    "          POSTGRES_PASSWORD: postgres",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - run: python manage.py test",
    "        env:",
    "          DJANGO_SECRET_KEY: ${{ secrets.DJANGO_SECRET_KEY }}",
    "      - uses: some/action@v1",
    "        with:",
    "          api-token: literal-input",
    "",
  ].join("\n");
  const f = ok(text, ".github/workflows/ci.yml");
  const top = only(f, "DJANGO_SETTINGS_MODULE");
  assert.equal(top.context, "workflow");
  assert.equal(top.section, undefined);
  const dummy = only(f, "SECRET_KEY");
  assert.equal(dummy.context, "workflow");
  assert.equal(dummy.section, "test");
  assertLiteralAt(text, dummy.value, "ci-dummy-not-a-secret");
  const fromSecrets = only(f, "DJANGO_SECRET_KEY");
  assert.equal(fromSecrets.section, "test");
  assertLiteralAt(text, fromSecrets.value, "${{ secrets.DJANGO_SECRET_KEY }}");
  assert.equal(only(f, "POSTGRES_PASSWORD").context, "workflow");
  assert.equal(only(f, "api-token").context, "workflow");
  // The rest of the workflow is plain configuration.
  assert.equal(only(f, "runs-on").context, "config");
});

test("gitlab ci variables (strings and {value:}) and circleci environment", () => {
  const gl = [
    "variables:",
    "  SECRET_KEY: gitlab-top",
    "  DETAILED:",
    "    value: with-description",
    "    description: a variable",
    "test:",
    "  script: [pytest]",
    "  variables:",
    "    JOB_VAR: gitlab-job",
    "",
  ].join("\n");
  const f = ok(gl, ".gitlab-ci.yml");
  assert.equal(only(f, "SECRET_KEY").context, "workflow");
  assert.equal(only(f, "SECRET_KEY").section, undefined);
  assertLiteralAt(gl, only(f, "DETAILED").value, "with-description");
  assert.equal(only(f, "JOB_VAR").section, "test");

  const cc = [
    "version: 2.1",
    "jobs:",
    "  build:",
    "    docker:",
    "      - image: cimg/python:3.12",
    "        environment:",
    "          DATABASE_URL: postgres://u:p@localhost/db",
    "    environment:",
    "      SECRET_KEY: circle-dummy",
    "",
  ].join("\n");
  const g = ok(cc, ".circleci/config.yml");
  assert.equal(only(g, "SECRET_KEY").context, "workflow");
  assert.equal(only(g, "SECRET_KEY").section, "build");
  assert.equal(only(g, "DATABASE_URL").section, "build");
});

// --- PaaS -------------------------------------------------------------------------------------

test("render.yaml: key/value bound, generateValue / fromDatabase / sync: false not", () => {
  const key = madeUpDjangoKey(5);
  const text = [
    "services:",
    "  - type: web",
    "    name: django",
    "    envVars:",
    "      - key: SECRET_KEY",
    "        generateValue: true",
    "      - key: DATABASE_URL",
    "        fromDatabase: {name: db, property: connectionString}",
    "      - key: STRIPE_KEY",
    "        sync: false",
    "      - key: OLD_SECRET_KEY",
    `        value: ${key}`,
    "envVarGroups:",
    "  - name: shared",
    "    envVars:",
    "      - key: EMAIL_HOST_PASSWORD",
    "        value: group-password",
    "",
  ].join("\n");
  const f = ok(text, "render.yaml");
  assert.deepEqual(f.bindings.filter((b) => b.context === "paas").map((b) => b.name).sort(), ["EMAIL_HOST_PASSWORD", "OLD_SECRET_KEY"]);
  const old = only(f, "OLD_SECRET_KEY");
  assert.equal(old.section, "django");
  assertLiteralAt(text, old.value, key);
  assert.equal(textAt(text, old.nameSpan!), "OLD_SECRET_KEY");
  assert.equal(only(f, "EMAIL_HOST_PASSWORD").section, "shared");
  assert.equal(named(f, "key").length + named(f, "SECRET_KEY").length, 0);
});

test("heroku.yml config and App Engine env_variables", () => {
  const h = "setup:\n  config:\n    SECRET_KEY: heroku-setup\nbuild:\n  docker:\n    web: Dockerfile\n  config:\n    BUILD_ARG: heroku-build\n";
  const f = ok(h, "heroku.yml");
  assert.equal(only(f, "SECRET_KEY").context, "paas");
  assert.equal(only(f, "SECRET_KEY").section, "setup");
  assert.equal(only(f, "BUILD_ARG").section, "build");
  const gae = "runtime: python312\nenv_variables:\n  SECRET_KEY: 'app-engine-key'\n";
  const g = ok(gae, "app.yaml");
  assert.equal(only(g, "SECRET_KEY").context, "paas");
  assertLiteralAt(gae, only(g, "SECRET_KEY").value, "app-engine-key");
});

// --- dynaconf ---------------------------------------------------------------------------------

test("dynaconf: environment sections, and a flat file with none", () => {
  const key = madeUpDjangoKey(6);
  const text = [
    "default:",
    "  SECRET_KEY: default-section-key",
    "  DATABASES:",
    "    default:",
    "      PASSWORD: nested-password",
    "development:",
    "  DEBUG: true",
    "production:",
    `  SECRET_KEY: "${key}"`,
    "  ALLOWED: '@format {env[HOST]}'",
    "qa:",
    "  SECRET_KEY: qa-key",
    "",
  ].join("\n");
  const f = ok(text, "config/settings.yaml");
  const keys = named(f, "SECRET_KEY");
  assert.deepEqual(keys.map((b) => b.section), ["default", "production", "qa"]);
  assert.ok(f.bindings.every((b) => b.context === "dynaconf"));
  assertLiteralAt(text, keys[1]!.value, key);
  assert.equal(only(f, "PASSWORD").section, "default");
  assert.equal(named(f, "ALLOWED").length, 0, "computed by dynaconf");

  const custom = "staging_eu:\n  SECRET_KEY: custom-env\n";
  assert.equal(only(ok(custom, "settings.yml"), "SECRET_KEY").section, "staging_eu");

  const flat = "SECRET_KEY: flat-secret\nDATABASES:\n  default:\n    PASSWORD: flat-password\n";
  const g = ok(flat, ".secrets.yml");
  assert.equal(only(g, "SECRET_KEY").section, undefined);
  assert.equal(only(g, "SECRET_KEY").context, "dynaconf");
  assert.equal(only(g, "PASSWORD").section, undefined);
});

// --- any other YAML ---------------------------------------------------------------------------

test("config: every string entry at any depth; flow maps and sequences; quoting", () => {
  const text = [
    "app:",
    "  secrets: {SECRET_KEY: flow-value, n: 3}",
    "  list: [a, {TOKEN: in-flow-seq}]",
    "  single: 'it''s'",
    '  double: "tab\\there"',
    '  plain: "no escapes"',
    "  multi: first",
    "    second",
    "  env:",
    "    - API_KEY=from-an-env-list",
    "  yes_string: yes",
    "  on: true",
    "  nothing: ~",
    "",
  ].join("\n");
  const f = ok(text, "config/app.yml");
  assert.ok(f.bindings.every((b) => b.context === "config"));
  assertLiteralAt(text, only(f, "SECRET_KEY").value, "flow-value");
  assertLiteralAt(text, only(f, "TOKEN").value, "in-flow-seq");
  // Escapes: the span is the text between the quotes as written.
  assertLiteralAt(text, only(f, "single").value, "it's", "it''s");
  assertLiteralAt(text, only(f, "double").value, "tab\there", "tab\\there");
  assertLiteralAt(text, only(f, "plain").value, "no escapes");
  assertLiteralAt(text, only(f, "multi").value, "first second", "first\n    second");
  assertLiteralAt(text, only(f, "API_KEY").value, "from-an-env-list");
  assert.equal(only(f, "yes_string").value.kind, "string", "YAML 1.2: yes is a string");
  assert.equal(named(f, "on").length + named(f, "nothing").length + named(f, "n").length, 0);
});

test("a scalar reached through an alias under another name is bound under that name, at the anchor", () => {
  const text = "shared: &k shared-literal\nprod:\n  SECRET_KEY: *k\n  again: *k\nstaging:\n  SECRET_KEY: *k\n";
  const f = ok(text, "deploy/config.yml");
  const b = only(f, "SECRET_KEY");
  assert.equal(b.value.span.line, 1);
  assertLiteralAt(text, b.value, "shared-literal");
  assert.equal(textAt(text, b.nameSpan!), "SECRET_KEY");
  assert.equal(only(f, "shared").value.span.line, 1);
  assert.equal(only(f, "again").value.span.line, 1);
});

test("block scalars: the span is the content lines", () => {
  const text = "literal: |\n  first line\n  second line\nfolded: >-\n  folded\n  text\nafter: x\n";
  const f = ok(text, "notes.yaml");
  const lit = only(f, "literal").value;
  assertLiteralAt(text, lit, "first line\nsecond line\n", "first line\n  second line");
  assert.deepEqual([lit.span.line, lit.span.endLine], [2, 3]);
  assertLiteralAt(text, only(f, "folded").value, "folded text", "folded\n  text");
});

test("comments are no values", () => {
  const key = madeUpDjangoKey(7);
  const text = `# SECRET_KEY: ${key}\nname: app # SECRET_KEY=${key}\n`;
  const f = ok(text, "app.yml");
  assert.deepEqual(f.bindings.map((b) => b.name), ["name"]);
  assertLiteralAt(text, f.bindings[0]!.value, "app");
});

// --- broken, empty, CRLF, large ---------------------------------------------------------------

test("broken YAML: parseError with the parser's line, no throw; sound documents kept", () => {
  const text = "services:\n  web:\n    environment:\n      SECRET_KEY: \"unterminated\n";
  const f = yamlFacts(text, "docker-compose.yml");
  assert.ok(f.parseError);
  assert.match(f.parseError, /line \d+/);
  assert.deepEqual(f.bindings, []);

  const multi = "a: kept-value\n---\nb: [unclosed\n";
  const g = yamlFacts(multi, "multi.yaml");
  assert.ok(g.parseError);
  assert.deepEqual(g.bindings.map((b) => b.name), ["a"]);

  for (const bad of ["\t- tab\n", "- a\nb: c\n", "{{{{", "a: *undefined\n", "&a [*a]\n", "[".repeat(5000)]) {
    assert.doesNotThrow(() => yamlFacts(bad, "bad.yml"));
  }
});

test("empty and comment-only files", () => {
  for (const t of ["", "\n", "# only a comment\n", "---\n", "~\n"]) {
    const f = yamlFacts(t, "empty.yaml");
    assert.deepEqual(f.bindings, []);
    assert.equal(f.parseError, undefined);
  }
});

test("CRLF line ends keep spans on the value", () => {
  const text = [
    "services:",
    "  web:",
    "    image: app",
    "    environment:",
    "      - SECRET_KEY=crlf-value",
    "  api:",
    "    image: app",
    "    environment:",
    '      TOKEN: "crlf-quoted"',
    "",
  ].join("\r\n");
  const f = ok(text, "docker-compose.yml");
  const a = only(f, "SECRET_KEY");
  assert.equal(a.value.span.line, 5);
  assertLiteralAt(text, a.value, "crlf-value");
  assertLiteralAt(text, only(f, "TOKEN").value, "crlf-quoted");
});

test("lone CR line ends (old Mac) are line ends too", () => {
  const text = "first: one\rSECRET_KEY: cr-only\r";
  const f = ok(text, "old.yml");
  const b = only(f, "SECRET_KEY");
  assert.equal(b.value.span.line, 2);
  assertLiteralAt(text, b.value, "cr-only");
});

test("alias bombs are read in linear time", () => {
  const lines = ["a0: &a0 [x, y]"];
  for (let i = 1; i < 30; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}]`);
  lines.push("SECRET_KEY: after-the-bomb");
  const started = performance.now();
  const f = ok(lines.join("\n") + "\n", "bomb.yaml");
  assert.ok(performance.now() - started < 2000);
  assert.equal(only(f, "SECRET_KEY").value.span.line, 31);
});

test("a 2 MB file is read in reasonable time", () => {
  const parts: string[] = ["services:"];
  let i = 0;
  for (; i < 20000; i++) {
    parts.push(`  svc${i}:`, "    image: app", "    environment:", `      - VAR_${i}=value-${i}`, `      - KEY_${i}=v${i}-padding-padding-padding`);
  }
  const text = parts.join("\n") + "\n";
  assert.ok(text.length > 2_000_000, `size ${text.length}`);
  const started = performance.now();
  const f = ok(text, "docker-compose.yml");
  const elapsed = performance.now() - started;
  assert.equal(f.bindings.filter((b) => b.context === "compose").length, 40000);
  assert.ok(elapsed < 10_000, `took ${Math.round(elapsed)} ms`);
  const last = only(f, `VAR_${i - 1}`);
  assertLiteralAt(text, last.value, `value-${i - 1}`);
});
