import { DeepReplayError, type Extent } from "@deepreplay/frames";

function invalid(name: string, value: unknown, expected: string): never {
  throw new DeepReplayError("INVALID_OPTION", `The option ${name} is ${JSON.stringify(value)}.`, { hint: `It must be ${expected}.` });
}

export function integerOption(name: string, value: number, min: number, max = 100_000): number {
  if (!Number.isInteger(value) || value < min || value > max) invalid(name, value, `an integer from ${min} to ${max}`);
  return value;
}

export function extentOption(name: string, value: Extent): Extent {
  if (!Array.isArray(value) || value.length !== 2 || !value.every(Number.isFinite) || !(value[0] < value[1])) {
    invalid(name, value, "a pair [min, max] of finite numbers with min < max");
  }
  return [value[0], value[1]];
}

export function nonNegativeOption(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) invalid(name, value, "a finite number >= 0");
  return value;
}
