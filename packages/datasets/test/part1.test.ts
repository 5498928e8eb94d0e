import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRecording } from "@deepreplay/recorder";
import { describe, expect, it } from "vitest";
import { trainPart1 } from "@deepreplay/datasets/part1";

async function weightsOf(path: string, epochs: number): Promise<number[][]> {
  const recording = await openRecording(path, "part1");
  try {
    return Array.from({ length: epochs + 1 }, (_, epoch) =>
      recording
        .weights(epoch)
        .flat()
        .flatMap((w) => Array.from(w.data)),
    );
  } finally {
    recording.close();
  }
}

describe("the demo's Part 1 training", () => {
  it("is reproducible: two runs record the same weights at every epoch, and training moves them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "deepreplay-part1-"));
    const runs = [join(dir, "a.h5"), join(dir, "b.h5")];
    for (const path of runs) await trainPart1({ path, group: "part1", epochs: 2, activation: "relu" });
    const [a, b] = await Promise.all(runs.map((path) => weightsOf(path, 2)));
    expect(a).toEqual(b);
    // hidden kernel (4) + bias (2), output kernel (2) + bias (1); biases start at zero.
    expect(a[0]).toHaveLength(9);
    expect(a[0].slice(4, 6)).toEqual([0, 0]);
    expect(a[2]).not.toEqual(a[0]);
  });
});
