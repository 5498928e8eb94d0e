import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gifInfo, pngSize } from "../../tools/testing/images.js";
import { main } from "./main.js";

describe("example: circles", () => {
  it("replays the decision boundary exactly as the trained model decides", async () => {
    const out = mkdtempSync(join(tmpdir(), "example-circles-"));
    const { accuracy, agreement } = await main({ out, epochs: 3 });
    expect(agreement).toBe(1);
    expect(accuracy).toHaveLength(4);
    expect(gifInfo(join(out, "decision_boundary.gif")).frames).toBe(4);
    expect(pngSize(join(out, "decision_boundary.png"))).toEqual({ width: 600, height: 600 });
  });
});
