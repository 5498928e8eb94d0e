import type { Figure, Frame } from "@deepreplay/frames";

/** A frame, or several frames of one epoch composed into one figure (the original's compose_plots). */
export type Drawable = Frame | Figure;

export function isFigure(item: Drawable): item is Figure {
  return Array.isArray((item as Figure).panels);
}
