/**
 * @deepreplay/render-svg: Deep Replay frames drawn as SVG with Observable Plot, one plugin per
 * frame kind (format "svg"), registered in @deepreplay/frames' shared registry on import for
 * every kind that has no "svg" plugin yet.
 * The drawing code itself is browser-safe and exported from "@deepreplay/render-svg/plots".
 */
import { renderers } from "@deepreplay/frames";
import { nodeDocument, serializeSvg } from "./node/document.js";
import { registerSvgRenderers, useSvgDom } from "./plots/index.js";

export { renderSvg, renderFigureSvg } from "./render.js";
export * from "./plots/index.js";
/** What a rendering thread of @deepreplay/render-png runs once after importing this plugin module, before its first frame. */
export { prepareDocument as prepare } from "./node/document.js";

useSvgDom({ document: nodeDocument, serialize: serializeSvg });
registerSvgRenderers(renderers, { replace: false });
