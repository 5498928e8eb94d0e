// Small SVG plugins for tests, registered on import: in a test file, and in rendering threads
// through the `plugins` option. Each draws what a test can check pixel by pixel.
import {
  DeepReplayError,
  registerRenderer,
  type LossAndMetricFrame,
  type LossHistogramFrame,
} from "@deepreplay/frames";

/** A colour per epoch, far enough apart that neighbouring epochs are told apart after quantisation. */
export function epochColour(epoch: number): [number, number, number] {
  return [(epoch * 37 + 20) % 256, (epoch * 91 + 40) % 256, (epoch * 53 + 100) % 256];
}

export const BLOCK = 10;

/** Set by prepare(), which a rendering thread runs after importing this module. */
let prepared = false;
export function prepare(): void {
  prepared = true;
}

/**
 * loss-and-metric: the whole canvas in the epoch's colour with a black BLOCK×BLOCK square at the
 * top left. Default size 64×48.
 */
registerRenderer<"loss-and-metric">({
  name: "test-epoch-colour",
  format: "svg",
  kinds: ["loss-and-metric"],
  render(frame: LossAndMetricFrame, options = {}) {
    const { width = 64, height = 48 } = options;
    const [r, g, b] = epochColour(frame.epoch);
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
      `<rect width="${width}" height="${height}" fill="rgb(${r},${g},${b})"/>` +
      `<rect width="${BLOCK}" height="${BLOCK}" fill="#000"/></svg>`
    );
  },
});

/**
 * loss-histogram: one grey column per loss, `losses.length` pixels wide. By the frame's note:
 * "refuse" refuses it, as a plugin refuses bad data; "prepared only" refuses it unless prepare() ran; "hold 300 MB" keeps that much JavaScript
 * heap alive while drawing, more than a worker's bounded heap; "end the thread" ends the thread
 * it is drawn on.
 */
registerRenderer<"loss-histogram">({
  name: "test-loss-columns",
  format: "svg",
  kinds: ["loss-histogram"],
  render(frame: LossHistogramFrame) {
    if (frame.note === "refuse") {
      throw new DeepReplayError("INVALID_FRAME", `epoch ${frame.epoch} refused`, {
        hint: "a test plugin refuses this frame",
      });
    }
    if (frame.note === "prepared only" && !prepared) {
      throw new DeepReplayError("INVALID_FRAME", `epoch ${frame.epoch} drawn before prepare()`, {
        hint: "run the plugin's prepare() first",
      });
    }
    if (frame.note === "end the thread") process.exit(7);
    if (frame.note === "hold 300 MB") Array.from({ length: 600 }, (_, k) => new Array<number>(1 << 16).fill(k));
    const width = frame.losses.length;
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20"><rect width="${width}" height="20" fill="#808080"/></svg>`;
  },
});
