import type { Command } from "commander";
import type { CommandContext } from "../program.js";
import { drawCommand } from "./draw-flags.js";

/** `deepreplay plot FILE KIND... --epoch N --out PATH.svg|png` */
export function plotCommand(context: CommandContext): Command {
  return drawCommand(context, "plot");
}
