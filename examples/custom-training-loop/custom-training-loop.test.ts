import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pngSize } from "../../tools/testing/images.js";
import { main } from "./main.js";

describe("example: a custom tfjs-core loop recorded with the Recorder", () => {
  it("replays, epoch by epoch, the loss the loop itself computes over all inputs", async () => {
    const out = mkdtempSync(join(tmpdir(), "example-loop-"));
    const { ownLoss, replayedLoss, recordedLoss } = await main({ out, epochs: 4 });
    expect(replayedLoss).toHaveLength(5);
    replayedLoss.forEach((loss, epoch) => expect(loss).toBeCloseTo(ownLoss[epoch], 5));
    // The recorded series is the loop's per-epoch average over batches: one value per epoch, all finite.
    expect(recordedLoss).toHaveLength(4);
    expect(recordedLoss.every(Number.isFinite)).toBe(true);
    expect(pngSize(join(out, "custom_loop.png"))).toEqual({ width: 960, height: 440 });
  });
});
