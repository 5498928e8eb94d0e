import * as Plot from "@observablehq/plot";
import { framePanels } from "@deepreplay/render-svg/plots";
import type { PanelFrame } from "./protocol.js";

/** One panel of one epoch as drawn: its Plot SVGs (two for a binary probability histogram), kept for hovering. */
export interface Drawing {
  readonly element: HTMLElement;
  readonly plots: readonly (Plot.Plot & Element)[];
  readonly panelFrame: PanelFrame;
}

/** Smaller than the renderer's default panels, so the Part 1 figure fits a laptop screen. */
export const defaults = { width: 360, height: 300 };

/**
 * Draws a frame's panels with the renderer's own Plot options (the pictures `deepreplay plot`
 * makes), each its own <svg>, so that its scales stay at hand to read values under the pointer.
 */
export function drawPanelFrame(panelFrame: PanelFrame, options: Partial<typeof defaults> = {}): Drawing {
  const { width, height } = { ...defaults, ...options };
  const { frame } = panelFrame;
  const element = document.createElement("div");
  element.className = "plots";
  const plots = framePanels(frame, { width, height, epochInTitle: true }).map((panel) => {
    const plot = Plot.plot({ ...panel, document }) as Plot.Plot & Element;
    plot.setAttribute("font-family", "DejaVu Sans, sans-serif");
    element.append(plot);
    return plot;
  });
  return { element, plots, panelFrame };
}
