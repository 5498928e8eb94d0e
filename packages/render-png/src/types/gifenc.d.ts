// The parts of gifenc (which ships no types) this package uses.
declare module "gifenc" {
  export type Palette = number[][];
  export type ColorFormat = "rgb565" | "rgb444" | "rgba4444";
  export interface GIFEncoderInstance {
    writeFrame(
      index: Uint8Array,
      width: number,
      height: number,
      options?: { palette?: Palette; delay?: number; first?: boolean; repeat?: number; dispose?: number },
    ): void;
    bytes(): Uint8Array;
  }
  export function GIFEncoder(options?: { auto?: boolean; initialCapacity?: number }): GIFEncoderInstance;
  export function quantize(rgba: Uint8Array, maxColors: number, options?: { format?: ColorFormat }): Palette;
  export function applyPalette(rgba: Uint8Array, palette: Palette, format?: ColorFormat): Uint8Array;
}
