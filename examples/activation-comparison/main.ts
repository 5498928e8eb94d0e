/**
 * Sigmoid, tanh and ReLU side by side (the original's examples/comparison_activation_functions.py):
 * the Part 1 model trained three times into three groups of one file, and their feature spaces
 * composed into one figure per epoch.
 *
 *   node --conditions=@deepreplay/source --import tsx examples/activation-comparison/main.ts [OUT]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { trainPart1, type Part1Activation } from "@deepreplay/datasets/part1";
import { featureSpaceFrames, openReplay, type Replay } from "@deepreplay/core";
import { composeFigures, type Figure, type SpaceFrame } from "@deepreplay/frames";
import { openRecording } from "@deepreplay/recorder";
import { animate, renderPng } from "@deepreplay/render-png";

const ACTIVATIONS: readonly Part1Activation[] = ["sigmoid", "tanh", "relu"];

export async function main({
  out = "deepreplay-examples/comparison",
  epochs = 150,
  epoch = 80,
}: {
  out?: string;
  epochs?: number;
  epoch?: number;
} = {}) {
  mkdirSync(out, { recursive: true });
  const file = join(out, "comparison_activation_functions.h5");
  rmSync(file, { force: true });
  // The demo's model (seeded, reproducible), once per activation, each into its own group.
  for (const activation of ACTIVATIONS) await trainPart1({ path: file, group: activation, epochs, activation });

  const replays: Replay[] = [];
  for (const activation of ACTIVATIONS) replays.push(await openReplay(await openRecording(file, activation)));
  const still = Math.min(epoch, epochs);
  const spaces = replays.map((replay) => featureSpaceFrames(replay, { layer: "hidden", contourPoints: 0 }));
  const figures = composeFigures(spaces, { title: "Activation functions", columns: 3, panelTitles: ACTIVATIONS });

  // Track how far each activation bends its inputs, over every epoch, while animating.
  const ranges = Object.fromEntries(ACTIVATIONS.map((a) => [a, { min: Infinity, max: -Infinity }]));
  let stillFigure: Figure | undefined;
  function* observed() {
    for (const figure of figures) {
      (figure.panels as SpaceFrame[]).forEach((panel, i) => {
        const range = ranges[ACTIVATIONS[i]];
        for (const v of panel.inputs.points) [range.min, range.max] = [Math.min(range.min, v), Math.max(range.max, v)];
      });
      if (figure.epoch === still) stillFigure = figure;
      yield figure;
    }
  }
  const size = { width: 1440, height: 520 };
  await animate(observed(), { out: join(out, "comparison.gif"), fps: 5, ...size });
  writeFileSync(join(out, "comparison.png"), renderPng(stillFigure!, size));
  for (const replay of replays) replay.close();
  return { file, ranges };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { ranges } = await main({ out: process.argv[2] });
  for (const [activation, { min, max }] of Object.entries(ranges))
    console.log(`${activation}: hidden outputs in [${min.toFixed(3)}, ${max.toFixed(3)}]`);
}
