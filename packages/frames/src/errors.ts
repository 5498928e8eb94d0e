/**
 * The one error type every Deep Replay package throws for a bad input or a failed step.
 * `code` is stable (for programs), `hint` says what to do (for people).
 */
export class DeepReplayError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(options.hint ? `${message} ${options.hint}` : message, { cause: options.cause });
    this.name = "DeepReplayError";
    this.code = code;
    this.hint = options.hint;
  }
}

export function isDeepReplayError(error: unknown, code?: string): error is DeepReplayError {
  return error instanceof DeepReplayError && (code === undefined || error.code === code);
}
