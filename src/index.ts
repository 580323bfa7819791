// The action's entry point: everything happens in run(), which tests and local-action call too.
import { run } from "./main.ts";

await run();
