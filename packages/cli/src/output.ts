import { accessSync, constants, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { DeepReplayError, type Figure, type Frame, type RenderOptions } from "@deepreplay/frames";
import type { RenderingThreads } from "@deepreplay/render-png";
import { usageError } from "./errors.js";

/** A frame, or several frames of one epoch composed into one figure. */
export type Drawable = Frame | Figure;

/** What a command asks to be written: one drawable per epoch, read lazily, in order. */
export interface OutputJob {
  readonly drawables: Iterable<Drawable> | AsyncIterable<Drawable>;
  /** How many drawables there are, for progress. */
  readonly count: number;
  readonly render: RenderOptions;
  /** Animations: frames per second (default 5, the original's). */
  readonly fps?: number;
  /** Animations: rendering threads started beforehand (see OutputFormat.startThreads); default: the animation's own, one per core. */
  readonly renderingThreads?: RenderingThreads;
  readonly onProgress?: (done: number) => void;
}

export interface Written {
  readonly path: string;
  readonly frames: number;
}

/**
 * An output format, chosen by the extension of --out. A still format takes exactly one drawable
 * (plot); an animated one takes a sequence (animate). New formats register here.
 */
export interface OutputFormat {
  readonly extension: string;
  readonly animated: boolean;
  /**
   * Starts the rendering threads writing will draw on, so that they start up while the recording
   * opens and the first frames are computed; absent for formats drawn on this thread.
   */
  startThreads?(): Promise<RenderingThreads>;
  write(path: string, job: OutputJob): Promise<Written>;
}

const formats = new Map<string, OutputFormat>();

/** Adds an output format (the last registration of an extension wins); returns its removal. */
export function registerOutputFormat(format: OutputFormat): () => void {
  const previous = formats.get(format.extension);
  formats.set(format.extension, format);
  return () => {
    if (formats.get(format.extension) !== format) return;
    if (previous) formats.set(format.extension, previous);
    else formats.delete(format.extension);
  };
}

export function outputFormats({ animated }: { animated: boolean }): string[] {
  return [...formats.values()].filter((f) => f.animated === animated).map((f) => `.${f.extension}`);
}

/** The format --out asks for, or a usage error naming the ones the command can write. */
export function outputFormat(path: string, { animated }: { animated: boolean }): OutputFormat {
  const format = formats.get(extname(path).slice(1).toLowerCase());
  if (!format || format.animated !== animated) {
    throw usageError(`Cannot write "${path}" here.`, `--out must end in ${outputFormats({ animated }).join(", ")}.`);
  }
  return format;
}

/** Refuses, before any work, an output in a folder that is missing or not writable, or that is a folder. */
export function checkOutputPath(path: string): void {
  const target = resolve(path);
  const refuse = (why: string) => {
    throw new DeepReplayError("PATH_NOT_WRITABLE", `Cannot write "${target}": ${why}.`, {
      hint: "Choose a file path in an existing folder you can write to.",
    });
  };
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) refuse("it is a folder");
  if (!statSync(dirname(target), { throwIfNoEntry: false })?.isDirectory())
    refuse(`the folder ${dirname(target)} does not exist`);
  try {
    accessSync(dirname(target), constants.W_OK);
  } catch {
    refuse("the folder is not writable");
  }
}

/** Writes a plot or an animation to `path`, dispatched by its extension: the one way out of a command. */
export function writeOutput(path: string, job: OutputJob, { animated }: { animated: boolean }): Promise<Written> {
  return outputFormat(path, { animated }).write(path, job);
}

async function only(drawables: OutputJob["drawables"]): Promise<Drawable> {
  const items: Drawable[] = [];
  for await (const item of drawables) items.push(item);
  if (items.length !== 1) throw new Error(`A still image takes one drawable, got ${items.length}.`);
  return items[0];
}

function still(
  extension: string,
  draw: (item: Drawable, render: RenderOptions) => Promise<string | Uint8Array>,
): OutputFormat {
  return {
    extension,
    animated: false,
    async write(path, job) {
      await writeFile(path, await draw(await only(job.drawables), job.render));
      job.onProgress?.(1);
      return { path: resolve(path), frames: 1 };
    },
  };
}

function animation(extension: string): OutputFormat {
  return {
    extension,
    animated: true,
    // The animations entry: this thread hands frames over and never loads the renderers itself.
    async startThreads() {
      const { startRenderingThreads } = await import("@deepreplay/render-png/animations");
      return startRenderingThreads();
    },
    async write(path, { drawables, count, render, fps, renderingThreads, onProgress }) {
      const { animate } = await import("@deepreplay/render-png/animations");
      const result = await animate(drawables, {
        ...render,
        out: path,
        fps,
        renderingThreads,
        total: count,
        onProgress: (done) => onProgress?.(done),
      });
      return { path: result.path, frames: result.frames };
    },
  };
}

registerOutputFormat(
  still("svg", async (item, render) => {
    // Each frame by the "svg" plugin registered for its kind, as PNG, GIF and MP4 draw it.
    const { renderSvg, renderFigureSvg } = await import("@deepreplay/render-svg");
    return "panels" in item ? renderFigureSvg(item, render) : renderSvg(item, render);
  }),
);
registerOutputFormat(
  still("png", async (item, render) => {
    const { renderPng } = await import("@deepreplay/render-png");
    return renderPng(item, render);
  }),
);
registerOutputFormat(animation("gif"));
registerOutputFormat(animation("mp4"));
registerOutputFormat({
  extension: "html",
  animated: true,
  async write(path, { drawables, render, fps, onProgress }) {
    const { writeReplayHtml } = await import("@deepreplay/render-html");
    // A single kind's title prefixes its panel, as in the SVG; a figure carries its own heading.
    const written = await writeReplayHtml(drawables, {
      out: path,
      fps,
      panelTitles: render.title === undefined ? undefined : [render.title],
      width: render.width,
      height: render.height,
      onProgress,
    });
    return { path: written.path, frames: written.epochs.length };
  },
});
