import { isDeepReplayError, type DeepReplayError } from "@deepreplay/frames";

/** Runs `read` and returns the DeepReplayError it throws (failing the test if it throws none, or another). */
export function refusal(read: () => unknown): DeepReplayError {
  try {
    read();
  } catch (error) {
    if (isDeepReplayError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}
