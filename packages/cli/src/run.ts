import { CommanderError } from "commander";
import { describeError, isDeepReplayError } from "@deepreplay/frames";
import { EXIT_FAILURE, EXIT_USAGE, oneLine, UsageError } from "./errors.js";
import { createProgram, type CliIO } from "./program.js";

const FINISHED = new Set(["commander.helpDisplayed", "commander.version"]);

/**
 * Runs the deepreplay command line and resolves to its exit code: 0, 2 for a usage error, 1 for a
 * failure. A user mistake prints one line on stderr, never a stack.
 */
export async function run(
  argv: readonly string[],
  io: CliIO = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    await createProgram(io).parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError && FINISHED.has(error.code)) return 0;
    // `help [command]` printed its help (exit 0); no command at all printed the usage on stderr (exit 2):
    // commander's "(outputHelp)" placeholder is no message for a person.
    if (error instanceof CommanderError && error.code === "commander.help")
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    const { line, code } = describe(error);
    io.stderr.write(`${line}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return code;
  }
}

function describe(error: unknown): { line: string; code: number } {
  if (error instanceof CommanderError) {
    // Commander's messages already start with "error: ".
    return { line: oneLine(error.message), code: EXIT_USAGE };
  }
  if (isDeepReplayError(error)) {
    return {
      line: `error: ${oneLine(describeError(error))}`,
      code: error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: `error: ${oneLine(message)} (unexpected; run with --debug for the stack)`, code: EXIT_FAILURE };
}
