// No found value leaves the action readable: many generated keys of every shape, in every kind of file
// the scanner reads (plus every rule fixture), through every channel of the bundled action: stdout
// (but the ::add-mask:: lines the runner consumes), stderr, the job summary, the outputs, the SARIF
// log and the check run's request bodies.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { scanText } from "../../src/engine/scan.ts";
import { maskSecret } from "../../src/engine/secret.ts";
import { withFakeGitHub } from "../helpers/fake-github.ts";
import { runAction } from "../helpers/run-action.ts";
import { randomKeyPart, randomText, startprojectKey } from "../helpers/keys.ts";

const workspace = mkdtempSync(join(tmpdir(), "dss-redaction-"));
after(() => rmSync(workspace, { recursive: true, force: true }));

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** One key of each shape the engine tells apart. */
const SHAPES: Record<string, () => string> = {
  startproject: () => startprojectKey(),
  generated: () => randomKeyPart(),
  cookiecutter: () => randomText(64, ALNUM),
  random: () => randomBytes(30).toString("base64url"),
  stripe: () => `sk_live_${randomText(32, ALNUM)}`,
};

/** Where keys hide, one template per kind of file: `K` is the key. YAML-safe values are quoted. */
const PLACES: Array<[string, (k: string) => string]> = [
  ["settings.py", (k) => `SECRET_KEY = "${k}"\n`],
  ["config/settings/production.py", (k) => `import os\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "${k}")\n`],
  [".env", (k) => `DJANGO_SECRET_KEY='${k}'\n`],
  ["docker-compose.yml", (k) => `services:\n  web:\n    environment:\n      DJANGO_SECRET_KEY: '${k}'\n`],
  ["k8s/secret.yaml", (k) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\ndata:\n  DJANGO_SECRET_KEY: ${Buffer.from(k).toString("base64")}\n`],
  ["Dockerfile", (k) => `FROM python:3.12\nENV DJANGO_SECRET_KEY='${k}'\n`],
  [".github/workflows/ci.yml", (k) => `on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      DJANGO_SECRET_KEY: '${k}'\n    steps:\n      - run: pytest\n`],
  ["app.json", (k) => `{"env": {"DJANGO_SECRET_KEY": {"value": ${JSON.stringify(k)}}}}\n`],
  ["secrets.json", (k) => `{"SECRET_KEY": ${JSON.stringify(k)}}\n`],
  ["fly.toml", (k) => `[env]\nDJANGO_SECRET_KEY = ${JSON.stringify(k)}\n`],
  ["uwsgi.ini", (k) => `[uwsgi]\nenv = DJANGO_SECRET_KEY=${k}\n`],
  ["deploy/start.sh", (k) => `#!/bin/sh\nexport DJANGO_SECRET_KEY='${k}'\n`],
  ["deploy/web.service", (k) => `[Service]\nEnvironment="DJANGO_SECRET_KEY=${k}"\n`],
  ["explore.ipynb", (k) => JSON.stringify({ cells: [{ cell_type: "code", metadata: {}, source: [`SECRET_KEY = ${JSON.stringify(k)}\n`], outputs: [], execution_count: 1 }], metadata: {}, nbformat: 4, nbformat_minor: 5 })],
  ["docs/setup.md", (k) => `Run with:\n\n    DJANGO_SECRET_KEY=${k} ./manage.py runserver\n`],
];

function write(path: string, text: string): void {
  mkdirSync(dirname(join(workspace, path)), { recursive: true });
  writeFileSync(join(workspace, path), text);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => relative(workspace, join(e.parentPath, e.name)));
}

test("no value the scan finds appears in any channel of the bundled action", async () => {
  // Every shape in every place, each in its own folder; and every rule fixture beside them.
  for (const [shape, make] of Object.entries(SHAPES)) for (const [place, template] of PLACES) write(`${shape}/${place}`, template(make()));
  cpSync(join(import.meta.dirname, "..", "fixtures", "rules"), join(workspace, "fixtures"), { recursive: true });

  // What the engine finds, in the clear, through the one door it has (the mask call): values long enough
  // to mask. Placeholders (`changeme`, `your-secret-key`) are left out: the rules' own docs name them.
  const found = new Set<string>();
  for (const path of filesUnder(workspace)) {
    for (const f of scanText(path, readFileSync(join(workspace, path), "utf8")).findings) {
      if (f.secret && !f.secret.profile.placeholder) maskSecret(f.secret, (v) => found.add(v));
    }
  }
  const generated = Object.keys(SHAPES).length * PLACES.length;
  assert.ok(found.size >= generated, `the engine finds the ${generated} generated keys and the fixtures' (found ${found.size})`);

  await withFakeGitHub({}, async (fake) => {
    const run = await runAction({
      workspace,
      eventName: "workflow_dispatch",
      payload: {},
      apiUrl: fake.url,
      inputs: { scope: "repository", "sarif-file": "results.sarif", annotations: "check-run", "fail-on": "never" },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(Number(run.outputs.findings) > generated);
    const channels: Record<string, string> = {
      stdout: run.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n"),
      stderr: run.stderr,
      summary: run.summary,
      outputs: run.outputsRaw,
      sarif: readFileSync(join(workspace, "results.sarif"), "utf8"),
      "check run": JSON.stringify(fake.requests.map((r) => r.body ?? null)),
    };
    assert.ok(fake.checkRuns[0]!.annotations.length > generated, "the check run holds the findings");
    let checked = 0;
    // Words of 8 to 11 characters (a "postgres" password, a "fallback" default) are masked but not looked
    // for: the same words stand in paths and messages. Every generated key is longer.
    for (const value of [...found].filter((v) => v.length >= 12)) {
      // The value whole, and its last 24 characters in two halves: past the four characters the redaction
      // shows, and past a fixed prefix such as django-insecure-, which messages name.
      const parts = [value, ...(value.length >= 16 ? [value.slice(-12)] : []), ...(value.length >= 28 ? [value.slice(-24, -12)] : [])];
      for (const [name, text] of Object.entries(channels)) {
        for (const part of parts) {
          assert.ok(!text.includes(part) && !text.includes(JSON.stringify(part).slice(1, -1)), `a found value (${value.length} chars) leaked through ${name}`);
        }
      }
      checked++;
    }
    assert.ok(checked >= generated);
    // Every value of 8 characters or more is masked, once.
    const masks = run.stdout.split("\n").filter((l) => l.startsWith("::add-mask::"));
    assert.equal(masks.length, new Set(masks).size);
    assert.ok(masks.length >= found.size, "each found value is handed to the runner's masking");
  });
});
