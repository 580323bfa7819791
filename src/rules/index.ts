// Every rule, most specific first: a binding is judged by the first rule that claims it, so each
// occurrence of a secret gives one finding (RULES.md: "under its most specific rule").
import type { Rule } from "../engine/types.ts";
import { rule as DJS001 } from "./DJS001-django-insecure-key.ts";
import { rule as DJS002 } from "./DJS002-django-generated-key.ts";
import { rule as DJS003 } from "./DJS003-hardcoded-secret-key.ts";
import { rule as DJS004 } from "./DJS004-fail-open-secret-key-default.ts";
import { rule as DJS005 } from "./DJS005-weak-secret-key.ts";
import { rule as DJS006 } from "./DJS006-secret-key-fallbacks.ts";
import { rule as DJS007 } from "./DJS007-per-process-random-key.ts";

/** The order of judgement: how the key is bound (random, fallback list, env default) before its shape. */
export const RULES_BY_PRECEDENCE: readonly Rule[] = [DJS007, DJS006, DJS004, DJS001, DJS002, DJS005, DJS003];

/** The same rules by id, for documentation and SARIF. */
export const RULES: readonly Rule[] = [...RULES_BY_PRECEDENCE].sort((a, b) => a.id.localeCompare(b.id));

export const ruleById = (id: string): Rule | undefined => RULES.find((r) => r.id === id);
