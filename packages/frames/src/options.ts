import type { Extent } from "./frame.js";
import { DeepReplayError } from "./errors.js";

/**
 * Checks for option values, shared by every package: each returns the value it was given, or throws an
 * INVALID_OPTION error that names the option, its value and what it must be.
 */

export interface Range {
  /** Inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
  /** Exclusive bounds. */
  readonly above?: number;
  readonly below?: number;
}

/** The refusal of option `name`; the hint defaults to saying what to pass. */
export function invalidOption(
  name: string,
  value: unknown,
  expected: string,
  hint = `Pass ${name} as ${expected}.`,
): DeepReplayError {
  return new DeepReplayError("INVALID_OPTION", `Option ${name} is ${show(value)}, not ${expected}.`, { hint });
}

/** A whole number within `range`. */
export function integerOption(name: string, value: number, range: Range = {}, hint?: string): number {
  if (!Number.isInteger(value) || !within(value, range))
    throw invalidOption(name, value, `an integer${rangeText(range)}`, hint);
  return value;
}

/** A finite number within `range`. */
export function numberOption(name: string, value: number, range: Range = {}, hint?: string): number {
  if (!(typeof value === "number" && Number.isFinite(value)) || !within(value, range)) {
    throw invalidOption(name, value, `a finite number${rangeText(range)}`, hint);
  }
  return value;
}

/** Two finite numbers, in any order. */
export function pairOption(name: string, value: readonly number[]): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every(Number.isFinite))
    throw invalidOption(name, value, "two finite numbers, e.g. [-1, 1]");
  return [value[0], value[1]];
}

/** A pair [min, max] of finite numbers with min < max. */
export function extentOption(name: string, value: Extent): Extent {
  if (!Array.isArray(value) || value.length !== 2 || !value.every(Number.isFinite) || !(value[0] < value[1])) {
    throw invalidOption(name, value, "a pair [min, max] of finite numbers with min < max");
  }
  return [value[0], value[1]];
}

/** A width or height: absent (the default), or a positive number of pixels (a whole one when `integer`). */
export function sizeOption(name: string, value: number | undefined, { integer = false } = {}): number | undefined {
  if (value === undefined) return undefined;
  return integer ? integerOption(name, value, { min: 1 }) : numberOption(name, value, { above: 0 });
}

function within(
  value: number,
  { min = -Infinity, max = Infinity, above = -Infinity, below = Infinity }: Range,
): boolean {
  return value >= min && value <= max && value > above && value < below;
}

function rangeText({ min, max, above, below }: Range): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  const parts = [
    min !== undefined ? `at least ${min}` : "",
    above !== undefined ? `above ${above}` : "",
    max !== undefined ? `at most ${max}` : "",
    below !== undefined ? `below ${below}` : "",
  ];
  const text = parts.filter(Boolean).join(" and ");
  return text ? ` ${text}` : "";
}

function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
