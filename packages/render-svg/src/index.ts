/**
 * @deepreplay/render-svg: Deep Replay frames drawn as SVG with Observable Plot, one plugin per
 * frame kind, registered in @deepreplay/frames' shared registry on import (format "svg").
 * The drawing code itself is browser-safe and exported from "@deepreplay/render-svg/plots".
 */
import { registerSvgRenderers } from "./plugins.js";

export { renderSvg, renderFigureSvg } from "./render.js";
export { registerSvgRenderers, svgRendererPlugins } from "./plugins.js";
export * from "./plots/index.js";

registerSvgRenderers();
