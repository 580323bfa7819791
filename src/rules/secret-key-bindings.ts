// What the SECRET_KEY rules share: which bindings are about the key, and the advice every key
// finding carries. The rules themselves stay short: one decision each.
import type { Secret } from "../engine/secret.ts";
import type { Binding, Value } from "../engine/types.ts";

const SECRET_KEY_NAME = /^(django_)?secret_key$/i;

/** A name that holds Django's key: the setting, the usual environment variable, a pydantic field. */
export const isSecretKeyName = (name: string | undefined): boolean => !!name && SECRET_KEY_NAME.test(name);

/** The binding sets SECRET_KEY, by its own name or through the environment variable it reads. */
export function bindsSecretKey(b: Binding): boolean {
  return isSecretKeyName(b.name) || (b.value.kind === "env" && isSecretKeyName(b.value.envName));
}

/** The literal a binding holds, when its value is one. */
export const literalOf = (v: Value): Secret | undefined => (v.kind === "string" ? v.secret : undefined);

/** The value used when the environment variable is unset, when the binding reads one. */
export const envDefaultOf = (v: Value): Value | undefined => (v.kind === "env" ? v.default : undefined);

/** The literal a binding holds or falls back to. */
export const literalOrDefault = (v: Value): Secret | undefined => literalOf(v) ?? literalOf(envDefaultOf(v) ?? v);

/** Nothing to judge: empty (Django refuses an empty key, so it fails closed) or unrendered template syntax. */
export const isInert = (s: Secret): boolean => s.length === 0 || s.profile.placeholder === "template";

/** The target as the message should name it. */
export function subject(b: Binding): string {
  const name = b.name || (b.value.kind === "env" ? b.value.envName : undefined);
  return name ? clip(name) : "this value";
}

/** The first letter in upper case, for text that starts a message. */
export const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const clip = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

export const READ_FROM_ENV =
  'Read the key from the environment with no default, e.g. SECRET_KEY = os.environ["DJANGO_SECRET_KEY"], so a missing variable stops the process instead of running on a known key.';

export const ROTATE =
  "A committed key is compromised for good: generate a new one (django.core.management.utils.get_random_secret_key()), " +
  "keep the old one in SECRET_KEY_FALLBACKS only briefly while sessions roll over, or drop it at once if it reached production. " +
  "Until it is rotated, anyone who has this file can forge sessions, password-reset tokens and anything else Django signs.";

export const WEAK_W009 =
  "Django's deploy check would also flag it (security.W009: shorter than 50 characters, fewer than 5 distinct characters, or the django-insecure- prefix).";
