import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openRecording } from "@deepreplay/recorder";
import { importRun } from "../src/node.js";
import {
  SHARED_FIXTURES as FIXTURES,
  requireSharedFixture as requireFixtures,
} from "../../../tools/testing/fixtures.js";
import { expectReplayMatches, fixtureRun } from "./helpers/replay.js";

const dir = mkdtempSync(join(tmpdir(), "deepreplay-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("importing the Keras 3 fixture runs", () => {
  const have = requireFixtures("keras3");

  for (const folder of ["keras3/keras3-part1-keras", "keras3/keras3-part1-h5"]) {
    it.runIf(have)(
      `${folder}: every replayed number equals Keras' own within 1e-4; series named as the history names them`,
      async () => {
        const { checkpoints, data, history, expected } = fixtureRun(folder);
        const out = join(dir, `${folder.split("/")[1]}.h5`);
        const run = await importRun({ checkpoints: [...checkpoints].reverse(), data, history, out, group: "part1" });
        expect(run.epochs).toBe(expected.epochs.length - 1);
        expect(run.series).toEqual(["loss", "accuracy", "lr"]);
        await expectReplayMatches(out, "part1", expected);

        const recording = await openRecording(out, "part1");
        try {
          const csv = readFileSync(history.name, "utf8")
            .trim()
            .split("\n")
            .slice(1)
            .map((line) => line.split(","));
          // CSVLogger's row e is after epoch e + 1: recording epoch k holds row k - 1.
          expect(Array.from(recording.series("loss"))).toEqual(csv.map((row) => Math.fround(Number(row[2]))));
          expect(Array.from(recording.series("accuracy"))).toEqual(csv.map((row) => Math.fround(Number(row[1]))));
          expect(Array.from(recording.series("lr"))).toEqual(csv.map(() => Math.fround(0.05000000074505806)));
        } finally {
          recording.close?.();
        }
      },
    );
  }
});

describe("importing the PyTorch fixture run", () => {
  it.runIf(requireFixtures("pytorch"))(
    "torch-part1 through importRun (state_dicts + ONNX + --loss): every replayed number equals PyTorch's within 1e-4",
    async () => {
      const { checkpoints, data, history, expected } = fixtureRun("pytorch/torch-part1");
      const model = {
        name: `${FIXTURES}pytorch/torch-part1/model.onnx`,
        bytes: readFileSync(`${FIXTURES}pytorch/torch-part1/model.onnx`),
      };
      const out = join(dir, "torch.h5");
      const run = await importRun({
        checkpoints,
        data,
        history,
        model,
        loss: "binary_crossentropy",
        out,
        group: "torch",
      });
      expect(run.series).toEqual(["loss", "accuracy", "lr"]);
      await expectReplayMatches(out, "torch", expected);
    },
  );
});
