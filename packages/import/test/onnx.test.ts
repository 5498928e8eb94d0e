import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeError, ndarray, type NdArray } from "@deepreplay/frames";
import { layerWeights, readOnnxArchitecture } from "../src/index.js";
import { SHARED_FIXTURES, requireSharedFixture } from "../../../tools/testing/fixtures.js";
import { refusal } from "./refusal.js";
import { flipBit, onnxModel, type OnnxNode } from "./make.js";
import { legacyClassifier } from "./models.js";

const read = (bytes: Uint8Array, name = "model.onnx") => readOnnxArchitecture({ name, bytes });

// Constant nodes with nothing naming a module: matched to the checkpoint by order and shape.
const constants = onnxModel({
  input: { name: "x", dims: ["n", 2] },
  output: "p",
  initializers: [],
  nodes: [
    { op: "Constant", inputs: [], output: "c1", attributes: { value: { t: { dims: [2, 3] } } } },
    { op: "Constant", inputs: [], output: "c2", attributes: { value: { t: { dims: [3] } } } },
    { op: "Constant", inputs: [], output: "c3", attributes: { value: { t: { dims: [3, 1] } } } },
    { op: "MatMul", inputs: ["x", "c1"], output: "a" },
    { op: "Add", inputs: ["a", "c2"], output: "b" },
    { op: "Relu", inputs: ["b"], output: "r" },
    { op: "MatMul", inputs: ["r", "c3"], output: "z" },
    { op: "Sigmoid", inputs: ["z"], output: "p" },
  ],
});

