/**
 * @deepreplay/render-html: Deep Replay frames as one self-contained interactive HTML page that
 * opens offline in any current browser: play/pause, an epoch slider, step buttons and arrow keys,
 * and a speed control, with every panel of the figure updating together.
 */
export {
  renderReplayHtml,
  writeReplayHtml,
  DEFAULT_FPS,
  type ReplayHtmlOptions,
  type WriteReplayHtmlOptions,
  type ReplayHtmlSummary,
} from "./replay-html.js";
export type { ReplayInput, FrameSequence, FigureSequence } from "./figures.js";
