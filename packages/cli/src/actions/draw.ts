import type { EpochRange, Replay } from "@deepreplay/core";
import type { RenderingThreads } from "@deepreplay/render-png";
import type { DrawFlags } from "../commands/draw.js";
import type { ReplayFlags } from "../flags/shared.js";
import { writeOutput, type Written } from "../output.js";
import type { CommandContext } from "../program.js";
import { counted, type ProgressBar } from "../progress.js";
import type { Kind } from "../replay/kind-names.js";
import { epochRange, singleEpoch, withReplay } from "../replay/open.js";
import { drawables } from "../replay/scenes.js";

/** One picture to write: a still (one epoch) or an animation (a range), of one kind or a composed figure. */
export interface Picture {
  out: string;
  kinds: readonly Kind[];
  range: Required<EpochRange>;
  animated: boolean;
  /** Panel title prefix (one kind) or figure title (several). */
  title?: string;
  /** A figure's layout: a mosaic such as "aabd;aace", or a number of panels per row. */
  layout?: string;
  columns?: number;
  width?: number;
  height?: number;
  fps?: number;
  /** Rendering threads of an animation, started beforehand (default: its own, one per core). */
  renderingThreads?: RenderingThreads;
}

/** Bars a picture ticks: one per replayed epoch, one per rendered frame. */
export interface PictureBars {
  replayed: ProgressBar;
  rendered: ProgressBar;
}

/** Frames a picture has. */
export const frameCount = ({ range }: Pick<Picture, "range">): number => range.epochEnd - range.epochStart + 1;

/** Replays what a picture shows, epoch by epoch, and writes it. */
export async function drawPicture(
  replay: Replay,
  picture: Picture,
  flags: ReplayFlags,
  bars: PictureBars,
): Promise<Written> {
  const { kinds, range, animated, title } = picture;
  const count = frameCount(picture);
  // One kind is drawn as its frame alone, unless a layout asks for a figure (e.g. a probability histogram's panels stacked).
  const single = kinds.length === 1 && picture.layout === undefined && picture.columns === undefined;
  const frames = drawables(
    replay,
    kinds,
    flags,
    range,
    single ? undefined : { title, layout: picture.layout, columns: picture.columns },
  );
  return writeOutput(
    picture.out,
    {
      drawables: counted(frames, bars.replayed),
      count,
      render: {
        width: picture.width,
        height: picture.height,
        title: single ? title : undefined,
      },
      fps: picture.fps,
      renderingThreads: picture.renderingThreads,
      onProgress: () => bars.rendered.increment(),
    },
    { animated },
  );
}

/** plot (one epoch, still output) and animate (a range, animated output, on the rendering threads given). */
export async function draw(
  context: CommandContext,
  file: string,
  kinds: Kind[],
  flags: DrawFlags,
  { animated, renderingThreads }: { animated: boolean; renderingThreads?: RenderingThreads },
): Promise<void> {
  const written = await withReplay(file, flags, async (replay) => {
    const range = animated ? epochRange(replay, flags.epochs) : singleEpoch(replay, flags.epoch);
    const picture: Picture = { ...flags, kinds, range, animated, renderingThreads };
    const progress = context.progress();
    try {
      const bars = {
        replayed: progress.bar("replay", frameCount(picture)),
        rendered: progress.bar("render", frameCount(picture)),
      };
      return await drawPicture(replay, picture, flags, bars);
    } finally {
      progress.stop();
    }
  });
  context.report(`wrote ${written.path} (${written.frames} frame${written.frames === 1 ? "" : "s"})`);
}
