import { mkdir, rm, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import type { Replay } from "@deepreplay/core";
import { trainPart1 } from "@deepreplay/datasets/part1";
import { DeepReplayError } from "@deepreplay/frames";
import type { DemoFlags } from "../commands/demo.js";
import type { ReplayFlags } from "../flags/shared.js";
import type { CommandContext } from "../program.js";
import type { Kind } from "../replay/kind-names.js";
import { withReplay } from "../replay/open.js";
import { drawPicture, frameCount, type Picture } from "./draw.js";

/** The post's file and group names. */
export const DEMO_REPLAY_FILE = "hyperparms_in_action.h5";
export const DEMO_GROUP = "part1";
const DEMO_MODEL_FILE = `${DEMO_GROUP}_model.h5`;

/** As the original: the feature space of layer "hidden" on the default grid, axes fixed over the run. */
const DEMO_FLAGS: ReplayFlags = {
  layer: "hidden",
  scaleFixed: true,
  displayGrid: true,
  includeInputs: true,
  excludeOutputs: true,
};

const PART1_KINDS: readonly Kind[] = ["feature-space", "probability-histogram", "loss-and-metric", "loss-histogram"];

/**
 * The original README's pictures. Stills show the last epoch, except the feature space at epoch 60
 * (or the last, in a shorter run); the animations run over every epoch.
 */
export function demoPictures(out: string, lastEpoch: number, activation: string): Picture[] {
  const all = { epochStart: 0, epochEnd: lastEpoch };
  const at = (epoch: number) => ({ epochStart: epoch, epochEnd: epoch });
  const epoch60 = Math.min(60, lastEpoch);
  const part1 = {
    kinds: PART1_KINDS,
    range: all,
    animated: true,
    title: `Activation: ${activation}`,
    width: 1200,
    height: 700,
  };
  const still = (file: string, kind: Kind, epoch = lastEpoch, size = {}): Picture => ({
    out: join(out, file),
    kinds: [kind],
    range: at(epoch),
    animated: false,
    ...size,
  });
  return [
    still(`feature_space_epoch${epoch60}.png`, "feature-space", epoch60, { width: 600, height: 600 }),
    {
      out: join(out, "feature_space_animation.gif"),
      kinds: ["feature-space"],
      range: all,
      animated: true,
      width: 480,
      height: 480,
    },
    still("decision_boundary.png", "decision-boundary", lastEpoch, { width: 600, height: 600 }),
    still("prob_histogram.png", "probability-histogram"),
    still("loss_and_metric.png", "loss-and-metric"),
    still("loss_histogram.png", "loss-histogram"),
    { ...part1, out: join(out, "part1.gif") },
    // Beyond the original: the same four panels as an interactive page.
    { ...part1, out: join(out, "part1.html") },
  ];
}

/** Trains the Part 1 model into DIR/hyperparms_in_action.h5 (group part1), then draws the pictures. */
export async function demo(context: CommandContext, { out, epochs, activation }: DemoFlags): Promise<void> {
  await mkdir(out, { recursive: true }).catch((cause: NodeJS.ErrnoException) => {
    throw new DeepReplayError(
      "PATH_NOT_WRITABLE",
      `Cannot create the folder "${out}" (${cause.code ?? cause.message}).`,
      {
        hint: "Pass --out a folder you can write to.",
        cause,
      },
    );
  });
  const replayPath = join(out, DEMO_REPLAY_FILE);
  const pictures = demoPictures(out, epochs, activation);
  const files = [replayPath, join(out, DEMO_MODEL_FILE), ...pictures.map((p) => p.out)];
  // The demo owns these files: a second run replaces them instead of refusing the existing group.
  await Promise.all(files.map((path) => rm(path, { force: true })));

  // One set of rendering threads for both animations, all started up while the model trains.
  const { startRenderingThreads } = await import("@deepreplay/render-png/animations");
  const threads = availableParallelism();
  const renderingThreads = startRenderingThreads({ threads, startNow: threads });
  const progress = context.progress();
  try {
    const trained = progress.bar("training", epochs);
    await trainPart1({
      path: replayPath,
      group: DEMO_GROUP,
      epochs,
      activation,
      onEpochEnd: () => trained.increment(),
    });
    const frames = pictures.reduce((n, picture) => n + frameCount(picture), 0);
    const bars = { replayed: progress.bar("replay", frames), rendered: progress.bar("render", frames) };
    await withReplay(replayPath, { group: DEMO_GROUP }, async (replay: Replay) => {
      const [stills, animations] = [pictures.filter((p) => !p.animated), pictures.filter((p) => p.animated)];
      for (const picture of stills) await drawPicture(replay, picture, DEMO_FLAGS, bars);
      // The animations side by side on the same threads, while this thread replays for both.
      await Promise.all(
        animations.map((picture) => drawPicture(replay, { ...picture, renderingThreads }, DEMO_FLAGS, bars)),
      );
    });
  } finally {
    progress.stop();
    await renderingThreads.close();
  }
  context.report(`wrote into ${out}:`);
  for (const path of files) {
    const { size } = await stat(path);
    context.report(`  ${relative(out, path).padEnd(32)} ${(size / 1024).toFixed(0).padStart(6)} KiB`);
  }
}
