#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/cli.ts
import module from "node:module";
module.enableCompileCache?.();
var body = import.meta.url.endsWith(".ts") ? "./cli/main.ts" : "./cli-main.js";
await import(body);
