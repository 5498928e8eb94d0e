import { lossHistogramFrames, openReplay, probabilityHistogramFrames } from "@deepreplay/core";
import { DeepReplayError, isDeepReplayError } from "@deepreplay/frames";
import { listGroups, openRecording } from "@deepreplay/recorder";
import type { FileProblem, PanelKind, PointReadout, RunInfo, SourceFile } from "../app/protocol.js";
import { PANEL_KINDS } from "../app/protocol.js";
import { COMPUTATIONS, featureLayers, type Run } from "./computations.js";

export interface OpenedRun extends Run {
  readonly info: RunInfo;
}

/** Python deepreplay keeps the model of group G beside the recording, as G_model.h5. */
const modelFileName = (group: string) => `${group}_model.h5`;

/**
 * Opens every recording (every group of every file) among `files`. A file without recordings is
 * taken as a Keras model file, for the Python recordings among the others: the one named after a
 * group, else the only one.
 */
export async function openRuns(
  files: readonly SourceFile[],
  wasmPath: string,
): Promise<{ runs: OpenedRun[]; problems: FileProblem[]; models: string[] }> {
  const problems: FileProblem[] = [];
  const groups = new Map<SourceFile, string[]>();
  for (const file of files) {
    try {
      groups.set(file, await listGroups(new Uint8Array(file.bytes)));
    } catch (error) {
      problems.push(problem(file.name, error));
    }
  }
  const models = [...groups].filter(([, names]) => names.length === 0).map(([file]) => file);
  const runs: OpenedRun[] = [];
  for (const [file, names] of groups) {
    for (const group of names) {
      const model =
        models.find((candidate) => candidate.name === modelFileName(group)) ??
        (models.length === 1 ? models[0] : undefined);
      try {
        const recording = await openRecording(
          new Uint8Array(file.bytes),
          group,
          model ? { model: new Uint8Array(model.bytes) } : {},
        );
        const replay = await openReplay(recording, { wasmPath });
        runs.push({ replay, once: new Map(), info: runInfo(file.name, group, replay) });
      } catch (error) {
        problems.push(problem(file.name, error, group));
      }
    }
  }
  return { runs, problems, models: models.map((file) => file.name) };
}

function runInfo(file: string, group: string, replay: OpenedRun["replay"]): RunInfo {
  const unavailable: Partial<Record<PanelKind, string>> = {};
  for (const kind of PANEL_KINDS) {
    const reason = COMPUTATIONS[kind].unavailable(replay);
    if (reason) unavailable[kind] = reason;
  }
  return {
    id: `${file}#${group}`,
    file,
    group,
    lastEpoch: replay.lastEpoch,
    nEpochs: replay.info.nEpochs,
    featureLayers: featureLayers(replay),
    unavailable,
  };
}

function problem(file: string, error: unknown, group?: string): FileProblem {
  if (isDeepReplayError(error)) return { file, group, code: error.code, message: error.message };
  return { file, group, code: "UNREADABLE_FILE", message: error instanceof Error ? error.message : String(error) };
}

/**
 * What a space panel's input `index` reads at `epoch`: its coordinates in input space, its target,
 * its probability and its loss. Space frames list the inputs by class, in recorded order within a
 * class (core's order), so the index is mapped back to the recording's row first.
 */
export function pointReadout(run: Run, epoch: number, index: number): PointReadout {
  const { replay } = run;
  const order = orderByClass(replay.targetClasses);
  const row = order[index];
  if (row === undefined)
    throw new DeepReplayError("UNKNOWN_POINT", `Input ${index} is not in the recording.`, {
      hint: "Hover a point of the panel.",
    });
  const range = { epochStart: epoch, epochEnd: epoch };
  const [probabilities] = probabilityHistogramFrames(replay, range);
  const [losses] = lossHistogramFrames(replay, range);
  const dims = replay.inputDims;
  return {
    input: Array.from(replay.inputs.data.slice(row * dims, (row + 1) * dims), Number),
    target: replay.classNames[replay.targetClasses[row]],
    probability: probabilities.probabilities[row],
    loss: losses.losses[row],
  };
}

function orderByClass(classes: Int32Array): Int32Array {
  return Int32Array.from(classes.keys()).sort((a, b) => classes[a] - classes[b] || a - b);
}
