import type { Command } from "commander";
import type { CommandContext } from "../program.js";
import { drawCommand } from "./draw-flags.js";

/** `deepreplay animate FILE KIND... --epochs A..B --fps N --out PATH.gif|mp4` */
export function animateCommand(context: CommandContext): Command {
  return drawCommand(context, "animate");
}
