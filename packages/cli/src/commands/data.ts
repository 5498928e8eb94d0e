import { Command } from "commander";
import { addEpochsFlag, addReplayFlags, type EpochsFlag, type ReplayFlags } from "../flags/shared.js";
import type { CommandContext } from "../program.js";
import { KINDS, parseKind } from "../replay/kind-names.js";

/** `deepreplay data FILE KIND`: the original's data arrays as JSON on stdout. */
export function dataCommand(context: CommandContext): Command {
  const command = new Command("data")
    .description("print the data behind a visualisation as JSON (the original's arrays, camelCase keys)")
    .argument("<file>", "replay file (HDF5)")
    .argument("<kind>", KINDS.join(", "));
  addEpochsFlag(command);
  addReplayFlags(command);
  return command.action(async (file: string, kindName: string, flags: ReplayFlags & EpochsFlag) => {
    const kind = parseKind(kindName);
    const { printData } = await import("../actions/data.js");
    await printData(context, file, kind, flags);
  });
}
