import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openRecording } from "@deepreplay/recorder";
import { lossAndMetricData, openReplay } from "@deepreplay/core";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { pythonSource, rewrite } from "./reliability-mutations.js";

const dense = (name: string, units: number, extra: Record<string, unknown> = {}) => ({
  class_name: "Dense",
  config: { name, units, activation: "sigmoid", use_bias: true, ...extra },
});
const sequential = (...layers: unknown[]) =>
  JSON.stringify({ class_name: "Sequential", config: { name: "model", layers } });

/** Python's recording replayed with a Keras model file whose architecture does not fit its weights. */
describe.runIf(requirePythonFixtures())("a model file whose shapes do not fit the recorded weights", () => {
  const dir = mkdtempSync(join(tmpdir(), "deepreplay-models-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [
      "3 hidden units",
      sequential(dense("hidden", 3, { batch_input_shape: [null, 2] }), dense("output", 1)),
      /layer "hidden" \(Dense\) holds \[2, 2\] \[2\], expected \[2, 3\] \[3\]/,
    ],
    [
      "an output layer without bias",
      sequential(dense("hidden", 2, { batch_input_shape: [null, 2] }), dense("output", 1, { use_bias: false })),
      /layer "output" has 2 arrays, expected 1/,
    ],
  ])("names the layer when the model has %s", async (_, modelConfig, message) => {
    const { replayPath, modelPath } = pythonSource(fixturePath);
    const changed = join(dir, `${modelConfig.length}_model.h5`);
    await rewrite(modelPath!, changed, "@model_config", { value: modelConfig });
    const recording = await openRecording(replayPath, undefined, { modelPath: changed });
    try {
      const replay = await openReplay(recording);
      expect(() => lossAndMetricData(replay)).toThrowError(
        expect.objectContaining({ code: "WEIGHTS_MISMATCH", message: expect.stringMatching(message) }),
      );
    } finally {
      recording.close();
    }
  });

  it("names the model's input shape when the inputs do not fit it", async () => {
    const { replayPath, modelPath } = pythonSource(fixturePath);
    const changed = join(dir, "wide_model.h5");
    await rewrite(modelPath!, changed, "@model_config", {
      value: sequential(dense("hidden", 2, { batch_input_shape: [null, 5] }), dense("output", 1)),
    });
    const recording = await openRecording(replayPath, undefined, { modelPath: changed });
    try {
      await expect(openReplay(recording)).rejects.toMatchObject({
        code: "DATA_MISMATCH",
        message: expect.stringContaining("the model takes [5] per input"),
      });
    } finally {
      recording.close();
    }
  });
});
