import { InvalidArgumentError } from "commander";
import type { EpochRange } from "@deepreplay/core";

/** Flag value parsers: each throws commander's InvalidArgumentError, reported as a usage error. */

export function integer(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim()) || n < min)
      throw new InvalidArgumentError(`Expected an integer of at least ${min}.`);
    return n;
  };
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || value.trim() === "")
    throw new InvalidArgumentError("Expected a positive number.");
  return n;
}

/** "MIN,MAX" with MIN < MAX, e.g. --xlim -1,1 (or --xlim=-1,1). */
export function limits(value: string): [number, number] {
  const parts = value.split(",").map((part) => part.trim());
  const [min, max] = parts.map(Number);
  if (
    parts.length !== 2 ||
    parts.some((p) => p === "") ||
    !Number.isFinite(min) ||
    !Number.isFinite(max) ||
    min >= max
  ) {
    throw new InvalidArgumentError("Expected MIN,MAX with MIN < MAX, e.g. -1,1.");
  }
  return [min, max];
}

/** "A..B", "A..", "..B" or a single "N" (= N..N), epochs inclusive as in the original; an open end means the first or last recorded epoch. */
export function epochRange(value: string): EpochRange {
  const match = /^\s*(\d*)\s*(?:\.\.\s*(\d*))?\s*$/.exec(value);
  const single = match && match[2] === undefined;
  if (!match || (single && match[1] === "") || (!single && match[1] === "" && match[2] === "")) {
    throw new InvalidArgumentError("Expected A..B (inclusive), A.., ..B or N, with whole epochs.");
  }
  const start = match[1] === "" ? undefined : Number(match[1]);
  const end = single ? start : match[2] === "" ? undefined : Number(match[2]);
  if (start !== undefined && end !== undefined && start > end) {
    throw new InvalidArgumentError(`The range starts after it ends (${start} > ${end}).`);
  }
  return { epochStart: start, epochEnd: end };
}

/** Comma-separated names, repeated flags accumulate: --layers hidden,output --layers extra. */
export function nameList(value: string, previous: string[] = []): string[] {
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError("Expected one or more comma-separated names.");
  return [...previous, ...names];
}
