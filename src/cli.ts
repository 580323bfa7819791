#!/usr/bin/env node
// The command line: `django-secret-scan [options] [paths...]` (see src/cli/args.ts for the options).
// A pre-commit hook starts it on every commit, and compiling its megabyte of bundle is a good part of
// its start-up: Node's compile cache (in the system's temporary folder, or NODE_COMPILE_CACHE) keeps the
// compiled code between runs. It applies to modules loaded after it is turned on, so the body is a
// second file, loaded here. Node before 22.1 has no such cache and simply runs without it.
import module from "node:module";

module.enableCompileCache?.();
// Not a literal, so the bundler leaves it for Node to load: dist/cli-main.js, or the source in development.
const body = import.meta.url.endsWith(".ts") ? "./cli/main.ts" : "./cli-main.js";
await import(body);
