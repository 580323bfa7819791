// One leak, two findings. Sessions pickled into signed cookies (DJS042's error) turn a known SECRET_KEY
// into remote code execution: anyone can sign a cookie that unpickles to code. So when a scan finds that
// combination and a committed key, the key findings become errors and each side names the other, so
// that neither is fixed, or waved through, without the other in view.
import { isSignedCookiePickle } from "../rules/DJS042-pickle-session-serializer.ts";
import type { Finding } from "./types.ts";

/** Rules that report a committed SECRET_KEY (or a fallback key, which signed cookies also accept). */
const KEY_RULES = new Set([
  "DJS001", "DJS002", "DJS003", "DJS004", "DJS006",
  "DJS008", "DJS009", "DJS010", "DJS011", "DJS012", "DJS013", "DJS014", "DJS015",
]);

const MAX_NAMED = 5;

const named = (fs: readonly Finding[]): string => {
  const list = fs.slice(0, MAX_NAMED).map((f) => `${f.path}:${f.span.line}`).join(", ");
  return fs.length > MAX_NAMED ? `${list} and ${fs.length - MAX_NAMED} more` : list;
};

/**
 * Findings in the same order, with the pickle-in-signed-cookies findings and the committed-key findings
 * linked. Key findings graded notice are left out: the grading found them to be development, test or
 * placeholder keys, which do not sign the deployed site's cookies.
 */
export function escalateSignedPickleSessions(findings: readonly Finding[]): Finding[] {
  const pickles = findings.filter(isSignedCookiePickle);
  const keys = findings.filter((f) => KEY_RULES.has(f.ruleId) && f.severity !== "notice");
  if (pickles.length === 0 || keys.length === 0) return [...findings];
  const related = (fs: readonly Finding[]) => fs.map((f) => ({ path: f.path, span: f.span }));
  return findings.map((f) => {
    if (pickles.includes(f)) {
      return {
        ...f,
        related: [...(f.related ?? []), ...related(keys)],
        message: `${f.message} SECRET_KEY is committed in this repository (${named(keys)}): anyone who reads it can run code on the site now. Rotate the key and remove the pickle serializer.`,
      };
    }
    if (keys.includes(f)) {
      return {
        ...f,
        severity: "error",
        related: [...(f.related ?? []), ...related(pickles)],
        message: `${f.message} Sessions are pickled into signed cookies (${named(pickles)}), so this key lets anyone sign a session cookie that unpickles to code: remote code execution.`,
      };
    }
    return f;
  });
}
