import { usageError } from "../errors.js";

/**
 * The visualisations the command line knows, by the names the user types. Their computations in
 * core are in kinds.ts; the names stay apart so that parsing a command line loads no tfjs, and an
 * animation's rendering threads start before it does.
 */
export const KINDS = [
  "feature-space",
  "decision-boundary",
  "probability-histogram",
  "loss-histogram",
  "loss-and-metric",
  "weights",
  "gradients",
  "activations",
  "z-values",
  "loss-landscape",
] as const;

export type Kind = (typeof KINDS)[number];

export function parseKind(name: string): Kind {
  const kind = KINDS.find((k) => k === name);
  if (!kind) throw usageError(`Unknown kind "${name}".`, `Kinds: ${KINDS.join(", ")}.`);
  return kind;
}
