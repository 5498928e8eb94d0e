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
export * from "./animations.js";

registerPngRenderers(renderers, { replace: false });
