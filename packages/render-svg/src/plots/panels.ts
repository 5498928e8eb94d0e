import type * as Plot from "@observablehq/plot";
import { checkFrame, type Frame } from "@deepreplay/frames";
import type { PanelOptions } from "./panel.js";
import { builtInSvgPlugin } from "./plugins.js";

/** The Plot options of a frame's panels as render-svg draws them: one, or one per class for probability histograms. */
export function framePanels(frame: Frame, options: PanelOptions): Plot.PlotOptions[] {
  const plugin = builtInSvgPlugin(frame?.kind);
  // Every kind has a plugin: one missing is no frame, and checkFrame says so.
  if (!plugin) checkFrame(frame);
  return plugin!.panels(frame as never, options);
}
