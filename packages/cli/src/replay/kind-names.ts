import { VIEWS, type View } from "@deepreplay/frames";
import { usageError } from "../errors.js";

/**
 * The visualisations the command line knows, by the names the user types: the frame kinds' views
 * (frames' descriptors; the violins' quantities each by name). Their computations in
 * core are in kinds.ts; the names stay apart so that parsing a command line loads no tfjs, and an
 * animation's rendering threads start before it does.
 */
export const KINDS = VIEWS;

export type Kind = View;

export function parseKind(name: string): Kind {
  const kind = KINDS.find((k) => k === name);
  if (!kind) throw usageError(`Unknown kind "${name}".`, `Kinds: ${KINDS.join(", ")}.`);
  return kind;
}
