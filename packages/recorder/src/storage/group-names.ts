import { DeepReplayError } from "@deepreplay/frames";
import type { IfGroupExists } from "./storage.js";

/** The first of `group_2`, `group_3`, ... that is not taken. */
export function nextFreeName(group: string, taken: readonly string[]): string {
  let n = 2;
  while (taken.includes(`${group}_${n}`)) n++;
  return `${group}_${n}`;
}

/** The refusal of an existing group, naming both ways out. */
export function groupExists(where: string, group: string, taken: readonly string[]): DeepReplayError {
  return new DeepReplayError("GROUP_EXISTS", `${where} already has a group "${group}".`, {
    hint: `Pass ifExists: "replace" to overwrite it, or ifExists: "rename" to record as "${nextFreeName(group, taken)}" (or choose another group name): a recording is never overwritten unasked.`,
  });
}

/** The group to write, given those taken: the plan's, the next free one, or a refusal. "replace" keeps the name. */
export function resolveGroup(
  where: string,
  group: string,
  taken: readonly string[],
  ifExists: IfGroupExists = "refuse",
): string {
  if (!taken.includes(group) || ifExists === "replace") return group;
  if (ifExists === "rename") return nextFreeName(group, taken);
  throw groupExists(where, group, taken);
}
