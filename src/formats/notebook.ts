// Jupyter notebooks to facts: each code cell's source, joined from its JSON strings, is read as
// Python by pythonFacts, and every position it reports is carried back through the JSON escapes
// to the characters of the .ipynb file, so annotations land on the key as the file spells it
// (pythonFacts spans a string literal with its quotes, which the notebook writes as `\"`).
import type { Node } from "jsonc-parser";
import { parser } from "@lezer/python";
import { LineIndex } from "../engine/positions.ts";
import { Secret } from "../engine/secret.ts";
import type { FileFacts, Span, Value } from "../engine/types.ts";
import { baseName, type Format } from "./format.ts";
import { decodeJsonString, member, parseJson, type DecodedString } from "./json.ts";
import { pythonFacts } from "./python.ts";

/** One source string of a cell: where its text starts in the cell's Python text. */
interface Segment {
  start: number;
  decoded: DecodedString;
}

/** A code cell as Python text, with the way back from Python offsets to file offsets. */
class CellSource {
  readonly python: string;
  private readonly segments: Segment[] = [];
  /** Line starts of `python`, counted as LineIndex counts them, to turn its Spans back into offsets. */
  private readonly lineStarts: number[] = [0];

  constructor(tokens: DecodedString[]) {
    let start = 0;
    for (const decoded of tokens) {
      // Empty strings hold no characters for a position to land in.
      if (decoded.value.length === 0) continue;
      this.segments.push({ start, decoded });
      start += decoded.value.length;
    }
    this.python = this.segments.map((s) => s.decoded.value).join("");
    for (let i = 0; i < this.python.length; i++) {
      const c = this.python.charCodeAt(i);
      if (c === 10 || (c === 13 && this.python.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  /** The Python offset a Span's start or (exclusive) end stands for. */
  offset(line: number, column: number): number {
    return (this.lineStarts[line - 1] ?? this.python.length) + column - 1;
  }

  /** The file offset where the Python character at `offset` starts. */
  rawStart(offset: number): number {
    const i = this.segmentAt(offset, false);
    const s = this.segments[i]!;
    return s.decoded.offsets[Math.min(offset - s.start, s.decoded.value.length)]!;
  }

  /** The file offset just past the Python character before `offset` (an exclusive end). */
  rawEnd(offset: number): number {
    const i = this.segmentAt(offset, true);
    const s = this.segments[i]!;
    return s.decoded.offsets[Math.max(0, Math.min(offset - s.start, s.decoded.value.length))]!;
  }

  /**
   * The segment holding `offset`: for a start, the one whose text begins at or before it (the next
   * one when it sits at a segment's end); for an end, the one whose text begins before it. A span
   * across two source strings thus starts in the first and ends in the second.
   */
  private segmentAt(offset: number, isEnd: boolean): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const start = this.segments[mid]!.start;
      if (isEnd ? start < offset : start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  get isEmpty(): boolean {
    return this.segments.length === 0;
  }
}

/** Cell magics whose body is still Python (`%%time` runs the cell; `%%bash` does not). */
const PYTHON_CELL_MAGICS = new Set(["time", "timeit", "capture", "prun", "debug", "python", "python3", "pypy"]);

/**
 * IPython lines that are no Python: `%magic` and `!shell`. They are blanked (same length, so no
 * offset moves) before parsing, or every notebook that runs `!pip install` would report a syntax
 * error; lines inside a string literal are left alone. `%env NAME=value` sets a variable, so it binds.
 */
function blankMagics(python: string): { text: string; envs: { name: string; from: number; to: number; nameFrom: number }[] } {
  const strings: [number, number][] = [];
  parser.parse(python).iterate({
    enter: (ref) => {
      if (ref.name === "String" || ref.name === "FormatString") {
        strings.push([ref.from, ref.to]);
        return false;
      }
      return undefined;
    },
  });
  const envs: { name: string; from: number; to: number; nameFrom: number }[] = [];
  const out: string[] = [];
  let s = 0;
  let lineStart = 0;
  while (lineStart <= python.length) {
    let lineEnd = lineStart;
    while (lineEnd < python.length && python[lineEnd] !== "\n" && python[lineEnd] !== "\r") lineEnd++;
    const line = python.slice(lineStart, lineEnd);
    const indent = line.length - line.trimStart().length;
    const first = line[indent];
    while (s < strings.length && strings[s]![1] <= lineStart) s++;
    const inString = s < strings.length && strings[s]![0] < lineStart;
    if ((first === "%" || first === "!") && !inString) {
      // The separator is taken whole (a look-ahead capture, then its back-reference): giving blanks
      // back could never help `.*$` match, and trying it was quadratic in the blanks.
      const env = /^(%\s*(?:env|set_env)\s+)([A-Za-z_][A-Za-z0-9_]*)(?=(\s*=\s*|\s+))\3(.*)$/.exec(line.slice(indent));
      const value = env?.[4]!.trimEnd();
      if (env && value) {
        const nameFrom = lineStart + indent + env[1]!.length;
        const from = nameFrom + env[2]!.length + env[3]!.length;
        envs.push({ name: env[2]!, nameFrom, from, to: from + value.length });
      }
      out.push(" ".repeat(line.length));
    } else {
      out.push(line);
    }
    if (lineEnd >= python.length) break;
    const eol = python[lineEnd] === "\r" && python[lineEnd + 1] === "\n" ? "\r\n" : python[lineEnd]!;
    out.push(eol);
    lineStart = lineEnd + eol.length;
  }
  return { text: out.join(""), envs };
}

/** The source strings of a cell (`source` in nbformat 4, `input` in nbformat 3), decoded. */
function sourceTokens(text: string, cell: Node): DecodedString[] {
  const source = member(cell, "source") ?? member(cell, "input");
  const nodes = source?.type === "array" ? source.children ?? [] : source ? [source] : [];
  // A string the parser could not read whole (a truncated notebook) is left out.
  return nodes.flatMap((n) => decodeJsonString(text, n) ?? []);
}

function notebookLanguage(root: Node): string | undefined {
  const metadata = member(root, "metadata");
  const language = member(member(metadata, "kernelspec"), "language") ?? member(member(metadata, "language_info"), "name");
  return language?.type === "string" ? String(language.value) : undefined;
}

/** Code cells, from nbformat 4 (`cells`) or 3 (`worksheets[].cells`). */
function codeCells(root: Node): Node[] {
  const lists = [member(root, "cells"), ...(member(root, "worksheets")?.children ?? []).map((w) => member(w, "cells"))];
  return lists
    .flatMap((list) => (list?.type === "array" ? list.children ?? [] : []))
    .filter((cell) => member(cell, "cell_type")?.value === "code");
}

function cellFacts(lines: LineIndex, cell: CellSource, index: number, facts: FileFacts): void {
  let python = cell.python;
  const magic = /^%%\s*([A-Za-z0-9_]+)/.exec(python);
  if (magic && !PYTHON_CELL_MAGICS.has(magic[1]!)) return;
  const blanked = blankMagics(python);
  python = blanked.text;

  const span = (s: Span): Span => {
    const from = cell.rawStart(cell.offset(s.line, s.column));
    const to = cell.rawEnd(cell.offset(s.endLine, s.endColumn));
    return lines.span(from, Math.max(from, to));
  };
  // Every span inside a value is carried back too: list items, dict entries and lambda bodies kept
  // the cell's own lines and columns before, which land anywhere (or nowhere) in the notebook.
  const value = (v: Value): Value => {
    switch (v.kind) {
      case "env":
        return { ...v, span: span(v.span), ...(v.default ? { default: value(v.default) } : {}) };
      case "list":
        return { ...v, span: span(v.span), items: v.items.map(value) };
      case "dict":
        return { ...v, span: span(v.span), entries: v.entries.map((e) => ({ key: e.key, value: value(e.value) })) };
      case "lambda":
        return { ...v, span: span(v.span), returns: value(v.returns) };
      default:
        return { ...v, span: span(v.span) };
    }
  };

  const found = pythonFacts(python);
  for (const b of found.bindings) {
    facts.bindings.push({ ...b, context: "python", value: value(b.value), ...(b.nameSpan ? { nameSpan: span(b.nameSpan) } : {}) });
  }
  for (const env of blanked.envs) {
    const to = lines.span(cell.rawStart(env.from), cell.rawEnd(env.to));
    facts.bindings.push({
      name: env.name, construct: "assignment", context: "python",
      value: { kind: "string", secret: new Secret(cell.python.slice(env.from, env.to)), span: to },
      nameSpan: lines.span(cell.rawStart(env.nameFrom), cell.rawEnd(env.nameFrom + env.name.length)),
    });
  }
  if (found.notes.length > 0) {
    const at = lines.span(cell.rawStart(0), cell.rawStart(0) + 1).line;
    // pythonFacts counts lines from the cell's first line; say so.
    for (const note of found.notes) facts.notes.push(`Code cell ${index} (source from line ${at}; line numbers within the cell): ${note}`);
  }
}

export const format: Format = {
  name: "notebook",
  files: "Jupyter notebooks (`*.ipynb`): each Python code cell is read as Python, findings point at the notebook's own lines.",
  claims: (path) => baseName(path).endsWith(".ipynb"),
  facts(text) {
    const facts: FileFacts = { bindings: [], notes: [] };
    if (text.trim() === "") return facts;
    const lines = new LineIndex(text);
    const parsed = parseJson(text, lines);
    if (parsed.parseError) facts.parseError = parsed.parseError;
    if (!parsed.root) return facts;
    // Other kernels' code is not Python; the engine's text scan still sees Django-shaped keys in it.
    const language = notebookLanguage(parsed.root);
    if (language !== undefined && !/python/i.test(language)) return facts;
    codeCells(parsed.root).forEach((node, i) => {
      const cell = new CellSource(sourceTokens(text, node));
      if (!cell.isEmpty) cellFacts(lines, cell, i + 1, facts);
    });
    return facts;
  },
};
