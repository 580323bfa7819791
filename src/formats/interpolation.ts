// Variable interpolation as compose files, dotenv loaders and POSIX shells read it. `${VAR}` and
// `${VAR:?error}` take the value from the environment (clean); `${VAR:-default}` and `${VAR-default}`
// fall back to a committed default, which must be judged like any literal.

export interface Interpolation {
  envName: string;
  /** The default's text and its offsets within the string given, when there is one. */
  default?: { text: string; start: number; end: number };
}

const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}]*)|:?[?+][^}]*)?\}$|^\$([A-Za-z_][A-Za-z0-9_]*)$/;

/** The interpolation that makes up the whole of `text`, or undefined when `text` is anything else. */
export function parseInterpolation(text: string): Interpolation | undefined {
  const m = WHOLE.exec(text);
  if (!m) return undefined;
  if (m[4]) return { envName: m[4] };
  const envName = m[1]!;
  if (m[2] === undefined) return { envName };
  const start = 2 + envName.length + m[2].length;
  return { envName, default: { text: m[3]!, start, end: start + m[3]!.length } };
}
