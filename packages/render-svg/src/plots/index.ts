/**
 * The browser-safe half of @deepreplay/render-svg: frames to Observable Plot options, and the
 * drawing of those into SVG elements with whatever document the caller has. Nothing here imports
 * jsdom or Node built-ins, so a page can bundle it.
 */
export { drawFrame, drawFigure, figureSize, type SvgRenderOptions, type FigureRenderOptions } from "./figure.js";
export { drawPanels, type FigureBox, type PlacedPanel } from "./layout.js";
export { framePanels } from "./panels.js";
export { panelHeading, NON_FINITE_MESSAGE, type PanelAxis, type PanelOptions, type PanelPlot, type TwinAxis } from "./panel.js";
export { fitText, textWidth, wrapText } from "./text.js";
export { spacePanels } from "./space.js";
export { probabilityHistogramPanels } from "./probability-histogram.js";
export { lossHistogramPanels, lossBinEdges } from "./loss-histogram.js";
export { lossAndMetricPanels } from "./loss-and-metric.js";
export { layerViolinsPanels, layerColor } from "./layer-violins.js";
export { lossLandscapePanels } from "./loss-landscape.js";
export { contourRegions } from "./contour-regions.js";
export { gaussianKde, type Density } from "./kde.js";
export { binCounts, linspace } from "./histogram.js";
export { classColor, FONT_FAMILY, PANEL_WIDTH, PANEL_HEIGHT } from "./theme.js";
export { checkFrame } from "./validate.js";
