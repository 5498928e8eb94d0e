import { DeepReplayError } from "@deepreplay/frames";

/** The error every refused data set option throws. */
export const INVALID_OPTION = "INVALID_DATASET_OPTION";

/** Most input values (rows × features) any data set builds: 512 MB of float64. */
export const MAX_VALUES = 2 ** 26;

function refuse(name: string, value: unknown, expected: string): never {
  throw new DeepReplayError(INVALID_OPTION, `Option ${name} is ${String(value)}.`, {
    hint: `Pass ${name} as ${expected}.`,
  });
}

export function integerOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    refuse(name, value, `an integer from ${min} to ${max}`);
  }
  return value;
}

/** A finite number at least `min`, and below `below` when given. */
export function numberOption(name: string, value: number, min = -Infinity, below = Infinity): number {
  if (!Number.isFinite(value) || value < min || value >= below) {
    const range = [min > -Infinity ? `at least ${min}` : "", below < Infinity ? `below ${below}` : ""];
    refuse(name, value, ["a finite number", ...range.filter(Boolean)].join(", "));
  }
  return value;
}

export function pairOption(name: string, value: readonly number[]): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every(Number.isFinite)) {
    refuse(name, JSON.stringify(value), "two finite numbers, e.g. [-1, 1]");
  }
  return [value[0], value[1]];
}

/** Seeds are unsigned 32-bit integers: the whole state of the generator. */
export function seedOption(value: number): number {
  return integerOption("seed", value, 0, 2 ** 32 - 1);
}
