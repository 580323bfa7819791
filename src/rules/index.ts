// Every rule, most specific first: a binding is judged by the first rule that claims it, so each
// occurrence of a secret gives one finding (RULES.md: "under its most specific rule").
import type { BindingRule, MetaRule, Rule, SettingsRule } from "../engine/types.ts";
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
import { rule as DJS023 } from "./DJS023-secret-keyed-on-debug.ts";
import { rule as DJS024 } from "./DJS024-debug-surfaces-in-production.ts";
import { rule as DJS032 } from "./DJS032-trusting-x-forwarded-host.ts";
import { rule as DJS033 } from "./DJS033-cors-allow-all.ts";
import { rule as DJS034 } from "./DJS034-cors-origins-too-broad.ts";
import { rule as DJS035 } from "./DJS035-csrf-trusted-origins-too-broad.ts";
import { rule as DJS036 } from "./DJS036-csrf-middleware-removed.ts";
import { rule as DJS037 } from "./DJS037-csrf-cookie-not-secure.ts";
import { rule as DJS050 } from "./DJS050-security-middleware-missing.ts";
import { rule as DJS051 } from "./DJS051-hsts-off-or-partial.ts";
import { rule as DJS052 } from "./DJS052-no-https-redirect.ts";
import { rule as DJS053 } from "./DJS053-nosniff-disabled.ts";
import { rule as DJS054 } from "./DJS054-referrer-policy-disabled-or-invalid.ts";
import { rule as DJS055 } from "./DJS055-coop-invalid-or-disabled.ts";
import { rule as DJS056 } from "./DJS056-proxy-ssl-header.ts";
import { rule as DJS057 } from "./DJS057-clickjacking-protection-weakened.ts";
import { rule as DJS058 } from "./DJS058-obsolete-security-setting.ts";
import { rule as DJS059 } from "./DJS059-deploy-checks-silenced.ts";
import { rule as DJS040 } from "./DJS040-session-cookie-not-secure.ts";
import { rule as DJS041 } from "./DJS041-session-cookie-readable-by-js.ts";
import { rule as DJS042 } from "./DJS042-pickle-session-serializer.ts";
import { rule as DJS043 } from "./DJS043-samesite-none-cookies.ts";
import { rule as DJS044 } from "./DJS044-signed-cookie-sessions.ts";
import { rule as DJS060 } from "./DJS060-weak-password-hasher-first.ts";
import { rule as DJS061 } from "./DJS061-no-password-validators.ts";
import { rule as DJS062 } from "./DJS062-sha1-hashing-algorithm.ts";
import { rule as DJS070 } from "./DJS070-debug-toolbar-in-production.ts";
import { rule as DJS071 } from "./DJS071-world-writable-upload-permissions.ts";
import { rule as DJS090 } from "./DJS090-invalid-suppression.ts";

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
export const SETTINGS_RULES: readonly SettingsRule[] = [DJS020, DJS021, DJS022, DJS023, DJS024, DJS030, DJS031, DJS032, DJS033, DJS034, DJS035, DJS036, DJS037, DJS050, DJS051, DJS052, DJS053, DJS054, DJS055, DJS056, DJS057, DJS058, DJS059, DJS040, DJS041, DJS042, DJS043, DJS044, DJS060, DJS061, DJS062, DJS070, DJS071];

/** Rules the engine reports itself, about the scan rather than the code (a malformed suppression). */
export const META_RULES: readonly MetaRule[] = [DJS090];

/** Every rule by id, for documentation and SARIF. */
export const RULES: readonly Rule[] = [...RULES_BY_PRECEDENCE, ...SETTINGS_RULES, ...META_RULES].sort((a, b) => (a.id < b.id ? -1 : 1)); // ids are ASCII: no collator to load at start-up

export const ruleById = (id: string): Rule | undefined => RULES.find((r) => r.id === id);
