/**
 * @deepreplay/render-png: Deep Replay frames and figures as PNG (resvg, with the shipped DejaVu Sans)
 * and as GIF or MP4 animations drawn on worker threads. Importing it registers the SVG renderers
 * of @deepreplay/render-svg and a "png" renderer for every kind they draw.
 */
import { renderers } from "@deepreplay/frames";
import { registerPngRenderers } from "./plugins.js";

export { svgToPng, svgToRaster, MAX_SIDE, type RasterizeOptions, type Raster } from "./rasterize.js";
export { renderPng, registerPngRenderers, type PngRenderOptions } from "./plugins.js";
export { FONT_FAMILY, FONT_FILES } from "./fonts.js";
export { animate, type AnimateOptions, type AnimationResult } from "./animate.js";
export {
  startRenderingThreads,
  DEFAULT_PLUGINS,
  type RenderingThreads,
  type RenderingThreadsOptions,
} from "./threads.js";
export { ANIMATION_FORMATS, type AnimationFormat } from "./output.js";
export { isFigure, type Drawable } from "./svg.js";
export type { StageTimes } from "./encode-frame.js";

registerPngRenderers(renderers, { replace: false });
