import type * as Plot from "@observablehq/plot";
import { linspace, type ProbabilityHistogramFrame } from "@deepreplay/frames";
import { binCounts, histogramBars } from "./histogram.js";
import { panel, panelHeading, type PanelOptions } from "./panel.js";
import { CORRECT_COLOR, CORRECT_OPACITY, WRONG_COLOR, WRONG_OPACITY } from "./theme.js";
import { svgPlugin } from "./plugin.js";

/** The original's bins: 0.1 wide over [0, 1]. */
const EDGES = linspace(0, 1, 11);

/**
 * The original's ProbabilityHistogram: one panel per target class ("Negative Cases" and
 * "Positive Cases" for two), the predicted probabilities of its inputs in bins of 0.1, correctly
 * classified in grey, misclassified in red, the y axis up to the class's number of cases.
 */
export function probabilityHistogramPanels(
  frame: ProbabilityHistogramFrame,
  options: PanelOptions,
): Plot.PlotOptions[] {
  const { probabilities, targets, correct, classes } = frame;
  return classes.map((_, classIndex) => {
    const ofClass = (i: number) => targets[i] === classIndex;
    const cases = targets.reduce((n, t) => n + (t === classIndex ? 1 : 0), 0);
    const right = binCounts(probabilities, EDGES, (i) => ofClass(i) && correct[i] === 1);
    const wrong = binCounts(probabilities, EDGES, (i) => ofClass(i) && correct[i] !== 1);
    return panel(
      frame,
      panelHeading(frame, casesTitle(classes, classIndex), options),
      {
        x: { domain: [0, 1], label: "Probability", tickFormat: ".1f" },
        y: { domain: [0, Math.max(cases, 1)], label: "# of Cases", tickFormat: ",d" },
        marks: [
          histogramBars(EDGES, right, { fill: CORRECT_COLOR, fillOpacity: CORRECT_OPACITY, className: "correct" }),
          histogramBars(EDGES, wrong, { fill: WRONG_COLOR, fillOpacity: WRONG_OPACITY, className: "misclassified" }),
        ],
      },
      options,
    );
  });
}

/** Probability histograms as SVG. */
export const probabilityHistogramPlugin = svgPlugin(["probability-histogram"], probabilityHistogramPanels);

function casesTitle(classes: readonly string[], classIndex: number): string {
  if (classes.length === 2) return classIndex === 0 ? "Negative Cases" : "Positive Cases";
  return `${classes[classIndex]} Cases`;
}
