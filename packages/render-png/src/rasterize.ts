import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";
import { DeepReplayError, numberOption, sizeOption } from "@deepreplay/frames";
import { resvgFontOptions } from "./fonts.js";

export interface RasterizeOptions {
  /** Output width in pixels; the height follows the SVG's aspect ratio. Exclusive with `scale`. */
  width?: number;
  /** Pixels per SVG unit (2 for a high-density image). Exclusive with `width`. */
  scale?: number;
  /** Any CSS colour painted under the drawing; "transparent" keeps the alpha. */
  background?: string;
}

/** Without a width: one pixel per SVG unit, on white. */
const defaults = { scale: 1, background: "white" } as const;

/** RGBA pixels, row-major, 4 bytes per pixel, not premultiplied. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/** Larger images are refused up front rather than left to fail inside resvg's allocator. */
export const MAX_SIDE = 16_384;

/** Renders an SVG document to PNG bytes. Same SVG and options in, same bytes out, on any machine. */
export function svgToPng(svg: string, options: RasterizeOptions = {}): Uint8Array {
  return render(svg, options).asPng();
}

/** Renders an SVG document to raw RGBA pixels (what encoders of animations consume). */
export function svgToRaster(svg: string, options: RasterizeOptions = {}): Raster {
  const image = render(svg, options);
  return { width: image.width, height: image.height, pixels: ownPixels(image.pixels) };
}

function render(svg: string, options: RasterizeOptions) {
  const { width, scale = defaults.scale, background = defaults.background } = checked(options);
  const resvg = parse(svg, {
    background,
    fitTo: width !== undefined ? { mode: "width", value: width } : { mode: "zoom", value: scale },
    font: resvgFontOptions(svg),
    logLevel: "off",
  });
  const factor = width !== undefined ? width / resvg.width : scale;
  const [pixelsWide, pixelsHigh] = [Math.round(resvg.width * factor), Math.round(resvg.height * factor)];
  if (pixelsWide < 1 || pixelsHigh < 1 || pixelsWide > MAX_SIDE || pixelsHigh > MAX_SIDE) {
    throw new DeepReplayError("INVALID_OPTION", `The image would be ${pixelsWide}×${pixelsHigh} pixels.`, {
      hint: `Choose a width or scale that gives 1 to ${MAX_SIDE} pixels per side.`,
    });
  }
  return draw(resvg, background);
}

/** The options as given, once width and scale are checked (each in range, not both). */
function checked(options: RasterizeOptions): RasterizeOptions {
  const { width, scale } = options;
  if (width !== undefined && scale !== undefined) {
    throw new DeepReplayError("INVALID_OPTION", "Both width and scale were given for a PNG.", {
      hint: "Pass either width (pixels) or scale (pixels per SVG unit), not both.",
    });
  }
  sizeOption("width", width, { integer: true });
  if (scale !== undefined)
    numberOption("scale", scale, { above: 0 }, "Pass e.g. { scale: 2 } for a high-density image.");
  return options;
}

function parse(svg: string, options: ResvgRenderOptions): Resvg {
  try {
    return new Resvg(svg, options);
  } catch (cause) {
    throw new DeepReplayError("INVALID_SVG", `resvg could not read the SVG: ${(cause as Error).message}`, {
      hint: "Pass a complete SVG document with width and height (or a viewBox).",
      cause,
    });
  }
}

function draw(resvg: Resvg, background: string) {
  try {
    return resvg.render();
  } catch (cause) {
    // resvg reads the background only now, and names no culprit: a 1×1 drawing tells.
    if (!isColour(background)) {
      throw new DeepReplayError("INVALID_OPTION", `"${background}" is not a CSS colour.`, {
        hint: 'Pass a background like "white", "#f8f8f8", "rgba(0,0,0,0.5)" or "transparent".',
        cause,
      });
    }
    throw new DeepReplayError("RENDER_FAILED", `resvg could not draw the SVG: ${(cause as Error).message}`, { cause });
  }
}

function isColour(background: string): boolean {
  try {
    new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', { background }).render();
    return true;
  } catch {
    return false;
  }
}

/** A pixel buffer that owns its memory, so it can be transferred to another thread as a whole. */
function ownPixels(pixels: Uint8Array): Uint8Array {
  return pixels.byteOffset === 0 && pixels.byteLength === pixels.buffer.byteLength ? pixels : pixels.slice();
}
