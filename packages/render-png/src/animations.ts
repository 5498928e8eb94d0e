/**
 * @deepreplay/render-png/animations: animations drawn on rendering threads, for a process that only
 * hands frames over. Unlike the main entry it registers no renderers and loads neither
 * @deepreplay/render-svg (Observable Plot, jsdom) nor resvg on this thread: the threads do.
 */
export { animate, type AnimateOptions, type AnimationResult } from "./animate.js";
export { startRenderingThreads, type RenderingThreads, type RenderingThreadsOptions } from "./threads.js";
export { DEFAULT_PLUGINS } from "./frame-job.js";
export { ANIMATION_FORMATS, type AnimationFormat } from "./output.js";
export { isFigure, type Drawable } from "./drawable.js";
export type { StageTimes } from "./frame-job.js";