describe("readOnnxArchitecture (hand-made ONNX graphs, encoded with onnx.proto's fields)", () => {
  it("reads the legacy exporter's Gemm, BatchNormalization, LeakyRelu, Dropout and Softmax", () => {
    const arch = read(legacyClassifier());
    expect(arch.model).toEqual({
      inputShape: [2],
      layers: [
        { kind: "Dense", name: "hidden", units: 4, activation: "linear", useBias: true },
        { kind: "BatchNormalization", name: "bn", epsilon: expect.closeTo(1e-5, 10), center: true, scale: true },
        // PyTorch's slope 0.01 is kept (Keras' default would be 0.3).
        { kind: "Activation", name: "act", activation: "leaky_relu", alpha: expect.closeTo(0.01, 8) },
        { kind: "Dropout", name: "drop", rate: expect.closeTo(0.2, 6) },
        { kind: "Dense", name: "output", units: 3, activation: "softmax", useBias: true },
      ],
      loss: "",
      metrics: [],
    });
    expect(arch.weights).toEqual([
      [
        { name: "hidden.weight", transpose: true },
        { name: "hidden.bias", transpose: false },
      ],
      ["bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"].map((name) => ({ name, transpose: false })),
      [],
      [],
      [
        { name: "output.weight", transpose: true },
        { name: "output.bias", transpose: false },
      ],
    ]);
  });

  it("maps the legacy exporter's onnx::MatMul_N copies back to the Linear's state_dict keys by the node's module", () => {
    const arch = read(
      onnxModel({
        input: { name: "x", dims: ["n", 3] },
        output: "/output/Add_output_0",
        initializers: [
          // Already [in, out]: the exporter's transposed copy of hidden.weight.
          { name: "onnx::MatMul_12", dims: [3, 2] },
          { name: "hidden.bias", dims: [2] },
          { name: "onnx::MatMul_13", dims: [2, 1] },
          { name: "output.bias", dims: [1] },
        ],
        nodes: [
          { op: "MatMul", name: "/hidden/MatMul", inputs: ["x", "onnx::MatMul_12"], output: "/hidden/MatMul_output_0" },
          {
            op: "Add",
            name: "/hidden/Add",
            inputs: ["hidden.bias", "/hidden/MatMul_output_0"],
            output: "/hidden/Add_output_0",
          },
          {
            op: "Tanh",
            name: "/hidden_act/Tanh",
            inputs: ["/hidden/Add_output_0"],
            output: "/hidden_act/Tanh_output_0",
          },
          {
            op: "MatMul",
            name: "/output/MatMul",
            inputs: ["/hidden_act/Tanh_output_0", "onnx::MatMul_13"],
            output: "/output/MatMul_output_0",
          },
          {
            op: "Add",
            name: "/output/Add",
            inputs: ["/output/MatMul_output_0", "output.bias"],
            output: "/output/Add_output_0",
          },
        ],
      }),
    );
    expect(arch.model.layers).toEqual([
      { kind: "Dense", name: "hidden", units: 2, activation: "tanh", useBias: true },
      // A model that ends in logits: no activation (the importer's --from-logits says so).
      { kind: "Dense", name: "output", units: 1, activation: "linear", useBias: true },
    ]);
    expect(arch.weights).toEqual([
      [
        { name: "hidden.weight", transpose: true },
        { name: "hidden.bias", transpose: false },
      ],
      [
        { name: "output.weight", transpose: true },
        { name: "output.bias", transpose: false },
      ],
    ]);
  });

  it("reads the dynamo exporter's MatMul through a Transpose of the weight, its name_scopes, Flatten and Identity", () => {
    const scoped = (node: OnnxNode, ...scopes: string[]): OnnxNode => ({ ...node, scopes: ["", ...scopes] });
    const arch = read(
      onnxModel({
        input: { name: "x", dims: ["s0", 1, 2] },
        output: "softplus",
        initializers: [
          { name: "encoder.0.weight", dims: [3, 2] },
          { name: "encoder.0.bias", dims: [3] },
          { name: "head.weight", dims: [1, 3] },
          { name: "head.bias", dims: [1] },
        ],
        nodes: [
          scoped(
            { op: "Flatten", inputs: ["x"], output: "flatten", name: "node_flatten", attributes: { axis: { i: 1 } } },
            "flat",
            "flatten",
          ),
          scoped(
            {
              op: "Transpose",
              inputs: ["encoder.0.weight"],
              output: "t",
              name: "node_t",
              attributes: { perm: { ints: [1, 0] } },
            },
            "encoder",
            "0",
            "t",
          ),
          scoped({ op: "MatMul", inputs: ["flatten", "t"], output: "mm", name: "node_mm" }, "encoder", "0", "linear"),
          scoped(
            { op: "Add", inputs: ["mm", "encoder.0.bias"], output: "add", name: "node_add" },
            "encoder",
            "0",
            "linear",
          ),
          scoped(
            { op: "Elu", inputs: ["add"], output: "elu", name: "node_elu", attributes: { alpha: { f: 1 } } },
            "encoder",
            "1",
            "elu",
          ),
          scoped({ op: "Identity", inputs: ["elu"], output: "same", name: "node_identity" }, "keep", "identity"),
          scoped(
            {
              op: "Gemm",
              inputs: ["same", "head.weight", "head.bias"],
              output: "gemm",
              name: "node_gemm",
              attributes: { transB: { i: 1 } },
            },
            "head",
            "linear",
          ),
          scoped({ op: "Softplus", inputs: ["gemm"], output: "softplus", name: "node_softplus" }, "act", "softplus"),
        ],
      }),
    );
    expect(arch.model.inputShape).toEqual([1, 2]);
    expect(arch.model.layers).toEqual([
      { kind: "Flatten", name: "flat" },
      { kind: "Dense", name: "encoder.0", units: 3, activation: "elu", useBias: true },
      { kind: "Dense", name: "head", units: 1, activation: "softplus", useBias: true },
    ]);
    // Transpose then MatMul: the Keras kernel is weight^T, so the [out, in] tensor is transposed.
    expect(arch.weights[1]).toEqual([
      { name: "encoder.0.weight", transpose: true },
      { name: "encoder.0.bias", transpose: false },
    ]);
  });

  it("reads a parameter used untransposed (x @ W, W stored [in, out]) as not transposed: from the graph, not the name", () => {
    const arch = read(
      onnxModel({
        input: { name: "x", dims: ["n", 2] },
        output: "y",
        initializers: [{ name: "proj.weight", dims: [2, 2] }],
        nodes: [{ op: "MatMul", name: "/proj/MatMul", inputs: ["x", "proj.weight"], output: "y" }],
      }),
    );
    expect(arch.weights).toEqual([[{ name: "proj.weight", transpose: false }]]);
  });

  it("reads weights kept as Constant nodes, named by position", () => {
    const arch = read(constants);
    expect(arch.model.layers.map((l) => [l.kind, l.name])).toEqual([
      ["Dense", "dense_1"],
      ["Dense", "dense_2"],
    ]);
    expect(arch.weights).toEqual([
      [
        { name: "c1", transpose: true, byPosition: true },
        { name: "c2", transpose: false, byPosition: true },
      ],
      [{ name: "c3", transpose: true, byPosition: true }],
    ]);
  });

  it("reads a Dropout ratio from a Constant node's value_float", () => {
    const arch = read(
      onnxModel({
        input: { name: "x", dims: ["n", 2] },
        output: "d",
        initializers: [{ name: "fc.weight", dims: [3, 2] }],
        nodes: [
          { op: "Gemm", name: "/fc/Gemm", inputs: ["x", "fc.weight"], output: "g", attributes: { transB: { i: 1 } } },
          {
            op: "Constant",
            name: "/drop/Constant",
            inputs: [],
            output: "ratio",
            attributes: { value_float: { f: 0.25 } },
          },
          { op: "Dropout", name: "/drop/Dropout", inputs: ["g", "ratio"], output: "d" },
        ],
      }),
    );
    expect(arch.model.layers).toEqual([
      { kind: "Dense", name: "fc", units: 3, activation: "linear", useBias: false },
      { kind: "Dropout", name: "drop", rate: 0.25 },
    ]);
  });

  it.skipIf(!requireSharedFixture("pytorch/torch-part1"))(
    "refuses the fixture's model.onnx cut short at any of 40 points",
    () => {
      const bytes = readFileSync(`${SHARED_FIXTURES}pytorch/torch-part1/model.onnx`);
      expect(read(bytes).model.layers.map((l) => l.name)).toEqual(["hidden", "output"]);
      for (let k = 1; k < 40; k++) {
        const cut = Math.floor((bytes.length * k) / 40);
        expect(refusal(() => read(bytes.subarray(0, cut))).message).toMatch(/^model\.onnx: /);
      }
    },
  );

  describe("a Reshape that flattens after the batch axis (how exporters write a Flatten) is a Flatten", () => {
    // Input [batch, 2, 3] → Reshape → Gemm(6 → 1) → Sigmoid.
    const reshaped = (shape: number[], batch: number | string = "s0", allowzero?: number) =>
      onnxModel({
        input: { name: "x", dims: [batch, 2, 3] },
        output: "p",
        initializers: [
          { name: "shape", dims: [shape.length], int64: shape },
          { name: "out.weight", dims: [1, 6] },
          { name: "out.bias", dims: [1] },
        ],
        nodes: [
          {
            op: "Reshape",
            name: "/flatten/Reshape",
            inputs: ["x", "shape"],
            output: "flat",
            ...(allowzero === undefined ? {} : { attributes: { allowzero: { i: allowzero } } }),
          },
          {
            op: "Gemm",
            name: "/out/Gemm",
            inputs: ["flat", "out.weight", "out.bias"],
            output: "z",
            attributes: { transB: { i: 1 } },
          },
          { op: "Sigmoid", name: "/act/Sigmoid", inputs: ["z"], output: "p" },
        ],
      });

    for (const [label, shape, batch] of [
      ["[0, -1] (the batch copied)", [0, -1], "s0"],
      ["[-1, 6] (the static product)", [-1, 6], "s0"],
      ["[0, 6]", [0, 6], "s0"],
      ["[1, -1] with the export's fixed batch of 1", [1, -1], 1],
      ["[4, 6] with the export's fixed batch of 4", [4, 6], 4],
    ] as const) {
      it(label, () => {
        const arch = read(reshaped([...shape], batch));
        expect(arch.model.inputShape).toEqual([2, 3]);
        expect(arch.model.layers).toEqual([
          { kind: "Flatten", name: "flatten" },
          { kind: "Dense", name: "out", units: 1, activation: "sigmoid", useBias: true },
        ]);
      });
    }

    it("refuses any other shape, naming the op and what is read", () => {
      for (const [shape, batch, allowzero] of [
        [[-1, -1]],
        [[0, 3]],
        [[2, 3, 1]],
        [[-1]],
        [[1, -1]],
        [[3, -1], 4],
        [[0, -1], "s0", 1],
      ] as [number[], (number | string)?, number?][]) {
        const err = refusal(() => read(reshaped(shape, batch, allowzero), "view.onnx"));
        expect(err.code).toBe("ONNX_UNSUPPORTED_OP");
        expect(err.message).toBe(
          `view.onnx: node "/flatten/Reshape" is a Reshape to [${shape.join(", ")}], which does not flatten the 6 features after the batch axis.`,
        );
        expect(err.hint).toContain("[0, -1], [-1, 6] or [batch, -1]");
      }
    });
  });

  it("refuses unknown ops by name, listing the supported ones", () => {
    const conv = onnxModel({
      input: { name: "x", dims: ["n", 1, 4, 4] },
      output: "y",
      initializers: [{ name: "conv.weight", dims: [1, 1, 3, 3] }],
      nodes: [{ op: "Conv", name: "/conv/Conv", inputs: ["x", "conv.weight"], output: "y" }],
    });
    const err = refusal(() => read(conv, "cnn.onnx"));
    expect(err.code).toBe("ONNX_UNSUPPORTED_OP");
    expect(describeError(err)).toMatch(
      /^cnn\.onnx: node "\/conv\/Conv" is a Conv, which the importer does not know\. Supported ops: Gemm, MatMul, Add, Relu, Sigmoid, Tanh, Softmax, LeakyRelu, Elu, Selu, Softplus, Flatten, Reshape, Identity, Transpose, Constant, BatchNormalization, Dropout\.$/,
    );
  });

  it("takes ai.onnx as the standard domain and refuses ops of any other, naming it", () => {
    const relu = (domain: string) =>
      onnxModel({
        input: { name: "x", dims: ["n", 2] },
        output: "r",
        initializers: [],
        nodes: [{ op: "Relu", name: "n0", domain, inputs: ["x"], output: "r" }],
      });
    expect(read(relu("ai.onnx")).model.layers).toEqual([{ kind: "Activation", name: "relu_1", activation: "relu" }]);
    expect(refusal(() => read(relu("pkg.torch.2.9"))).message).toMatch(
      /node "n0" is a Relu of domain pkg\.torch\.2\.9, which the importer does not know/,
    );
  });

  it("refuses graphs that are not one chain of layers, and settings the replay would not reproduce", () => {
    const branch = onnxModel({
      input: { name: "x", dims: ["n", 2] },
      output: "s",
      initializers: [],
      nodes: [
        { op: "Relu", inputs: ["x"], output: "r" },
        { op: "Add", inputs: ["r", "x"], output: "s" },
      ],
    });
    expect(refusal(() => read(branch)).code).toBe("ONNX_GRAPH");
    const elu = onnxModel({
      input: { name: "x", dims: ["n", 2] },
      output: "e",
      initializers: [{ name: "fc.weight", dims: [2, 2] }],
      nodes: [
        { op: "Gemm", name: "/fc/Gemm", inputs: ["x", "fc.weight"], output: "g", attributes: { transB: { i: 1 } } },
        { op: "Elu", name: "/act/Elu", inputs: ["g"], output: "e", attributes: { alpha: { f: 0.5 } } },
      ],
    });
    expect(refusal(() => read(elu)).message).toMatch(/has alpha=0\.5; the replay's ELU uses 1/);
    const selu = onnxModel({
      input: { name: "x", dims: ["n", 2] },
      output: "s",
      initializers: [],
      nodes: [
        {
          op: "Selu",
          name: "/act/Selu",
          inputs: ["x"],
          output: "s",
          attributes: { alpha: { f: 1.6732632 }, gamma: { f: 2 } },
        },
      ],
    });
    expect(refusal(() => read(selu)).message).toMatch(/has gamma=2; the replay's SELU uses 1\.05/);
    const dynamic = onnxModel({
      input: { name: "x", dims: ["n", "features"] },
      output: "r",
      initializers: [],
      nodes: [{ op: "Relu", inputs: ["x"], output: "r" }],
    });
    expect(refusal(() => read(dynamic)).code).toBe("ONNX_SHAPE");
  });

  it("refuses truncated and damaged files", () => {
    const bytes = legacyClassifier();
    for (const cut of [1, 10, bytes.length / 2, bytes.length - 3]) {
      const err = refusal(() => read(bytes.subarray(0, Math.floor(cut))));
      expect(err.message).toMatch(/^model\.onnx: /);
    }
    expect(refusal(() => read(new TextEncoder().encode("not a model at all"))).message).toMatch(/^model\.onnx: /);
    // A flipped bit in the first field's tag: no longer a valid message.
    expect(refusal(() => read(flipBit(bytes, 0, 2))).message).toMatch(/^model\.onnx: /);
  });
});

describe("layerWeights", () => {
  const arch = read(legacyClassifier());
  const tensor = (shape: number[], first = 0): NdArray =>
    ndarray(
      Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => first + i),
      shape,
    );
  const stateDict = () =>
    new Map<string, NdArray>([
      ["hidden.weight", tensor([4, 2])],
      ["hidden.bias", tensor([4], 100)],
      ["bn.weight", tensor([4], 1)],
      ["bn.bias", tensor([4], 2)],
      ["bn.running_mean", tensor([4], 3)],
      ["bn.running_var", tensor([4], 4)],
      ["bn.num_batches_tracked", tensor([])],
      ["output.weight", tensor([3, 4], 10)],
      ["output.bias", tensor([3])],
    ]);

  it("gives each layer its arrays in Keras' order, Linear weights transposed to [in, out]", () => {
    const weights = layerWeights(arch, stateDict(), "epoch01.pt");
    expect(weights.map((layer) => layer.map((w) => w.shape))).toEqual([
      [[2, 4], [4]],
      [[4], [4], [4], [4]],
      [],
      [],
      [[4, 3], [3]],
    ]);
    // hidden.weight [out=4, in=2] = [[0,1],[2,3],[4,5],[6,7]]: its transpose's first row is [0, 2, 4, 6].
    expect(Array.from(weights[0][0].data)).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
    expect(Array.from(weights[1][3].data)).toEqual([4, 5, 6, 7]);
    expect(weights[0][0].data).toBeInstanceOf(Float32Array);
  });

  it("takes off a wrapper's prefix on every key (DataParallel's module., torch.compile's _orig_mod.)", () => {
    for (const prefix of ["module.", "_orig_mod."]) {
      const wrapped = new Map([...stateDict()].map(([key, tensor]) => [prefix + key, tensor]));
      expect(Array.from(layerWeights(arch, wrapped, "epoch01.pt")[0][0].data)).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
    }
  });

  it("refuses a missing tensor and a shape that does not fit, naming the file and the key", () => {
    const missing = stateDict();
    missing.delete("bn.running_var");
    const err = refusal(() => layerWeights(arch, missing, "epoch04.pt"));
    expect(err.code).toBe("CHECKPOINT_MISSING_TENSOR");
    expect(err.message).toMatch(/^epoch04\.pt: has no tensor "bn\.running_var" for layer "bn"\./);
    const wrong = stateDict();
    wrong.set("output.weight", tensor([4, 3]));
    expect(refusal(() => layerWeights(arch, wrong, "epoch05.pt")).message).toMatch(
      /^epoch05\.pt: tensor "output\.weight" has shape \[4, 3\], but layer "output" needs \[3, 4\]/,
    );
  });

  it("matches weights named by position to the checkpoint's tensors in order, by shape", () => {
    const positional = read(constants);
    const weights = layerWeights(
      positional,
      new Map([
        ["fc1.weight", tensor([3, 2])],
        ["fc1.bias", tensor([3], 50)],
        ["fc2.weight", tensor([1, 3], 60)],
      ]),
      "epoch00.pt",
    );
    expect(Array.from(weights[0][0].data)).toEqual([0, 2, 4, 1, 3, 5]);
    expect(Array.from(weights[0][1].data)).toEqual([50, 51, 52]);
    expect(Array.from(weights[1][0].data)).toEqual([60, 61, 62]);
    expect(
      refusal(() => layerWeights(positional, new Map([["fc1.weight", tensor([3, 2])]]), "epoch00.pt")).message,
    ).toMatch(/nor any unclaimed one of shape \[3\]/);
  });
});
