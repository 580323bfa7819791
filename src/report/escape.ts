// The one place text is made safe for where it goes. Anything taken from a scanned repository (file
// names, setting names) passes through here before it reaches the log, an annotation or the summary:
// a hostile file must not be able to emit `::add-mask::`, `::stop-commands::` or `##[error]`.

const ZWSP = "\u200b";

/** For a log line or annotation text: no line breaks or control characters, no workflow command. */
export function logText(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
    .replaceAll("::", `:${ZWSP}:`)
    .replaceAll("##[", `#${ZWSP}#[`);
}

/** For a cell of a markdown table in the job summary. */
export function markdownCell(s: string): string {
  return logText(s)
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;");
}

/** A repository path as a URL path: each segment percent-encoded, slashes kept. */
export const urlPath = (path: string): string => path.split("/").map(encodeURIComponent).join("/");
