import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  Hdf5Storage,
  MemoryStorage,
  Recorder,
  listGroups,
  openRecording,
  type RecordingStorage,
} from "../src/index.js";
import { lineData, scratchDir, taggedWeights } from "./helpers/recordings.js";
import { PARABOLA_MODEL } from "../../../tools/testing/parabola-model.js";

const dir = scratchDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A two-epoch recording whose weights carry `tag` (so each group's origin can be told). */
async function record(
  storage: RecordingStorage,
  group: string,
  tag: number,
  ifExists?: "refuse" | "replace" | "rename",
): Promise<string> {
  const recorder = new Recorder(storage, group, ifExists ? { ifExists } : {});
  await recorder.begin({
    ...lineData(10),
    model: PARABOLA_MODEL,
    training: { epochs: 2, batchSize: 5 },
    initialWeights: taggedWeights(tag),
  });
  for (const epoch of [1, 2]) recorder.recordEpoch({ weights: taggedWeights(tag + epoch), loss: tag + epoch });
  recorder.end();
  return recorder.group;
}

describe("re-running a notebook cell: a group that already exists", () => {
  it("is refused by default, the message naming both ways out and leaving the file as it was", async () => {
    const path = join(dir, "refuse.h5");
    await record(new Hdf5Storage(path), "part1", 10);
    const before = readFileSync(path);
    const error = await record(new Hdf5Storage(path), "part1", 20).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "GROUP_EXISTS",
      message: expect.stringMatching(/already has a group "part1"/),
      hint: expect.stringMatching(/ifExists: "replace".*ifExists: "rename" to record as "part1_2"/),
    });
    expect(readFileSync(path).equals(before)).toBe(true);
    const memory = new MemoryStorage();
    await record(memory, "part1", 10);
    await expect(record(memory, "part1", 20)).rejects.toMatchObject({
      code: "GROUP_EXISTS",
      hint: expect.stringContaining('"part1_2"'),
    });
  });

  it("takes the next free name with ifExists: 'rename', and the recorder says which", async () => {
    const path = join(dir, "rename.h5");
    for (const storage of [new Hdf5Storage(path), new MemoryStorage()]) {
      expect(await record(storage, "part1", 10, "rename")).toBe("part1");
      expect(await record(storage, "part1", 20, "rename")).toBe("part1_2");
      expect(await record(storage, "part1", 30, "rename")).toBe("part1_3");
    }
    expect(await listGroups(path)).toEqual(["part1", "part1_2", "part1_3"]);
    const third = await openRecording(path, "part1_3");
    expect(third.weights(2)[1][1].data[0]).toBeCloseTo(32.11, 4);
    third.close();
  });

  it("replaces the old recording with ifExists: 'replace', keeping the file's other groups intact", async () => {
    const path = join(dir, "replace.h5");
    await record(new Hdf5Storage(path), "part1", 10);
    await record(new Hdf5Storage(path), "other", 50);
    expect(await record(new Hdf5Storage(path), "part1", 20, "replace")).toBe("part1");
    expect((await listGroups(path)).sort()).toEqual(["other", "part1"]);
    const [part1, other] = [await openRecording(path, "part1"), await openRecording(path, "other")];
    expect(Array.from(part1.series("loss"))).toEqual([21, 22]);
    expect(Array.from(part1.weights(0)[0][0].data)).toEqual(Array.from(taggedWeights(20)[0][0].data));
    expect(Array.from(other.series("loss"))).toEqual([51, 52]);
    for (const epoch of [0, 1, 2]) expect(other.weights(epoch)).toEqual(taggedWeights(50 + epoch));
    part1.close();
    other.close();
    const memory = new MemoryStorage();
    await record(memory, "part1", 10);
    await record(memory, "part1", 20, "replace");
    expect(Array.from(memory.open("part1").series("loss"))).toEqual([21, 22]);
  });
});
