// Every rule, most specific first: a binding is judged by the first rule that claims it, so each
// occurrence of a secret gives one finding (RULES.md: "under its most specific rule").
import type { BindingRule, Rule, SettingsRule } from "../engine/types.ts";
import { rule as DJS001 } from "./DJS001-django-insecure-key.ts";
import { rule as DJS002 } from "./DJS002-django-generated-key.ts";
import { rule as DJS003 } from "./DJS003-hardcoded-secret-key.ts";
import { rule as DJS004 } from "./DJS004-fail-open-secret-key-default.ts";
import { rule as DJS005 } from "./DJS005-weak-secret-key.ts";
import { rule as DJS006 } from "./DJS006-secret-key-fallbacks.ts";
import { rule as DJS007 } from "./DJS007-per-process-random-key.ts";
import { rule as DJS008 } from "./DJS008-secret-in-dotenv.ts";
import { rule as DJS009 } from "./DJS009-secret-in-compose.ts";
import { rule as DJS010 } from "./DJS010-secret-in-docker-image.ts";
import { rule as DJS011 } from "./DJS011-secret-in-kubernetes.ts";
import { rule as DJS012 } from "./DJS012-secret-in-ci-workflow.ts";
import { rule as DJS013 } from "./DJS013-secret-in-paas-manifest.ts";
import { rule as DJS014 } from "./DJS014-secret-in-dynaconf.ts";
import { rule as DJS015 } from "./DJS015-known-public-key.ts";
import { rule as DJS016 } from "./DJS016-hardcoded-jwt-signing-key.ts";
import { rule as DJS017 } from "./DJS017-hardcoded-credentials.ts";
import { rule as DJS020 } from "./DJS020-debug-true-in-deploy-settings.ts";
import { rule as DJS021 } from "./DJS021-debug-from-raw-env-string.ts";
import { rule as DJS022 } from "./DJS022-debug-fails-open.ts";
import { rule as DJS030 } from "./DJS030-allowed-hosts-empty-in-production.ts";
import { rule as DJS031 } from "./DJS031-allowed-hosts-wildcard.ts";

/**
 * The order of judgement: a key anyone can look up first; then how a Python key is bound (random per
 * process, a fallback list, an environment default); then Django's generator shapes, wherever they
 * stand; then the kind of file a key is committed in; other secrets; last, weak and other literals.
 */
export const RULES_BY_PRECEDENCE: readonly BindingRule[] = [
  DJS015, DJS007, DJS006, DJS004, DJS001, DJS002,
  DJS008, DJS009, DJS010, DJS011, DJS012, DJS013, DJS014,
  DJS016, DJS017, DJS005, DJS003,
];

/** Rules over whole settings modules (DEBUG, hosts, cookies...): each judges every deployed module. */
export const SETTINGS_RULES: readonly SettingsRule[] = [DJS020, DJS021, DJS022, DJS030, DJS031];

/** Every rule by id, for documentation and SARIF. */
export const RULES: readonly Rule[] = [...RULES_BY_PRECEDENCE, ...SETTINGS_RULES].sort((a, b) => a.id.localeCompare(b.id));

export const ruleById = (id: string): Rule | undefined => RULES.find((r) => r.id === id);
