import { openReplay, type EpochRange, type Replay } from "@deepreplay/core";
import { usageError } from "./errors.js";
import type { ReplayFlags } from "./flags.js";
import type { EpochRange as RangeFlag } from "./parse.js";
import { openForCommand } from "./recording.js";

/** Opens FILE's recording for replay (--group, --model) and runs `use`; always closes it. */
export async function withReplay<T>(file: string, flags: Pick<ReplayFlags, "group" | "model">, use: (replay: Replay) => Promise<T>): Promise<T> {
  const replay = await openReplay(await openForCommand(file, flags));
  try {
    return await use(replay);
  } finally {
    replay.close();
  }
}

/** An --epochs range checked against the recording: a range outside it is a usage error. */
export function epochRange(replay: Replay, range: RangeFlag = {}): Required<EpochRange> {
  const last = replay.lastEpoch;
  const { start = 0, end = last } = range;
  if (start > last || end > last) {
    throw usageError(`Epochs ${start}..${end} are outside the recording, which has epochs 0..${last}.`, `Pass --epochs within 0..${last}.`);
  }
  if (start > end) throw usageError(`The range ${start}..${end} starts after it ends.`, `Pass --epochs A..B with A <= B <= ${last}.`);
  return { epochStart: start, epochEnd: end };
}

/** A single --epoch checked against the recording (default: the last). */
export function singleEpoch(replay: Replay, epoch: number | undefined): Required<EpochRange> {
  const chosen = epoch ?? replay.lastEpoch;
  return epochRange(replay, { start: chosen, end: chosen });
}
