import { readFileSync, readdirSync } from "node:fs";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readStateDict } from "../src/index.js";
import { SHARED_FIXTURES, requireSharedFixture } from "../../../tools/testing/fixtures.js";
import { refusal } from "./refusal.js";
import {
  ascii,
  concat,
  f32,
  f64,
  flipBit,
  i64,
  PickleWriter,
  safetensors,
  stateDictPickle,
  torchZip,
  zip,
} from "./make.js";

const values = (map: ReturnType<typeof readStateDict>, key: string) => Array.from(map.get(key)!.data);

describe("readStateDict: torch.save zips (hand-made pickles, as torch.save writes them)", () => {
  // One storage of 6 floats seen three ways: a transposed [3, 2] view, a slice at offset 2, the whole.
  const storage = f32([0, 1, 2, 3, 4, 5]);
  const tensors = [
    { key: "hidden.weight", storageKey: "0", numel: 6, shape: [3, 2], strides: [1, 3] },
    { key: "hidden.bias", storageKey: "0", numel: 6, offset: 2, shape: [2], parameter: true },
    { key: "output.weight", storageKey: "1", numel: 2, shape: [1, 2], storageType: "DoubleStorage" },
    { key: "bn.num_batches_tracked", storageKey: "2", numel: 1, shape: [], storageType: "LongStorage" },
  ];
  const storages = { "0": storage, "1": f64([0.25, -1.5]), "2": i64([7]) };

  for (const protocol of [2, 4] as const) {
    it(`reads views with strides and offsets, parameters and other dtypes (protocol ${protocol})`, () => {
      const map = readStateDict({
        name: "epoch01.pt",
        bytes: torchZip("epoch01", stateDictPickle(tensors, protocol), storages),
      });
      expect([...map.keys()]).toEqual(tensors.map((t) => t.key));
      // Element (i, j) of the transposed view is storage[i + 3j].
      expect(map.get("hidden.weight")!.shape).toEqual([3, 2]);
      expect(values(map, "hidden.weight")).toEqual([0, 3, 1, 4, 2, 5]);
      expect(values(map, "hidden.bias")).toEqual([2, 3]);
      expect(map.get("output.weight")!.data).toBeInstanceOf(Float32Array);
      expect(values(map, "output.weight")).toEqual([0.25, -1.5]);
      expect(map.get("bn.num_batches_tracked")!.shape).toEqual([]);
      expect(values(map, "bn.num_batches_tracked")).toEqual([7]);
    });
  }

  it("reads half and bfloat16 storages and big-endian archives", () => {
    // 1.5 in IEEE half is 0x3e00; -2 in bfloat16 is 0xc000.
    const half = Uint8Array.of(0x00, 0x3e);
    const bf16 = Uint8Array.of(0x00, 0xc0);
    const pickle = stateDictPickle([
      { key: "h", storageKey: "0", numel: 1, shape: [1], storageType: "HalfStorage" },
      { key: "b", storageKey: "1", numel: 1, shape: [1], storageType: "BFloat16Storage" },
    ]);
    const map = readStateDict({ name: "m.pth", bytes: torchZip("m", pickle, { "0": half, "1": bf16 }) });
    expect(values(map, "h")).toEqual([1.5]);
    expect(values(map, "b")).toEqual([-2]);
    const be = new Uint8Array(4);
    new DataView(be.buffer).setFloat32(0, 0.75, false);
    const big = readStateDict({
      name: "m.pt",
      bytes: torchZip("m", stateDictPickle([{ key: "w", storageKey: "0", numel: 1, shape: [1] }]), { "0": be }, "big"),
    });
    expect(values(big, "w")).toEqual([0.75]);
  });

  it.skipIf(!requireSharedFixture("pytorch/torch-part1"))(
    "reads every checkpoint of the PyTorch fixture: the storages' floats, shaped as the Linear layers",
    () => {
      const dir = `${SHARED_FIXTURES}pytorch/torch-part1/ckpt/`;
      for (const name of readdirSync(dir)) {
        const bytes = readFileSync(dir + name);
        const map = readStateDict({ name, bytes });
        expect([...map.keys()]).toEqual(["hidden.weight", "hidden.bias", "output.weight", "output.bias"]);
        expect(map.get("hidden.weight")!.shape).toEqual([2, 2]);
        expect(map.get("output.weight")!.shape).toEqual([1, 2]);
        // Independently: the raw storages in key order (data/0 .. data/3), as float32.
        const entries = unzipSync(bytes);
        const stem = name.replace(".pt", "");
        [...map.values()].forEach((tensor, k) => {
          const raw = entries[`${stem}/data/${k}`];
          expect(Array.from(tensor.data)).toEqual(
            Array.from(new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length))),
          );
        });
      }
    },
  );

  const storage1 = { "0": f32([1]) };
  const one = [{ key: "w", storageKey: "0", numel: 1, shape: [1] }];

  it("refuses any global outside the state_dict set, by name, before anything runs", () => {
    // The classic payload: os.system via GLOBAL + REDUCE (what a __reduce__ returning (os.system, ("id",)) pickles to).
    const osSystem = new PickleWriter(2)
      .global("posix", "system")
      .mark()
      .string("touch /tmp/pwned")
      .tuple()
      .reduce()
      .stop()
      .bytes();
    const err = refusal(() => readStateDict({ name: "evil.pt", bytes: torchZip("evil", osSystem, {}) }));
    expect(err.code).toBe("PICKLE_REFUSED");
    expect(err.message).toMatch(/^evil\.pt:evil\/data\.pkl: the pickle names the global posix\.system/);
    for (const [module, name] of [
      ["builtins", "eval"],
      ["os", "system"],
      ["torch.nn.modules.linear", "Linear"],
      ["torch", "load"],
      ["collections", "defaultdict"],
      ["numpy.core.multiarray", "_reconstruct"],
    ]) {
      for (const protocol of [2, 4] as const) {
        const pickle = new PickleWriter(protocol)
          .global(module, name)
          .mark()
          .string("1+1")
          .tuple()
          .reduce()
          .stop()
          .bytes();
        expect(refusal(() => readStateDict({ name: "e.pt", bytes: torchZip("e", pickle, {}) })).message).toContain(
          `global ${module}.${name}`,
        );
      }
    }
    // A tensor rebuilt from a storage whose "type" is a foreign global.
    const foreign = stateDictPickle([{ ...one[0], storageType: "Tensor" }]);
    expect(refusal(() => readStateDict({ name: "e.pt", bytes: torchZip("e", foreign, storage1) })).message).toContain(
      "global torch.Tensor",
    );
  });

  it("refuses opcodes a state_dict never holds (INST, OBJ, NEWOBJ, EXT1, persistent ids by text)", () => {
    for (const op of [0x69, 0x6f, 0x81, 0x82, 0x50, 0x92]) {
      const pickle = new PickleWriter(2).op(op).stop().bytes();
      expect(refusal(() => readStateDict({ name: "e.pt", bytes: torchZip("e", pickle, {}) })).message).toContain(
        `opcode 0x${op.toString(16)}`,
      );
    }
  });

  it("reads the state_dict a training checkpoint dict nests under model_state_dict (with the optimizer's state beside it)", () => {
    // {"epoch": 3, "optimizer_state_dict": {"state": {0: {"momentum_buffer": tensor}}}, "model_state_dict": OrderedDict(w=tensor)}
    const p = new PickleWriter(2);
    const tensor = (key: string) =>
      p
        .global("torch._utils", "_rebuild_tensor_v2")
        .mark()
        .mark()
        .string("storage")
        .global("torch", "FloatStorage")
        .string(key)
        .string("cpu")
        .int(2)
        .tuple()
        .persistentId()
        .int(0)
        .mark()
        .int(2)
        .tuple()
        .mark()
        .int(1)
        .tuple()
        .newFalse()
        .global("collections", "OrderedDict")
        .emptyTuple()
        .reduce()
        .tuple()
        .reduce();
    p.emptyDict()
      .mark()
      .string("epoch")
      .int(3)
      .string("optimizer_state_dict")
      .emptyDict()
      .string("state")
      .emptyDict()
      .int(0)
      .emptyDict()
      .string("momentum_buffer");
    tensor("1").setItem().setItem().setItem();
    p.string("model_state_dict").global("collections", "OrderedDict").emptyTuple().reduce().string("fc.weight");
    tensor("0").setItem().setItems();
    const map = readStateDict({
      name: "ckpt.pt",
      bytes: torchZip("ckpt", p.stop().bytes(), { "0": f32([4, 5]), "1": f32([0, 0]) }),
    });
    expect([...map.keys()]).toEqual(["fc.weight"]);
    expect(values(map, "fc.weight")).toEqual([4, 5]);
  });

  it("refuses a pickle that is not a dict of tensors", () => {
    const list = new PickleWriter(2).op(0x5d).stop().bytes();
    expect(refusal(() => readStateDict({ name: "e.pt", bytes: torchZip("e", list, {}) })).code).toBe(
      "TORCH_NOT_STATE_DICT",
    );
    const checkpoint = new PickleWriter(2).emptyDict().string("epoch").int(3).setItem().stop().bytes();
    expect(refusal(() => readStateDict({ name: "e.pt", bytes: torchZip("e", checkpoint, {}) })).message).toMatch(
      /^e\.pt: entry "epoch" is not a tensor/,
    );
  });

  it("refuses truncated and bit-flipped checkpoints and corrupt pickles", () => {
    const bytes = torchZip("epoch01", stateDictPickle(one), storage1);
    expect(refusal(() => readStateDict({ name: "epoch01.pt", bytes: bytes.subarray(0, bytes.length - 10) })).code).toBe(
      "CORRUPT_ZIP",
    );
    expect(refusal(() => readStateDict({ name: "epoch01.pt", bytes: bytes.subarray(0, 100) })).code).toBe(
      "CORRUPT_ZIP",
    );
    let refused = 0;
    for (let at = 0; at < bytes.length; at++) {
      // A flip anywhere: a typed refusal (CRC, directory, header), or, where the flip hit bytes that
      // carry no data (a timestamp, a version field), the very same tensor; never a wrong one or a crash.
      try {
        expect(values(readStateDict({ name: "epoch01.pt", bytes: flipBit(bytes, at, at % 8) }), "w")).toEqual([1]);
      } catch (error) {
        expect((error as Error).message).toMatch(/^epoch01\.pt/);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(bytes.length / 2);
    // The pickle itself cut short or malformed, in a sound archive.
    const pickle = stateDictPickle(one);
    for (const cut of [3, 20, 60, pickle.length - 1]) {
      expect(
        refusal(() => readStateDict({ name: "e.pt", bytes: torchZip("e", pickle.subarray(0, cut), storage1) })).code,
      ).toMatch(/^PICKLE_/);
    }
    const getUnset = new PickleWriter(2).op(0x68, 9).stop().bytes();
    expect(refusal(() => readStateDict({ name: "e.pt", bytes: torchZip("e", getUnset, {}) })).code).toBe(
      "PICKLE_CORRUPT",
    );
  });

  it("refuses storages that do not match the tensors' declarations", () => {
    const short = torchZip("e", stateDictPickle([{ key: "w", storageKey: "0", numel: 4, shape: [4] }]), {
      "0": f32([1, 2]),
    });
    expect(refusal(() => readStateDict({ name: "e.pt", bytes: short })).message).toMatch(
      /tensor "w" has a storage of 8 bytes, not the 16 declared/,
    );
    const outside = torchZip(
      "e",
      stateDictPickle([{ key: "w", storageKey: "0", numel: 2, shape: [2, 2], strides: [2, 1] }]),
      { "0": f32([1, 2]) },
    );
    expect(refusal(() => readStateDict({ name: "e.pt", bytes: outside })).message).toMatch(
      /views elements 0\.\.3 of a storage of 2/,
    );
    const missing = torchZip("e", stateDictPickle(one), {});
    expect(refusal(() => readStateDict({ name: "e.pt", bytes: missing })).code).toBe("TORCH_CORRUPT");
  });

  it("refuses an archive with an entry that climbs out of its folder", () => {
    const bytes = zip({
      "e/data.pkl": stateDictPickle(one),
      "e/data/0": f32([1]),
      "e/../../escape.sh": ascii("rm -rf /"),
    });
    expect(refusal(() => readStateDict({ name: "e.pt", bytes })).code).toBe("UNSAFE_ZIP_ENTRY");
  });

  it("refuses the legacy format and other files", () => {
    expect(
      refusal(() => readStateDict({ name: "old.pt", bytes: Uint8Array.of(0x80, 0x02, 0x8a, 0x0a) })).message,
    ).toMatch(/legacy/);
    expect(refusal(() => readStateDict({ name: "x.pt", bytes: zip({ "a/b.txt": ascii("hi") }) })).code).toBe(
      "TORCH_FORMAT",
    );
  });
});

