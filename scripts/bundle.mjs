// Builds dist/index.js from src/. The options live here once: the staleness test rebuilds in memory
// with the same options and compares bytes.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

export const bundleOptions = {
  absWorkingDir: ROOT,
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.js",
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
