import { toPlain } from "@deepreplay/core";
import type { EpochsFlag, ReplayFlags } from "../flags/shared.js";
import type { CommandContext } from "../program.js";
import type { Kind } from "../replay/kind-names.js";
import { kindData } from "../replay/kinds.js";
import { epochRange, withReplay } from "../replay/open.js";

/** Replays one kind over the range and prints its materialised arrays as nested JSON arrays. */
export async function printData(
  context: CommandContext,
  file: string,
  kind: Kind,
  flags: ReplayFlags & EpochsFlag,
): Promise<void> {
  const data = await withReplay(file, flags, async (replay) =>
    kindData(replay, kind, flags, epochRange(replay, flags.epochs)),
  );
  context.print(JSON.stringify(toPlain(data)));
}
