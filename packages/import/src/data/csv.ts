import { fileError } from "../errors.js";
import type { NamedBytes } from "../types.js";

/**
 * The rows of a comma-separated file (RFC 4180: quoted fields may hold commas, quotes doubled,
 * CRLF or LF line ends); blank lines are skipped. Bytes that are not UTF-8 are refused.
 */
export function parseCsv(file: NamedBytes): string[][] {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(file.bytes);
  } catch (cause) {
    throw fileError("CSV_INVALID", file.name, "is not UTF-8 text.", "Give a CSV file (comma-separated values).", cause);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0].trim() !== "") rows.push(row);
    row = [];
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') field += text[i++];
      else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n") endRow();
    else if (char !== "\r") field += char;
  }
  if (quoted)
    throw fileError("CSV_INVALID", file.name, "ends inside a quoted field.", "The file is truncated: write it again.");
  if (field !== "" || row.length > 0) endRow();
  return rows;
}

const MISSING = /^(|NA|N\/A|nan|NaN)$/;
const INFINITE = /^([+-]?)inf(inity)?$/i;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as a number: NaN for empty, `NA` or `nan` (what CSVLogger and pandas write); undefined if not a number. */
export function cellNumber(cell: string): number | undefined {
  const text = cell.trim();
  if (MISSING.test(text)) return NaN;
  const infinite = INFINITE.exec(text);
  if (infinite) return infinite[1] === "-" ? -Infinity : Infinity;
  return DECIMAL.test(text) ? Number(text) : undefined;
}
