import { FRAME_KINDS, renderers as sharedRegistry, type FrameKind, type RendererPlugin, type RendererRegistry } from "@deepreplay/frames";
import type { SvgRenderOptions } from "./plots/figure.js";
import { renderSvg } from "./render.js";

/** One plugin per frame kind, format "svg", each rendering to an SVG string. */
export const svgRendererPlugins: readonly RendererPlugin<FrameKind, string>[] = FRAME_KINDS.map((kind) => ({
  name: `@deepreplay/render-svg:${kind}`,
  format: "svg",
  kinds: [kind],
  render: (frame, options?: SvgRenderOptions) => renderSvg(frame, options),
}));

/** Registers the SVG plugins (in the shared registry unless told otherwise); returns a function that removes them. */
export function registerSvgRenderers(registry: RendererRegistry = sharedRegistry): () => void {
  const unregister = svgRendererPlugins.map((plugin) => registry.register(plugin));
  return () => unregister.forEach((remove) => remove());
}
