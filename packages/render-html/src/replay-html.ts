/**
 * The package's work: frames in, one self-contained interactive HTML replay out. Frames are
 * encoded as they arrive (see encode.ts), so a lazy sequence is never held whole; the page draws
 * them with the same Observable Plot code as the SVG renderer.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import {
  DeepReplayError,
  figureLayout,
  integerOption,
  invalidOption,
  numberOption,
  sizeOption,
  type Figure,
  type Frame,
  type FrameKind,
  type LayoutSpec,
} from "@deepreplay/frames";
import { contourRegions, figureSize, FONT_FAMILY } from "@deepreplay/render-svg/plots";
import { PayloadEncoder } from "./encode.js";
import { checkedFigures, type ReplayInput } from "./figures.js";
import { FORMAT_VERSION, type BlobRef, type FontFaceRef, type ReplayManifest } from "./format.js";
import { replayPage } from "./html.js";
import { pageScript } from "./page-script.js";

export interface ReplayHtmlOptions {
  /** The figure's title: its heading reads "TITLE - Epoch N". Default: the first figure's title, else none. */
  title?: string;
  /** Epochs per second when playing at speed 1 (the page offers 0.25× to 4×). Default 5, as the original's part1.mp4. */
  fps?: number;
  /** Where each drawn panel goes, as data or a mosaic such as "aabd;aace". Default: the first figure's, else the frames' default layout. */
  layout?: LayoutSpec;
  /** Instead of a layout: this many panels per row, row by row. */
  columns?: number;
  /** Per-panel title prefixes, by panel index. Default: the first figure's. */
  panelTitles?: readonly (string | undefined)[];
  /** Size of the drawn figure in CSS pixels; the page scales it to the window. Default: 480 × 400 per panel. */
  width?: number;
  height?: number;
  /** Called after each epoch is taken in, with the number taken so far. */
  onProgress?: (epochs: number) => void;
}

export interface WriteReplayHtmlOptions extends ReplayHtmlOptions {
  /** The HTML file to write; its folder is created if needed. */
  out: string;
}

export interface ReplayHtmlSummary {
  /** Absolute path of the file written. */
  readonly path: string;
  readonly bytes: number;
  readonly epochs: readonly number[];
  readonly kinds: readonly FrameKind[];
}

export const DEFAULT_FPS = 5;

const require = createRequire(import.meta.url);

/** Plot draws headings bold and everything else regular. */
const FONT_FACES = [
  { weight: "normal", file: "DejaVuSans.ttf" },
  { weight: "bold", file: "DejaVuSans-Bold.ttf" },
] as const;

/** The replay page as a string. */
export async function renderReplayHtml(input: ReplayInput, options: ReplayHtmlOptions = {}): Promise<string> {
  return (await buildPage(input, options)).html;
}

/**
 * Writes the replay page to `options.out`: to a temporary file beside it first, renamed into
 * place only once complete, so a failure never leaves a partial page (nor replaces a good one).
 */
export async function writeReplayHtml(input: ReplayInput, options: WriteReplayHtmlOptions): Promise<ReplayHtmlSummary> {
  if (typeof options?.out !== "string" || options.out === "") {
    throw invalidOption("out", options?.out, "the path of the HTML file to write", 'Pass e.g. { out: "replay.html" }.');
  }
  const { html, manifest } = await buildPage(input, options);
  const path = resolve(options.out);
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, html);
    await rename(temporary, path);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw new DeepReplayError(
      "WRITE_FAILED",
      `Could not write the replay page to ${path}: ${(cause as Error).message}`,
      {
        hint: "Check that the folder is writable and the disk has room.",
        cause,
      },
    );
  }
  return { path, bytes: Buffer.byteLength(html), epochs: manifest.epochs, kinds: manifest.kinds };
}

async function buildPage(
  input: ReplayInput,
  options: ReplayHtmlOptions,
): Promise<{ html: string; manifest: ReplayManifest }> {
  const { fps = DEFAULT_FPS } = options;
  checkOptions(options, fps);
  const encoder = new PayloadEncoder();
  const epochs: number[] = [];
  const frames: unknown[][] = [];
  let first: Figure | undefined;
  for await (const figure of checkedFigures(input)) {
    first ??= figure;
    epochs.push(figure.epoch);
    frames.push(figure.panels.map((frame) => encoder.encode(pageFrame(frame))));
    options.onProgress?.(epochs.length);
  }
  // checkedFigures yields at least one figure or throws.
  const figure = first!;
  const fonts = await Promise.all(
    FONT_FACES.map(async ({ weight, file }): Promise<FontFaceRef> => {
      const data = new Uint8Array(await readFile(require.resolve(`dejavu-fonts-ttf/ttf/${file}`)));
      return { family: FONT_FAMILY, weight, data: encoder.encode(data) as BlobRef };
    }),
  );
  // The options' layout, else the first figure's (or its frames' default); a size too small for it fails here, not in the page.
  const layout = figureLayout(figure.panels, {
    layout: options.layout ?? (options.columns === undefined ? figure.layout : undefined),
    columns: options.columns,
  });
  figureSize(layout, options);
  const { blobs, gzip } = encoder.finish();
  const manifest: ReplayManifest = {
    version: FORMAT_VERSION,
    title: options.title ?? figure.title ?? "",
    fps,
    layout,
    panelTitles: figure.panels.map((_, i) => (options.panelTitles ?? figure.panelTitles)?.[i] ?? null),
    width: options.width,
    height: options.height,
    kinds: figure.panels.map((frame) => frame.kind),
    epochs,
    frames,
    fonts,
    blobs,
  };
  const html = replayPage({ manifest, payload: Buffer.from(gzip).toString("base64"), script: await pageScript() });
  return { html, manifest };
}

/**
 * What the page needs of a frame: all of it but the sampled contour (size² points per epoch,
 * 8 MB at the original's 1000 × 1000). The page fills the vector regions instead: the frame's
 * exact ones, or, when it has none, those render-svg would trace from the contour, traced here.
 */
function pageFrame(frame: Frame): Frame {
  if ((frame.kind !== "feature-space" && frame.kind !== "decision-boundary") || !frame.contour) return frame;
  const { contour, ...rest } = frame;
  const regions = frame.regions.length > 0 ? frame.regions : contourRegions(contour, frame.classes.length);
  return { ...rest, regions } as Frame;
}

function checkOptions(options: ReplayHtmlOptions, fps: number): void {
  numberOption("fps", fps, { above: 0 }, "Pass a positive number of epochs per second, e.g. 5.");
  if (options.title !== undefined && typeof options.title !== "string")
    throw invalidOption("title", options.title, "a string");
  if (options.columns !== undefined) integerOption("columns", options.columns, { min: 1 });
  sizeOption("width", options.width);
  sizeOption("height", options.height);
}
