import { readFileSync } from "node:fs";
import { Command } from "commander";
import { dataCommand } from "./commands/data.js";
import { demoCommand } from "./commands/demo.js";
import { animateCommand, plotCommand } from "./commands/draw.js";
import { importCommand } from "./commands/import.js";
import { inspectCommand } from "./commands/inspect.js";
import { serveCommand } from "./commands/serve.js";
import { viewCommand } from "./commands/view.js";
import type { GlobalFlags } from "./flags/shared.js";
import { createProgress, type Progress } from "./progress.js";

/** Where a command writes: results on stdout, bars and messages on stderr. */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream;
}

/** What a command gets besides its own flags. */
export interface CommandContext {
  readonly io: CliIO;
  /** Progress bars on stderr, silent when it is not a terminal or --quiet is set. */
  progress(): Progress;
  /** Prints one line on stdout: what the command is for (a description, data, a URL). */
  print(line: string): void;
  /** Prints one line on stdout saying what the command wrote; silent under --quiet, as the bars are. */
  report(line: string): void;
}

export type CommandFactory = (context: CommandContext) => Command;

/** The package's own version (src/ and dist/ both sit beside package.json), as changesets bumps it. */
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

const COMMANDS: readonly CommandFactory[] = [
  demoCommand,
  importCommand,
  inspectCommand,
  plotCommand,
  animateCommand,
  dataCommand,
  serveCommand,
  viewCommand,
];

export function createProgram(io: CliIO): Command {
  const program = new Command("deepreplay")
    .description("Record how a neural network trains and replay it as pictures, animations and data.")
    .version(version)
    .option(
      "-q, --quiet",
      "no progress bars, and no line saying what was written (results and errors still print)",
      false,
    )
    .option("--debug", "print the stack of an unexpected error", false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // run() prints errors itself, on one line.
      outputError: () => {},
    });
  const quiet = () => program.opts<GlobalFlags>().quiet;
  const print = (line: string) => void io.stdout.write(`${line}\n`);
  const context: CommandContext = {
    io,
    progress: () => createProgress({ quiet: quiet(), stream: io.stderr }),
    print,
    report: (line) => {
      if (!quiet()) print(line);
    },
  };
  // Subcommands made apart need the root's exit and output settings copied over.
  for (const command of COMMANDS) program.addCommand(command(context).copyInheritedSettings(program));
  return program;
}
