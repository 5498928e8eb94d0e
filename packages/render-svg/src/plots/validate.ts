import { DeepReplayError, FRAME_KINDS, type Frame } from "@deepreplay/frames";

/**
 * Refuses a frame whose parts do not fit together (lengths, class indices): such a frame is a
 * bug upstream, not data. NaN and infinite values are data (a diverged run) and pass.
 */
export function checkFrame(frame: Frame): void {
  if (!frame || !FRAME_KINDS.includes(frame.kind)) {
    fail(`Unknown frame kind "${(frame as { kind?: unknown } | undefined)?.kind}".`, `Frame kinds: ${FRAME_KINDS.join(", ")}.`);
  }
  switch (frame.kind) {
    case "feature-space":
    case "decision-boundary": {
      const { inputs, grid, regions, classes } = frame;
      expect(inputs.points.length === 2 * inputs.classes.length, "inputs.points must hold an x and a y per entry of inputs.classes");
      expect(inputs.classes.every((c) => c >= 0 && c < classes.length), `input classes must index frame.classes (${classes.length})`);
      expect(regions.every((r) => r.classIndex >= 0 && r.classIndex < classes.length), "region classIndex must index frame.classes");
      if (grid) expect(grid.points.length === 2 * grid.lines * grid.pointsPerLine, "grid.points must hold lines × pointsPerLine xy pairs");
      // The sampled contour is drawn only when there are no exact regions; core computes it on first read.
      const contour = regions.length === 0 ? frame.contour : undefined;
      if (contour) {
        expect(contour.points.length === 2 * contour.size ** 2, "contour.points must hold size² xy pairs");
        expect(contour.prediction.length === contour.size ** 2, "contour.prediction must hold size² classes");
      }
      return;
    }
    case "probability-histogram":
      expect(frame.classes.length > 0, "a probability histogram needs at least one class");
      expect(
        frame.probabilities.length === frame.targets.length && frame.correct.length === frame.targets.length,
        "probabilities, targets and correct must have one entry per input",
      );
      expect(frame.targets.every((t) => t >= 0 && t < frame.classes.length), "targets must index frame.classes");
      return;
    case "loss-and-metric":
      expect(frame.epochs.length > 0, "a loss-and-metric frame needs at least one epoch");
      expect(frame.loss.length === frame.epochs.length && frame.metric.length === frame.epochs.length, "loss and metric need one value per epoch");
      return;
    case "loss-landscape":
      expect(frame.a.length > 1 && frame.b.length > 1, "a loss landscape needs at least 2 grid values per axis");
      expect(frame.loss.length === frame.a.length * frame.b.length, "loss must hold a.length × b.length values, one row per b");
      expect(frame.trajectory.length === 2 * frame.epochs.length, "trajectory must hold an a and a b per epoch");
      return;
    case "loss-histogram":
    case "layer-violins":
      return;
  }
}

function expect(condition: boolean, message: string): void {
  if (!condition) fail(`Inconsistent frame: ${message}.`, "Frames come from @deepreplay/core or must follow the types of @deepreplay/frames.");
}

function fail(message: string, hint: string): never {
  throw new DeepReplayError("INVALID_FRAME", message, { hint });
}