describe("readStateDict: .safetensors (hand-made, as safetensors.torch.save_file lays them out)", () => {
  const half = Uint8Array.of(0x00, 0x3e, 0x00, 0xbc); // 1.5, -1
  const bf16 = Uint8Array.of(0x80, 0x3f); // 1
  const file = safetensors(
    [
      { key: "output.bias", dtype: "F64", shape: [1], data: f64([0.125]) },
      { key: "hidden.weight", dtype: "F32", shape: [2, 2], data: f32([1, 2, 3, 4]) },
      { key: "hidden.bias", dtype: "F16", shape: [2], data: half },
      { key: "scale", dtype: "BF16", shape: [1], data: bf16 },
      { key: "steps", dtype: "I64", shape: [], data: i64([12]) },
    ],
    { format: "pt" },
  );

  it("reads dtypes as float32, in the order of their data, skipping __metadata__", () => {
    const map = readStateDict({ name: "epoch03.safetensors", bytes: file });
    expect([...map.keys()]).toEqual(["output.bias", "hidden.weight", "hidden.bias", "scale", "steps"]);
    expect(values(map, "hidden.weight")).toEqual([1, 2, 3, 4]);
    expect(map.get("hidden.weight")!.shape).toEqual([2, 2]);
    expect(values(map, "hidden.bias")).toEqual([1.5, -1]);
    expect(values(map, "scale")).toEqual([1]);
    expect(values(map, "output.bias")).toEqual([0.125]);
    expect(values(map, "steps")).toEqual([12]);
  });

  it("recognises a .safetensors file by its content under another extension", () => {
    expect([...readStateDict({ name: "weights.bin", bytes: file }).keys()]).toContain("hidden.weight");
  });

  it("refuses truncated files, forged header lengths and offsets, unknown dtypes", () => {
    const name = "e.safetensors";
    expect(refusal(() => readStateDict({ name, bytes: file.subarray(0, file.length - 1) })).code).toBe(
      "SAFETENSORS_INVALID",
    );
    expect(refusal(() => readStateDict({ name, bytes: file.subarray(0, 5) })).code).toBe("SAFETENSORS_INVALID");
    const forged = file.slice();
    new DataView(forged.buffer).setBigUint64(0, 1n << 40n, true);
    expect(refusal(() => readStateDict({ name, bytes: forged })).message).toMatch(
      /declares a header of 1099511627776 bytes/,
    );
    const wrongShape = safetensors([{ key: "w", dtype: "F32", shape: [3], data: f32([1, 2]) }]);
    expect(refusal(() => readStateDict({ name, bytes: wrongShape })).message).toMatch(
      /tensor "w" declares shape \[3\]/,
    );
    const complex = safetensors([{ key: "w", dtype: "C64", shape: [1], data: f64([1]) }]);
    expect(refusal(() => readStateDict({ name, bytes: complex })).code).toBe("SAFETENSORS_DTYPE");
    const notJson = concat(Uint8Array.of(4, 0, 0, 0, 0, 0, 0, 0), ascii("{no}"));
    expect(refusal(() => readStateDict({ name, bytes: notJson })).code).toBe("SAFETENSORS_INVALID");
  });
});
