import { integerOption } from "@deepreplay/frames";

/** Most input values (rows × features) any data set builds: 512 MB of float64. */
export const MAX_VALUES = 2 ** 26;

/** Seeds are unsigned 32-bit integers: the whole state of the generator. */
export function seedOption(value: number): number {
  return integerOption("seed", value, { min: 0, max: 2 ** 32 - 1 });
}
