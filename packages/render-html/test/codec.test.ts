import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Frame, LayerViolinsFrame } from "@deepreplay/frames";
import { deltaDecode, deltaEncode, bestDeltaOrder } from "../src/delta.js";
import { FrameDecoder, gunzipBase64 } from "../src/decode.js";
import { PayloadEncoder } from "../src/encode.js";
import { MAX_CODE, QUANTISE_ABOVE, type ReplayManifest } from "../src/format.js";
import { dequantise, quantise } from "../src/quantise.js";
import { part1 } from "./helpers/part1.js";

describe("quantise", () => {
  it("keeps every value within half a step of its channel's extent / 65532, and NaN and infinities exactly", () => {
    const values = new Float32Array([0, 100, 0.5, -3, NaN, 7, Infinity, 2, -Infinity, -1, 0.25, 40]);
    const { codes, min, step } = quantise(values, 2);
    // Channel 0 (even indices): finite 0, 0.5, 0.25 -> extent [0, 0.5]; channel 1: 100, -3, 7, 2, -1, 40 -> [-3, 100].
    expect(min).toEqual([0, -3]);
    expect(step[0]).toBeCloseTo(0.5 / MAX_CODE, 12);
    expect(step[1]).toBeCloseTo(103 / MAX_CODE, 12);
    const back = dequantise(codes, 2, min, step, new Float32Array(values.length));
    values.forEach((v, i) => {
      if (Number.isFinite(v)) expect(Math.abs(back[i] - v)).toBeLessThanOrEqual(step[i % 2] / 2 + 1e-6);
      else expect(back[i]).toBe(v);
    });
  });

  it("gives a constant channel code 0 and restores it exactly", () => {
    const { codes, min, step } = quantise([5, 5, 5], 1);
    expect([...codes]).toEqual([0, 0, 0]);
    expect([...dequantise(codes, 1, min, step, new Float64Array(3))]).toEqual([5, 5, 5]);
  });
});

describe("delta coding", () => {
  it("is exactly reversible for both orders, across 16-bit wrap-around", () => {
    const codes = Uint16Array.from([65535, 0, 3, 65000, 12, 12, 40000, 1, 65532, 65533]);
    for (const order of [1, 2] as const) {
      for (const stride of [1, 2])
        expect([...deltaDecode(deltaEncode(codes, stride, order), stride, order)]).toEqual([...codes]);
    }
  });

  it("picks second differences for a smooth curve and first differences for noise about a level", () => {
    const curve = Uint16Array.from({ length: 500 }, (_, i) => Math.round(30000 + 20000 * Math.sin(i / 50)));
    expect(bestDeltaOrder(curve, 1)).toBe(2);
    // Second differences of a parabola are constant: the codes turn into a run.
    expect(
      new Set(
        deltaEncode(
          Uint16Array.from({ length: 100 }, (_, i) => i * i),
          1,
          2,
        ).slice(2),
      ).size,
    ).toBe(1);
    const noise = (i: number) => (((Math.sin(i * 12.9898) * 43758.5453) % 1) + 1) % 1;
    const scattered = Uint16Array.from({ length: 500 }, (_, i) => 30000 + Math.floor(noise(i) * 1000));
    expect(bestDeltaOrder(scattered, 1)).toBe(1);
  });
});

/** Encodes frames, then decodes them as the page does: gzip, base64, manifest. */
async function roundTrip(
  frames: Frame[],
): Promise<{ decoded: Frame[]; encoder: PayloadEncoder; manifest: ReplayManifest }> {
  const encoder = new PayloadEncoder();
  const encoded = frames.map((frame) => encoder.encode(frame));
  const { blobs, gzip, bytes } = encoder.finish();
  expect(gunzipSync(gzip).byteLength).toBe(bytes);
  // Through JSON, as the manifest travels in the page.
  const manifest = JSON.parse(JSON.stringify({ frames: [encoded], blobs })) as ReplayManifest;
  const decoder = new FrameDecoder(manifest, await gunzipBase64(Buffer.from(gzip).toString("base64")));
  return { decoded: frames.map((_, i) => decoder.frame(0, i) as Frame), encoder, manifest };
}

