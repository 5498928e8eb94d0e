import { fileError } from "../errors.js";
import type { History, NamedBytes } from "../types.js";
import { cellNumber, parseCsv } from "./csv.js";

/**
 * A training log: Keras' CSVLogger output, or any CSV with a header row naming an `epoch` and a
 * `loss` column (metrics beside). `NA` and empty cells are NaN (absent values).
 */
export function readHistory(file: NamedBytes): History {
  const [header, ...rows] = parseCsv(file);
  const columns = header?.map((name) => name.trim()) ?? [];
  const epochColumn = columns.indexOf("epoch");
  if (epochColumn < 0 || !columns.includes("loss")) {
    throw fileError(
      "HISTORY_COLUMNS",
      file.name,
      `has no ${epochColumn < 0 ? "epoch" : "loss"} column (its header: ${columns.join(", ") || "none"}).`,
      "Give Keras' CSVLogger output or a CSV whose first row names an epoch and a loss column.",
    );
  }
  const values = columns.map(() => new Float64Array(rows.length));
  rows.forEach((row, r) => {
    if (row.length !== columns.length) {
      throw fileError(
        "HISTORY_ROW",
        file.name,
        `line ${r + 2} has ${row.length} cells, not ${columns.length}.`,
        "The log is truncated or damaged: every row needs a cell per column.",
      );
    }
    row.forEach((cell, c) => {
      const value = cellNumber(cell);
      if (value === undefined) {
        throw fileError(
          "HISTORY_CELL",
          file.name,
          `line ${r + 2}, column "${columns[c]}" holds "${cell}", not a number.`,
          "Cells must be numbers, NA or empty.",
        );
      }
      values[c][r] = value;
    });
  });
  const epochs = Array.from(values[epochColumn]);
  const bad = epochs.findIndex((epoch, r) => !Number.isInteger(epoch) || (r > 0 && epoch <= epochs[r - 1]));
  if (bad >= 0) {
    throw fileError(
      "HISTORY_EPOCHS",
      file.name,
      `line ${bad + 2} has epoch ${epochs[bad]}, not an integer after the one before.`,
      "The epoch column must count up by whole numbers.",
    );
  }
  return {
    epochs,
    series: new Map(columns.flatMap((name, c) => (c === epochColumn ? [] : [[name, values[c]] as const]))),
  };
}
