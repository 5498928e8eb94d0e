import { DeepReplayError, isDeepReplayError, type ErrorCode } from "@deepreplay/frames";
import { openRecording, type HdfRecording } from "@deepreplay/recorder";

/** Hints that name the command line's flags instead of the library's options. */
const CLI_HINTS: Partial<Record<ErrorCode, string>> = {
  "MODEL_NOT_FOUND": "Pass --model PATH: the Keras model file (*_model.h5) saved with the recording.",
  "MODEL_MISMATCH": "Pass --model PATH: the model file saved with this recording.",
  "GROUP_REQUIRED": "Pass --group NAME.",
};

/** Opens FILE's recording for a command: --group, --model, with errors phrased for the command line. */
export async function openForCommand(file: string, { group, model }: { group?: string; model?: string }): Promise<HdfRecording> {
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
