import type { Finding, SettingsRule } from "../engine/types.ts";
import { at, isDeployedRole, origin } from "./settings-values.ts";
import { dottedPath, signedCookieSessions } from "./settings-reading.ts";

/** Django's PickleSerializer, or a project's own class named for pickle. */
const PICKLE = /pickle/i;

/** The tag the escalation pass (engine/escalate.ts) acts on. */
const SIGNED_PICKLE_TAG = "signed-cookie-pickle";

/** A DJS042 finding for pickle in signed cookies, where a leaked SECRET_KEY is code execution. */
export const isSignedCookiePickle = (f: Finding): boolean => f.ruleId === "DJS042" && !!f.tags?.includes(SIGNED_PICKLE_TAG);

const DJANGO_PICKLE = "django.contrib.sessions.serializers.PickleSerializer";
const REMOVED = " Django's PickleSerializer was deprecated in 4.1 and removed in 5.0, so this also blocks the upgrade.";
const FIX = 'Use the default JSONSerializer (remove SESSION_SERIALIZER), and store only JSON-serialisable values in sessions.';

export const rule: SettingsRule = {
  id: "DJS042",
  name: "pickle-session-serializer",
  defaultSeverity: "warning",
  cwe: [502],
  docs: {
    summary: "Sessions are serialised with pickle: whoever can write session data runs code on the server; with signed-cookie sessions that is anyone who knows SECRET_KEY.",
    whatItDoes:
      "Finds SESSION_SERIALIZER naming a pickle serializer (django.contrib.sessions.serializers.PickleSerializer, or a project class with 'pickle' in its path). An error when SESSION_ENGINE is signed_cookies in the same settings, a warning otherwise, a notice in development and test settings. The error is linked to any committed SECRET_KEY in the same scan, which is raised to an error too.",
    whyIsThisBad:
      "Unpickling runs code chosen by whoever wrote the data. With signed_cookies the session data comes from the browser, guarded only by a signature made with SECRET_KEY: once the key leaks, anyone can sign a cookie that unpickles to code, and a key leak becomes remote code execution (Django 1.5.3 release notes). With the db or cache engines it takes write access to the session store, such as an exposed cache server. PickleSerializer was removed in Django 5.0.",
    example: 'SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"\nSESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"',
    useInstead: "# remove SESSION_SERIALIZER: the default JSONSerializer cannot run code",
    references: [
      "https://docs.djangoproject.com/en/stable/releases/1.5.3/",
      "https://docs.djangoproject.com/en/stable/topics/http/sessions/#session-serialization",
      "https://docs.djangoproject.com/en/stable/releases/5.0/",
    ],
  },
  judgeSettings(s) {
    const serializer = s.get("SESSION_SERIALIZER");
    const path = serializer && dottedPath(serializer.binding.value);
    if (!serializer || !path || !PICKLE.test(path)) return [];
    const where = origin(s, serializer);
    const removed = path === DJANGO_PICKLE ? REMOVED : "";
    if (!isDeployedRole(s.module.role)) {
      return [at(serializer, "notice", `Sessions are serialised with pickle${where}.${removed} ${FIX}`)];
    }
    const engine = signedCookieSessions(s);
    if (engine) {
      return [{ ...at(serializer, "error", `Sessions are pickled into signed cookies (SESSION_ENGINE at ${engine.path}:${engine.binding.value.span.line})${where}: the server unpickles whatever cookie carries a valid signature, so anyone who learns SECRET_KEY can sign a session cookie that unpickles to code: a leaked key is remote code execution (Django 1.5.3 release notes).${removed} ${FIX}`), tags: [SIGNED_PICKLE_TAG] }];
    }
    return [at(serializer, "warning", `Sessions are serialised with pickle${where}: anyone who can write to the session store (an exposed cache server, a SQL injection) can make the server unpickle code.${removed} ${FIX}`)];
  },
};
