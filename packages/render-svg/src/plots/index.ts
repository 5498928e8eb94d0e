/**
 * The browser-safe half of @deepreplay/render-svg: frames to Observable Plot options, and the
 * drawing of those into SVG elements with whatever document the caller has. Nothing here imports
 * jsdom or Node built-ins, so a page can bundle it.
 */
export { drawFrame, drawFigure, figureSize, svgPluginFor, type FigureRenderOptions } from "./figure.js";
export { svgPlugin, isSvgPlugin, type SvgPlugin } from "./plugin.js";
export { svgRendererPlugins, registerSvgRenderers, builtInSvgPlugin } from "./plugins.js";
export { useSvgDom, svgMarkup, type SvgDom } from "./dom.js";
export { drawPanels, type FigureBox, type PlacedPanel } from "./layout.js";
export { framePanels } from "./panels.js";
export {
  panelHeading,
  NON_FINITE_MESSAGE,
  type PanelAxis,
  type PanelOptions,
  type PanelPlot,
  type TwinAxis,
} from "./panel.js";
export { fitText, textWidth, wrapText } from "./text.js";
export { spacePanels, spacePlugin } from "./space.js";
export { probabilityHistogramPanels, probabilityHistogramPlugin } from "./probability-histogram.js";
export { lossHistogramPanels, lossHistogramPlugin, lossHistogramEdges, lossBinEdges } from "./loss-histogram.js";
export { lossAndMetricPanels, lossAndMetricPlugin } from "./loss-and-metric.js";
export { layerViolinsPanels, layerViolinsPlugin, layerColor } from "./layer-violins.js";
export { lossLandscapePanels, lossLandscapePlugin } from "./loss-landscape.js";
export { contourRegions } from "./contour-regions.js";
export { gaussianKde, type Density } from "./kde.js";
export { binCounts } from "./histogram.js";
export { classColor, FONT_FAMILY, PANEL_WIDTH, PANEL_HEIGHT } from "./theme.js";
