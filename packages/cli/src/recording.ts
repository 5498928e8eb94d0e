import { DeepReplayError, isDeepReplayError } from "@deepreplay/frames";
import { openRecording, type HdfRecording } from "@deepreplay/recorder";

/** Hints that name the command line's flags instead of the library's options. */
const CLI_HINTS: Record<string, string> = {
  "model-not-found": "Pass --model PATH: the Keras model file (*_model.h5) saved with the recording.",
  "model-mismatch": "Pass --model PATH: the model file saved with this recording.",
  "group-required": "Pass --group NAME.",
};

/** Opens FILE's recording for a command: --group, --model, with errors phrased for the command line. */
export async function openForCommand(file: string, { group, model }: { group?: string; model?: string }): Promise<HdfRecording> {
  try {
    return await openRecording(file, group, { modelPath: model });
  } catch (error) {
    const hint = isDeepReplayError(error) ? CLI_HINTS[error.code] : undefined;
    if (!hint || !isDeepReplayError(error)) throw error;
    throw new DeepReplayError(error.code, withoutHint(error), { hint, cause: error });
  }
}

function withoutHint(error: DeepReplayError): string {
  return error.hint && error.message.endsWith(error.hint) ? error.message.slice(0, -error.hint.length).trimEnd() : error.message;
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
