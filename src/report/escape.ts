// The one place text is made safe for where it goes. Anything taken from a scanned repository (file
// names, setting names) passes through here before it reaches the log, an annotation or the summary:
// a hostile file must not be able to emit `::add-mask::`, `::stop-commands::` or `##[error]`.

const ZWSP = "\u200b";

/** For a log line or annotation text: no line breaks or control characters, no workflow command. */
export function logText(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
    // Every colon followed by one: `replaceAll("::")` left `:::` as `:<ZWSP>::`, a `::` still.
    .replace(/:(?=:)/g, `:${ZWSP}`)
    .replaceAll("##[", `#${ZWSP}#[`);
}

/** For a message of several lines on a terminal: line breaks kept, no other control character (no escape sequences). */
export const terminalText = (s: string): string => s.split("\n").map(logText).join("\n");

/** For a cell of a markdown table in the job summary. */
export function markdownCell(s: string): string {
  return logText(s)
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;");
}

/** A repository path as a URL path: each segment percent-encoded, slashes kept. */
export const urlPath = (path: string): string => path.split("/").map(encodeURIComponent).join("/");

/** A workflow command (`::error file=...,line=...::message`) as the runner parses it, for printing it ourselves. */
export function workflowCommand(name: string, props: Record<string, string | number | undefined>, message: string): string {
  const escapeData = (s: string) => s.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
  const escapeProperty = (s: string) => escapeData(s).replaceAll(":", "%3A").replaceAll(",", "%2C");
  const list = Object.entries(props)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== "")
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(",");
  return `::${name}${list ? ` ${list}` : ""}::${escapeData(message)}`;
}
