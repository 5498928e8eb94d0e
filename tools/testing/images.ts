// Independent decoders for what the command writes: fast-png for PNG, omggif for GIF.
import { readFileSync } from "node:fs";
import { decode } from "fast-png";
import { GifReader } from "omggif";

export function pngSize(path: string): { width: number; height: number } {
  const { width, height } = decode(readFileSync(path));
  return { width, height };
}

export function gifInfo(path: string): { width: number; height: number; frames: number; delays: number[] } {
  const reader = new GifReader(readFileSync(path));
  const delays = Array.from({ length: reader.numFrames() }, (_, i) => reader.frameInfo(i).delay);
  return { width: reader.width, height: reader.height, frames: reader.numFrames(), delays };
}
