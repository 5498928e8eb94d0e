export { svgToPng, svgToRaster, MAX_SIDE, type RasterizeOptions, type Raster } from "./rasterize.js";
export { FONT_FAMILY, FONT_FILES } from "./fonts.js";
export { animate, DEFAULT_PLUGINS, type AnimateOptions, type AnimationResult } from "./animate.js";
export { ANIMATION_FORMATS, type AnimationFormat } from "./output.js";
export type { StageTimes } from "./encode-frame.js";
