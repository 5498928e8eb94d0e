import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gifInfo, pngSize } from "../../../tools/testing/images.js";
import { deepreplay } from "./run-cli.js";

describe("deepreplay demo", () => {
  it("trains a short Part 1 run and writes every picture of the original README", { timeout: 240_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "deepreplay-demo-"));
    const { code, stdout, stderr } = await deepreplay(["demo", "--epochs", "5", "--activation", "tanh", "--out", out], {
      timeout: 240_000,
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);

    const files = [
      "hyperparms_in_action.h5",
      "part1_model.h5",
      "feature_space_epoch5.png",
      "feature_space_animation.gif",
      "decision_boundary.png",
      "prob_histogram.png",
      "loss_and_metric.png",
      "loss_histogram.png",
      "part1.gif",
      "part1.html",
    ];
    expect(readdirSync(out).sort()).toEqual([...files].sort());
    // The closing list names each file it wrote.
    for (const file of files) expect(stdout).toMatch(new RegExp(`^  ${file.replace(".", "\\.")} +\\d+ KiB$`, "m"));

    expect(pngSize(join(out, "feature_space_epoch5.png"))).toEqual({ width: 600, height: 600 });
    expect(pngSize(join(out, "decision_boundary.png"))).toEqual({ width: 600, height: 600 });
    expect(pngSize(join(out, "prob_histogram.png"))).toEqual({ width: 960, height: 400 });
    expect(pngSize(join(out, "loss_and_metric.png"))).toEqual({ width: 480, height: 400 });
    expect(pngSize(join(out, "loss_histogram.png"))).toEqual({ width: 480, height: 400 });
    // Epochs 0 (initial weights) to 5: six frames, 200 ms each (the original's fps 5).
    expect(gifInfo(join(out, "feature_space_animation.gif"))).toMatchObject({
      width: 480,
      height: 480,
      frames: 6,
      delays: [20, 20, 20, 20, 20, 20],
    });
    expect(gifInfo(join(out, "part1.gif"))).toMatchObject({ width: 1200, height: 700, frames: 6 });
    // The interactive page: self-contained (no external script, style or font), titled like the GIF.
    const page = readFileSync(join(out, "part1.html"), "utf8");
    expect(page).toContain("Activation: tanh");
    expect(page).not.toMatch(/<(script|link)[^>]+(src|href)=["']?(https?:)?\/\//i);

    // The recording holds the run: group part1, 5 epochs, the tanh hidden layer.
    const inspect = await deepreplay(["inspect", join(out, "hyperparms_in_action.h5"), "--json"]);
    const [group] = JSON.parse(inspect.stdout).groups;
    expect(group).toMatchObject({
      group: "part1",
      samples: 2000,
      batchSize: 16,
      epochs: { recorded: 5, completed: 5 },
      metrics: ["acc"],
    });
    expect(group.layers.map((l: { name: string; activation: string }) => [l.name, l.activation])).toEqual([
      ["hidden", "tanh"],
      ["output", "sigmoid"],
    ]);
  });
});
