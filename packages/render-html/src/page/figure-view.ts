/**
 * Draws one epoch's figure into the page with render-svg's browser-safe plots: the frames of
 * that epoch are expanded from the payload, composed under "TITLE - Epoch N" and swapped in.
 */
import type { Figure, Frame } from "@deepreplay/frames";
import { drawFigure } from "@deepreplay/render-svg/plots";
import type { FrameDecoder } from "../decode.js";
import type { ReplayManifest } from "../format.js";

export function figureDrawer(
  container: HTMLElement,
  manifest: ReplayManifest,
  decoder: FrameDecoder,
): (index: number) => Promise<void> {
  return async (index) => {
    // Let the browser paint the controls first; during a drag only the latest epoch is drawn.
    await new Promise(requestAnimationFrame);
    const figure: Figure = {
      title: manifest.title,
      epoch: manifest.epochs[index],
      panels: manifest.kinds.map((_, panel) => decoder.frame(index, panel) as Frame),
      layout: manifest.layout,
      panelTitles: manifest.panelTitles.map((title) => title ?? undefined),
    };
    const svg = drawFigure(figure, { width: manifest.width, height: manifest.height }, document);
    container.replaceChildren(svg);
    // For people's tools and tests: the epoch on screen.
    container.dataset.epoch = String(figure.epoch);
  };
}
