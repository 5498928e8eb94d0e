// Independent decoders for what the packages and the command write: fast-png for PNG, omggif for GIF, ffprobe/ffmpeg for MP4.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { decode } from "fast-png";
import { GifReader } from "omggif";

export type Rgba = [number, number, number, number];

export interface DecodedImage {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel. */
  rgba: Uint8Array;
}

export function decodePng(bytes: Uint8Array): DecodedImage {
  const png = decode(bytes);
  if (png.depth !== 8 || png.channels !== 4)
    throw new Error(`expected 8-bit RGBA, got ${png.depth}-bit × ${png.channels}`);
  return { width: png.width, height: png.height, rgba: png.data as Uint8Array };
}

export function pixelAt(image: DecodedImage, x: number, y: number): Rgba {
  const i = 4 * (y * image.width + x);
  return [image.rgba[i], image.rgba[i + 1], image.rgba[i + 2], image.rgba[i + 3]];
}

export interface DecodedGif {
  width: number;
  height: number;
  loopCount: number;
  /** Hundredths of a second per frame. */
  delays: number[];
  frames: DecodedImage[];
}

export function decodeGif(bytes: Uint8Array): DecodedGif {
  const reader = new GifReader(bytes);
  const { width, height } = reader;
  const frames: DecodedImage[] = [];
  const delays: number[] = [];
  for (let i = 0; i < reader.numFrames(); i++) {
    const rgba = new Uint8Array(width * height * 4);
    reader.decodeAndBlitFrameRGBA(i, rgba);
    frames.push({ width, height, rgba });
    delays.push(reader.frameInfo(i).delay);
  }
  return { width, height, loopCount: reader.loopCount(), delays, frames };
}

export interface VideoProbe {
  codec: string;
  width: number;
  height: number;
  frames: number;
  durationSeconds: number;
  frameRate: string;
}

export function probeVideo(path: string): VideoProbe {
  // biome-ignore format: ffprobe's arguments stay grouped flag by value
  const json = execFileSync("ffprobe", [
    "-v", "error", "-count_frames", "-select_streams", "v:0",
    "-show_entries", "stream=codec_name,width,height,nb_read_frames,r_frame_rate:format=duration",
    "-of", "json", path,
  ], { encoding: "utf8" });
  const { streams, format } = JSON.parse(json);
  const [stream] = streams;
  return {
    codec: stream.codec_name,
    width: stream.width,
    height: stream.height,
    frames: Number(stream.nb_read_frames),
    durationSeconds: Number(format.duration),
    frameRate: stream.r_frame_rate,
  };
}

/** One decoded video frame as RGBA, by ffmpeg. */
export function videoFrame(path: string, index: number, width: number, height: number): DecodedImage {
  // biome-ignore format: ffmpeg's arguments stay grouped flag by value
  const rgba = execFileSync("ffmpeg", [
    "-v", "error", "-i", path, "-vf", `select=eq(n\\,${index})`, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "pipe:1",
  ], { maxBuffer: 64 * 1024 * 1024 });
  return { width, height, rgba: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength) };
}

/** A colour at `opacity` over white, as resvg composites it (to within rounding). */
export function overWhite(hex: string, opacity: number): [number, number, number] {
  const channel = (i: number) =>
    Math.round(opacity * parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) + (1 - opacity) * 255);
  return [channel(0), channel(1), channel(2)];
}

/** How many pixels of row `y`, from x0 to x1 (exclusive), have each colour (within ±tolerance per channel). */
export function countColours(
  image: DecodedImage,
  y: number,
  x0: number,
  x1: number,
  colours: [number, number, number][],
  tolerance = 3,
): number[] {
  const counts = colours.map(() => 0);
  for (let x = x0; x < x1; x++) {
    const pixel = pixelAt(image, x, y);
    const match = colours.findIndex((c) => c.every((v, i) => Math.abs(v - pixel[i]) <= tolerance));
    if (match >= 0) counts[match]++;
  }
  return counts;
}

/** A PNG file's size, without keeping its pixels. */
export function pngSize(path: string): { width: number; height: number } {
  const { width, height } = decode(readFileSync(path));
  return { width, height };
}

/** A GIF file's size, frame count and delays, without decoding its frames. */
export function gifInfo(path: string): { width: number; height: number; frames: number; delays: number[] } {
  const reader = new GifReader(readFileSync(path));
  const delays = Array.from({ length: reader.numFrames() }, (_, i) => reader.frameInfo(i).delay);
  return { width: reader.width, height: reader.height, frames: reader.numFrames(), delays };
}
