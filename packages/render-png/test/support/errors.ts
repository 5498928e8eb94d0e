import { expect } from "vitest";
import { isDeepReplayError, type ErrorCode } from "@deepreplay/frames";

function expectCode(error: unknown, code: ErrorCode): Error {
  expect(isDeepReplayError(error, code), `expected DeepReplayError ${code}, got ${String(error)}`).toBe(true);
  return error as Error;
}

/** The DeepReplayError with `code` that `run` throws. */
export function expectThrows(run: () => unknown, code: ErrorCode): Error {
  try {
    run();
  } catch (error) {
    return expectCode(error, code);
  }
  throw new Error(`expected DeepReplayError ${code}, nothing was thrown`);
}

/** The DeepReplayError with `code` that `promise` rejects with. */
export async function expectRejects(promise: Promise<unknown>, code: ErrorCode): Promise<Error> {
  const rejection = await promise.then(
    () => new Error(`expected DeepReplayError ${code}, the promise resolved`),
    (error: unknown) => error,
  );
  return expectCode(rejection, code);
}
