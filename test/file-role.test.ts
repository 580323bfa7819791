import { test } from "node:test";
import assert from "node:assert/strict";
import { fileRole } from "../src/engine/file-role.ts";

test("roles come from whole path words, never substrings", () => {
  const cases: Array<[string, string]> = [
    ["mysite/settings.py", "neutral"],
    ["config/settings/production.py", "production"],
    ["config/settings/prod.py", "production"],
    ["config/settings/base.py", "base"],
    ["config/settings/local.py", "dev"],
    ["settings_dev.py", "dev"],
    ["config/settings/test.py", "test"],
    ["myapp/tests/settings.py", "test"],
    ["conftest.py", "test"],
    ["docs/conf.py", "example"],
    ["local_settings.py.example", "example"],
    ["README.md", "example"],
    ["social/settings.py", "neutral"], // "ci" inside "social" is no role
    ["devices/settings.py", "neutral"], // nor "dev" inside "devices"
    ["latest/settings.py", "neutral"], // nor "test" inside "latest"
    ["tests/settings/production.py", "test"], // a test of production settings is a test
  ];
  for (const [path, role] of cases) assert.equal(fileRole(path), role, path);
});
