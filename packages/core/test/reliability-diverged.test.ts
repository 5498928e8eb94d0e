import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "@deepreplay/frames";
import { openRecording, type HdfRecording } from "@deepreplay/recorder";
import {
  decisionBoundaryFrames,
  featureSpaceFrames,
  initBackend,
  layerViolinsFrames,
  lossAndMetricFrames,
  lossHistogramFrames,
  openReplay,
  probabilityHistogramFrames,
  type Replay,
} from "@deepreplay/core";
import {
  DIVERGED_EPOCHS,
  DIVERGED_GROUP,
  FIRST_DIVERGED_EPOCH,
  recordDivergedRun,
} from "./reliability-diverged-run.js";

/** A run trained for real until its weights turn NaN: recorded to the end, replayed as frames marked non-finite. */
describe("a diverged training run", () => {
  let dir: string;
  let recording: HdfRecording;
  let replay: Replay;

  beforeAll(async () => {
    await initBackend();
    dir = mkdtempSync(join(tmpdir(), "deepreplay-diverged-"));
    const path = join(dir, "diverged.h5");
    await recordDivergedRun(path);
    recording = await openRecording(path, DIVERGED_GROUP);
    replay = await openReplay(recording);
  });

  afterAll(() => {
    recording?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is recorded to the last epoch, NaN weights and the infinite learning rate included", () => {
    expect(recording.info.completedEpochs).toBe(DIVERGED_EPOCHS);
    const lr = recording.series("lr");
    expect(Array.from(lr.slice(0, FIRST_DIVERGED_EPOCH - 1))).toEqual([0.5, 0.5]);
    expect(Array.from(lr.slice(FIRST_DIVERGED_EPOCH - 1)).every((value) => value === Infinity)).toBe(true);
    for (let epoch = 0; epoch <= DIVERGED_EPOCHS; epoch++) {
      const values = recording
        .weights(epoch)
        .flat()
        .flatMap((w) => Array.from(w.data));
      expect(values.every(Number.isFinite), `epoch ${epoch}`).toBe(epoch < FIRST_DIVERGED_EPOCH);
    }
  });

  const computations: [string, () => Iterable<Frame>][] = [
    ["loss histogram", () => lossHistogramFrames(replay)],
    ["loss and metric", () => lossAndMetricFrames(replay)],
    ["probability histogram", () => probabilityHistogramFrames(replay)],
    ["decision boundary", () => decisionBoundaryFrames(replay)],
    ["feature space", () => featureSpaceFrames(replay, { layer: "hidden" })],
    ["weights", () => layerViolinsFrames(replay, "weights")],
    ["gradients", () => layerViolinsFrames(replay, "gradients")],
    ["activations", () => layerViolinsFrames(replay, "activations")],
  ];

  it.each(computations)(
    "replays the %s of every epoch, the diverged ones marked non-finite with a note",
    (_, frames) => {
      const all = [...frames()];
      expect(all.map((frame) => frame.epoch)).toEqual(Array.from({ length: DIVERGED_EPOCHS + 1 }, (_, epoch) => epoch));
      for (const frame of all) {
        const diverged = frame.epoch >= FIRST_DIVERGED_EPOCH;
        expect(frame.finite, `epoch ${frame.epoch}`).toBe(!diverged);
        if (diverged) expect(frame.note).toContain(`Epoch ${frame.epoch}`);
        else expect(frame.note).toBeUndefined();
      }
    },
  );
});
