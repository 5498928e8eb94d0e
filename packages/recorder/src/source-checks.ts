import { DeepReplayError, type RecordingInfo } from "@deepreplay/frames";

/** The range check every RecordingSource makes before reading an epoch's weights. */
export function checkEpoch(info: RecordingInfo, epoch: number): void {
  const last = info.completedEpochs;
  if (!Number.isInteger(epoch) || epoch < 0 || epoch > last) {
    throw new DeepReplayError("EPOCH_OUT_OF_RANGE", `Epoch ${epoch} is not in recording ${info.group}.`, {
      hint: `Valid epochs are 0 (initial weights) to ${last}.`,
    });
  }
}

export function checkSeries(info: RecordingInfo, name: string): void {
  if (!info.series.includes(name)) {
    throw new DeepReplayError("SERIES_NOT_FOUND", `Recording ${info.group} has no series "${name}".`, {
      hint: `Its series: ${info.series.join(", ") || "none"}.`,
    });
  }
}
