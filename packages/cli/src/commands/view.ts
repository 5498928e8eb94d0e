import { Command } from "commander";
import type { CommandContext } from "../program.js";

/** `deepreplay view --out DIR`: the web replay app as static files, opening recordings by drag-and-drop. */
export function viewCommand(context: CommandContext): Command {
  return new Command("view")
    .description(
      "write the web replay app as static files anyone can host; it opens recordings by drag-and-drop or its file picker",
    )
    .requiredOption("-o, --out <dir>", "folder to write the app into (created when missing)")
    .action(async (flags: { out: string }) => {
      const { writeStaticApp } = await import("@deepreplay/web");
      context.report(await writeStaticApp(flags.out));
    });
}
