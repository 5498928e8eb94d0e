import { DeepReplayError, type ErrorCode } from "@deepreplay/frames";

/**
 * A refused input: one line that names the file and what is wrong with it, the hint apart (what to do).
 * Every reader in this package reports bad bytes through it.
 */
export function fileError(
  code: ErrorCode,
  file: string,
  message: string,
  hint: string,
  cause?: unknown,
): DeepReplayError {
  return new DeepReplayError(code, `${file}: ${message}`, { hint, cause });
}
