import { DeepReplayError } from "@deepreplay/frames";

/** Exit codes: a mistake in the command line, or a well-formed command that could not be done. */
export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;

/** A command line that cannot be carried out as written (bad flag value, bad range, unknown kind). */
export class UsageError extends DeepReplayError {
  constructor(message: string, hint?: string) {
    super("USAGE", message, { hint });
  }
}

export function usageError(message: string, hint?: string): UsageError {
  return new UsageError(message, hint);
}

/** One line for a person: newlines (as in commander's suggestions) become spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n+\s*/g, " ").trim();
}