describe("payload round trip", () => {
  const demo = part1({ epochs: 4 });

  it("restores a feature-space frame: exact scalars and labels, points within half a quantisation step", async () => {
    const frame = demo.featureSpace(3);
    const { decoded, manifest } = await roundTrip([frame]);
    const back = decoded[0] as typeof frame;
    expect(back.kind).toBe("feature-space");
    expect(back.xDomain).toEqual(frame.xDomain);
    expect(back.classes).toEqual(frame.classes);
    expect(back.inputs.classes).toBeInstanceOf(Int32Array);
    expect([...back.inputs.classes]).toEqual([...frame.inputs.classes]);
    expect(back.grid!.lines).toBe(22);
    expect(back.grid!.points).toBeInstanceOf(Float32Array);
    const gridBlob = manifest.blobs.find((blob) => blob.length === frame.grid!.points.length)!;
    expect(gridBlob.encoding).toBe("q16");
    if (gridBlob.encoding !== "q16") return;
    expect(gridBlob.order).toBe(2);
    const worst = Math.max(
      ...frame.grid!.points.map((v, i) => Math.abs(back.grid!.points[i] - v) / (gridBlob.step[i % 2] / 2 + 1e-6)),
    );
    expect(worst).toBeLessThanOrEqual(1);
    expect(worst).toBeGreaterThan(0.5);
    const ring = back.regions[1].polygons[0][0];
    expect(ring.length).toBe(frame.regions[1].polygons[0][0].length);
    expect(Math.max(...ring.map((v, i) => Math.abs(v - frame.regions[1].polygons[0][0][i])))).toBeLessThan(1e-4);
  });

  it("keeps short float arrays exact and stores an array met again only once", async () => {
    const frames = [demo.lossAndMetric(1), demo.lossAndMetric(2)];
    const { decoded, manifest } = await roundTrip(frames);
    expect(frames[0].loss.length).toBeLessThanOrEqual(QUANTISE_ABOVE);
    const back = decoded[1] as (typeof frames)[1];
    expect([...back.loss]).toEqual([...frames[1].loss]);
    expect([...back.epochs]).toEqual([0, 1, 2, 3, 4]);
    expect(back.epoch).toBe(2);
    // Both frames carry the same epochs, loss and metric series: three blobs in all.
    expect(manifest.blobs).toHaveLength(3);
  });

  it("carries NaN and infinities in scalars and arrays (a diverged run is data)", async () => {
    const values = Float32Array.from({ length: 600 }, (_, i) =>
      i === 10 ? NaN : i === 20 ? Infinity : i === 30 ? -Infinity : i / 10,
    );
    const frame: LayerViolinsFrame = {
      kind: "layer-violins",
      epoch: 7,
      finite: false,
      note: "loss became NaN",
      quantity: "weights",
      layers: [
        { name: "hidden", values, std: NaN },
        { name: "output", values: new Float32Array([1, -Infinity]), std: Infinity },
      ],
    };
    const back = (await roundTrip([frame])).decoded[0] as LayerViolinsFrame;
    expect(back.note).toBe("loss became NaN");
    expect(back.finite).toBe(false);
    expect(back.layers[0].std).toBeNaN();
    expect(back.layers[1].std).toBe(Infinity);
    expect(back.layers[0].values[10]).toBeNaN();
    expect(back.layers[0].values[20]).toBe(Infinity);
    expect(back.layers[0].values[30]).toBe(-Infinity);
    expect(back.layers[0].values[599]).toBeCloseTo(59.9, 3);
    expect([...back.layers[1].values]).toEqual([1, -Infinity]);
  });

  it("refuses an array type a frame never holds", () => {
    const frame = { ...demo.losses(0), losses: new BigInt64Array(2) } as unknown as Frame;
    expect(() => new PayloadEncoder().encode(frame)).toThrow(expect.objectContaining({ code: "INVALID_FRAME" }));
  });
});
