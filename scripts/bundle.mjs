// Builds dist/index.js (the action) and dist/cli.js (the command line, which loads dist/cli-main.js)
// from src/. The options live here once: the staleness test rebuilds in memory with them and compares bytes.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

export const bundleOptions = {
  absWorkingDir: ROOT,
  // Standalone bundles, no shared chunks; cli.js only turns on the compile cache and loads cli-main.js.
  entryPoints: { index: "src/index.ts", cli: "src/cli.ts", "cli-main": "src/cli/main.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  // Prefer packages' ES module builds: jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow.
  mainFields: ["module", "main"],
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: "eof",
  charset: "utf8",
  logLevel: "warning",
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build(bundleOptions);
}
