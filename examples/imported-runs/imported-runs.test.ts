import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gifInfo, pngSize } from "../../tools/testing/images.js";
import { SHARED_FIXTURES, requireSharedFixture } from "../../tools/testing/fixtures.js";
import { main } from "./main.js";

describe("example: imported runs", () => {
  const have = requireSharedFixture("keras3") && requireSharedFixture("pytorch");

  it.runIf(have)(
    "imports the shared Keras 3 and PyTorch runs and draws the Part 1 pictures; the replayed loss and accuracy are each framework's",
    { timeout: 180_000 },
    async () => {
      const out = mkdtempSync(join(tmpdir(), "example-imported-"));
      const { results } = await main({ out, fixtures: SHARED_FIXTURES });
      const folders: Record<string, string> = { keras3: "keras3/keras3-part1-keras", torch: "pytorch/torch-part1" };
      for (const { group, epochs, loss, metric } of results) {
        const expected = JSON.parse(readFileSync(join(SHARED_FIXTURES, folders[group], "expected.json"), "utf8"));
        expect(epochs).toBe(expected.epochs.length - 1);
        expected.loss.forEach((value: number, e: number) => expect(Math.abs(loss[e] - value)).toBeLessThan(1e-4));
        expected.metric.forEach((value: number, e: number) => expect(Math.abs(metric[e] - value)).toBeLessThan(1e-4));
        for (const picture of ["feature_space", "prob_histogram", "loss_histogram", "loss_and_metric"]) {
          expect(pngSize(join(out, `${group}_${picture}.png`))).toEqual({ width: 600, height: 600 });
        }
      }
      expect(gifInfo(join(out, "keras3_feature_space.gif"))).toMatchObject({ width: 600, height: 600, frames: 21 });
    },
  );
});
