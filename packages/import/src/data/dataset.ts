import { ndarray, type NdArray } from "@deepreplay/frames";
import { fileError } from "../errors.js";
import { readZip } from "../zip.js";
import type { Dataset, NamedBytes } from "../types.js";
import { cellNumber, parseCsv } from "./csv.js";
import { readNpy } from "./npy.js";

export interface DatasetOptions {
  /** The inputs' array name in an `.npz` or the stem of an `.npy` file (default "x"). */
  readonly x?: string;
  /** The targets' array name (default "y"). */
  readonly y?: string;
}

const defaults = { x: "x", y: "y" };

const extension = (name: string) => /\.([^./\\]+)$/.exec(name)?.[1].toLowerCase();
const stem = (name: string) => name.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");

/**
 * Training data from an `.npz` (`np.savez(..., x=X, y=y)`), two `.npy` files, or a CSV (features,
 * then the target column; with a header row or without). x is samples × features; y is kept as
 * stored (labels, one-hot rows or a column) and must have one row per sample.
 */
export function readDataset(files: readonly NamedBytes[], options: DatasetOptions = {}): Dataset {
  const names = { ...defaults, ...options };
  const kinds = files.map((file) => extension(file.name));
  let dataset: Dataset;
  if (files.length === 1 && kinds[0] === "npz") dataset = fromNpz(files[0], names);
  else if (files.length === 1 && kinds[0] === "csv") dataset = fromCsv(files[0]);
  else if (files.length === 2 && kinds.every((kind) => kind === "npy")) dataset = fromNpyPair(files, names);
  else {
    throw fileError(
      "DATA_FORMAT",
      files.map((file) => file.name).join(", ") || "(no file)",
      "is not a data set this importer reads.",
      "Give one .npz (arrays x and y), two .npy files (inputs, then targets) or one CSV (features, then the target column).",
    );
  }
  return checked(files.map((file) => file.name).join(", "), dataset);
}

function fromNpz(file: NamedBytes, names: typeof defaults): Dataset {
  const wanted = new Set([`${names.x}.npy`, `${names.y}.npy`]);
  const entries = readZip(file.name, file.bytes, { select: (name) => wanted.has(name) });
  const array = (name: string): NdArray => {
    const bytes = entries.get(`${name}.npy`);
    if (!bytes) {
      throw fileError(
        "DATA_MISSING_ARRAY",
        file.name,
        `has no array "${name}".`,
        `Save it with np.savez(path, ${defaults.x}=X, ${defaults.y}=y), or name the arrays with --x and --y.`,
      );
    }
    return readNpy({ name: `${file.name}:${name}.npy`, bytes });
  };
  return { x: array(names.x), y: array(names.y) };
}

/** Two `.npy` files: by stem when they are named x and y (or as the options say), else in the order given. */
function fromNpyPair(files: readonly NamedBytes[], names: typeof defaults): Dataset {
  const byStem = (name: string) => files.find((file) => stem(file.name) === name);
  const [x, y] = byStem(names.x) && byStem(names.y) ? [byStem(names.x)!, byStem(names.y)!] : files;
  return { x: readNpy(x), y: readNpy(y) };
}

/** A CSV: every column but the last are features, the last is the target; a first row with words is a header. */
function fromCsv(file: NamedBytes): Dataset {
  const rows = parseCsv(file);
  const header = rows.length > 0 && rows[0].some((cell) => cellNumber(cell) === undefined);
  const body = header ? rows.slice(1) : rows;
  const width = (header ? rows[0] : body[0])?.length ?? 0;
  if (body.length === 0 || width < 2) {
    throw fileError(
      "DATA_EMPTY",
      file.name,
      "holds no rows of at least two columns.",
      "Write the features, then the target, one sample per line.",
    );
  }
  const x = new Float64Array(body.length * (width - 1));
  const y = new Float64Array(body.length);
  body.forEach((row, r) => {
    const line = r + (header ? 2 : 1);
    if (row.length !== width) {
      throw fileError(
        "DATA_CSV_ROW",
        file.name,
        `line ${line} has ${row.length} cells, not ${width}.`,
        "Every row needs the same columns: features, then the target.",
      );
    }
    row.forEach((cell, c) => {
      const value = cellNumber(cell);
      if (value === undefined || Number.isNaN(value)) {
        throw fileError(
          "DATA_CSV_CELL",
          file.name,
          `line ${line}, column ${c + 1} holds "${cell}", not a number.`,
          "Data cells must all be numbers (no missing values).",
        );
      }
      if (c < width - 1) x[r * (width - 1) + c] = value;
      else y[r] = value;
    });
  });
  return { x: ndarray(x, [body.length, width - 1]), y: ndarray(y, [body.length, 1]) };
}

function checked(name: string, { x, y }: Dataset): Dataset {
  if (x.shape.length < 2) {
    throw fileError(
      "DATA_SHAPE",
      name,
      `inputs have shape (${x.shape.join(", ")}), not samples × features.`,
      "Give x as a 2-D array, one row per sample (reshape(-1, 1) for one feature).",
    );
  }
  if (y.shape.length < 1 || y.shape[0] !== x.shape[0]) {
    throw fileError(
      "DATA_SHAPE",
      name,
      `has ${x.shape[0]} inputs but targets of shape (${y.shape.join(", ")}).`,
      "Give one target row per input.",
    );
  }
  return { x, y };
}
