import { initBackend, openReplay, type EpochRange, type Replay } from "@deepreplay/core";
import { DeepReplayError, isDeepReplayError, type ErrorCode } from "@deepreplay/frames";
import { openRecording, type HdfRecording } from "@deepreplay/recorder";
import { usageError } from "../errors.js";
import type { ReplayFlags } from "../flags/shared.js";

/** Hints that name the command line's flags instead of the library's options. */
const CLI_HINTS: Partial<Record<ErrorCode, string>> = {
  MODEL_NOT_FOUND: "Pass --model PATH: the Keras model file (*_model.h5) saved with the recording.",
  MODEL_MISMATCH: "Pass --model PATH: the model file saved with this recording.",
  GROUP_REQUIRED: "Pass --group NAME.",
};

/** Opens FILE's recording for a command: --group, --model, with errors phrased for the command line. */
export async function openForCommand(
  file: string,
  { group, model }: { group?: string; model?: string },
): Promise<HdfRecording> {
  try {
    return await openRecording(file, group, { modelPath: model });
  } catch (error) {
    const hint = isDeepReplayError(error) ? CLI_HINTS[error.code] : undefined;
    if (!hint || !isDeepReplayError(error)) throw error;
    throw new DeepReplayError(error.code, error.message, { hint, cause: error });
  }
}

/** Runs `use` on an open recording and always closes it. */
export async function withRecording<T>(
  file: string,
  flags: { group?: string; model?: string },
  use: (recording: HdfRecording) => Promise<T> | T,
): Promise<T> {
  const recording = await openForCommand(file, flags);
  try {
    return await use(recording);
  } finally {
    recording.close();
  }
}

/** Opens FILE's recording for replay (--group, --model) and runs `use`; always closes it. */
export async function withReplay<T>(
  file: string,
  flags: Pick<ReplayFlags, "group" | "model">,
  use: (replay: Replay) => Promise<T>,
): Promise<T> {
  // The backend's WebAssembly compiles while the file is opened and read through.
  initBackend().catch(() => undefined);
  const replay = await openReplay(await openForCommand(file, flags));
  try {
    return await use(replay);
  } finally {
    replay.close();
  }
}

/** An --epochs range checked against the recording: a range outside it is a usage error. */
export function epochRange(replay: Replay, range: EpochRange = {}): Required<EpochRange> {
  const last = replay.lastEpoch;
  const { epochStart: start = 0, epochEnd: end = last } = range;
  if (start > last || end > last) {
    throw usageError(
      `Epochs ${start}..${end} are outside the recording, which has epochs 0..${last}.`,
      `Pass --epochs within 0..${last}.`,
    );
  }
  if (start > end)
    throw usageError(`The range ${start}..${end} starts after it ends.`, `Pass --epochs A..B with A <= B <= ${last}.`);
  return { epochStart: start, epochEnd: end };
}

/** A single --epoch checked against the recording (default: the last). */
export function singleEpoch(replay: Replay, epoch: number | undefined): Required<EpochRange> {
  const chosen = epoch ?? replay.lastEpoch;
  return epochRange(replay, { epochStart: chosen, epochEnd: chosen });
}
