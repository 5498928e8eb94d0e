import type * as Plot from "@observablehq/plot";
import type { Frame } from "@deepreplay/frames";
import { layerViolinsPanels } from "./layer-violins.js";
import { lossAndMetricPanels } from "./loss-and-metric.js";
import { lossHistogramPanels } from "./loss-histogram.js";
import { lossLandscapePanels } from "./loss-landscape.js";
import type { PanelOptions } from "./panel.js";
import { probabilityHistogramPanels } from "./probability-histogram.js";
import { spacePanels } from "./space.js";
import { checkFrame } from "./validate.js";

/** The Plot options of a frame's panels: one, or one per class for probability histograms. */
export function framePanels(frame: Frame, options: PanelOptions): Plot.PlotOptions[] {
  checkFrame(frame);
  switch (frame.kind) {
    case "feature-space":
    case "decision-boundary":
      return spacePanels(frame, options);
    case "probability-histogram":
      return probabilityHistogramPanels(frame, options);
    case "loss-histogram":
      return lossHistogramPanels(frame, options);
    case "loss-and-metric":
      return lossAndMetricPanels(frame, options);
    case "layer-violins":
      return layerViolinsPanels(frame, options);
    case "loss-landscape":
      return lossLandscapePanels(frame, options);
  }
}
