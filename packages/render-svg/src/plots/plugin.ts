import type * as Plot from "@observablehq/plot";
import { checkFrame, type FrameKind, type FrameOfKind, type RendererPlugin } from "@deepreplay/frames";
import { svgMarkup } from "./dom.js";
import { drawFrame } from "./figure.js";
import type { PanelOptions } from "./panel.js";

/**
 * An "svg" plugin that draws with Observable Plot: besides the whole frame as SVG markup, it gives
 * the Plot options of each of the frame's panels, so that a figure places each on its own cells.
 */
export interface SvgPlugin<K extends FrameKind = FrameKind> extends RendererPlugin<K, string> {
  /** The Plot options of the frame's panels, one per panel it draws (`panelCount`). */
  panels(frame: FrameOfKind<K>, options: PanelOptions): Plot.PlotOptions[];
}

export function isSvgPlugin(plugin: RendererPlugin): plugin is SvgPlugin {
  return typeof (plugin as Partial<SvgPlugin>).panels === "function";
}

/** The plugin of render-svg for `kinds`, drawing their frames' panels with `panels`; frames are checked first. */
export function svgPlugin<K extends FrameKind>(
  kinds: readonly K[],
  panels: (frame: FrameOfKind<K>, options: PanelOptions) => Plot.PlotOptions[],
): SvgPlugin<K> {
  const plugin: SvgPlugin<K> = {
    name: `@deepreplay/render-svg:${kinds.join("+")}`,
    format: "svg",
    kinds,
    panels(frame, options) {
      checkFrame(frame);
      return panels(frame, options);
    },
    render: (frame, options) =>
      svgMarkup((document) => drawFrame(frame, options ?? {}, document, plugin as unknown as SvgPlugin)),
  };
  return plugin;
}
