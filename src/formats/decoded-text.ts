// Text as a reader sees it (quotes removed, escapes applied) together with where each of its
// characters came from, so a value, and the default inside `${VAR:-default}`, get spans on the
// source even when quotes or escapes sit between them. Shared by the dotenv, shell-like and INI formats.
import type { LineIndex } from "../engine/positions.ts";
import { Secret } from "../engine/secret.ts";
import type { Value } from "../engine/types.ts";
import { parseInterpolation } from "./interpolation.ts";

export interface Decoded {
  text: string;
  /**
   * starts[i] / ends[i]: the source offsets of the characters that spell unit i (an escape is two
   * source characters for one unit). Absent: the text is the source from `from` verbatim.
   */
  starts?: number[];
  ends?: number[];
  /** Source offsets from the first unit's first character to just past the last one's (equal when empty). */
  from: number;
  to: number;
}

/** Source text taken as it is, starting at `from`. */
export const verbatim = (text: string, from: number): Decoded => ({ text, from, to: from + text.length });

/** Source offsets of units [a, b); an empty range sits where unit a starts (or at the end). */
export function sourceRange(d: Decoded, a: number, b: number): [number, number] {
  const startOf = (i: number): number => (i >= d.text.length ? d.to : d.starts ? d.starts[i]! : d.from + i);
  if (a >= b) {
    const at = startOf(a);
    return [at, at];
  }
  return [startOf(a), d.ends ? d.ends[b - 1]! : d.from + b];
}

/** Units [a, b) as a Decoded of their own. */
export function sliceDecoded(d: Decoded, a: number, b: number = d.text.length): Decoded {
  const [from, to] = sourceRange(d, a, b);
  const out: Decoded = { text: d.text.slice(a, b), from, to };
  if (d.starts && d.ends) {
    out.starts = d.starts.slice(a, b);
    out.ends = d.ends.slice(a, b);
  }
  return out;
}

export interface ValueOptions {
  /** The reader substitutes `${VAR}` here (not in single quotes, not in systemd units). */
  interpolate?: boolean;
  /** The value is computed when the file is used (a command substitution): no literal to judge. */
  computed?: boolean;
  /** A shell removes quotes around a default: `${VAR:-"x"}` defaults to x. */
  unquoteDefault?: boolean;
}

/**
 * A decoded value as the engine's Value: an environment look-up when the whole of it is `${VAR}`,
 * `$VAR` or `${VAR:-default}` and the reader interpolates, a literal otherwise (an interpolation
 * inside a longer string leaves that string a literal, as written).
 */
export function decodedValue(d: Decoded, lines: LineIndex, options: ValueOptions = {}): Value {
  const span = lines.span(d.from, d.to);
  if (options.computed) return { kind: "other", span };
  const i = options.interpolate ? parseInterpolation(d.text) : undefined;
  if (!i) return { kind: "string", secret: new Secret(d.text), span };
  if (!i.default) return { kind: "env", via: `\${${i.envName}}`, envName: i.envName, span };
  let { start, end } = i.default;
  const q = d.text[start];
  if (options.unquoteDefault && end - start >= 2 && (q === '"' || q === "'") && d.text[end - 1] === q) {
    start += 1;
    end -= 1;
  }
  const [from, to] = sourceRange(d, start, end);
  return {
    kind: "env",
    via: `\${${i.envName}:-...}`,
    envName: i.envName,
    default: { kind: "string", secret: new Secret(d.text.slice(start, end)), span: lines.span(from, to) },
    span,
  };
}
