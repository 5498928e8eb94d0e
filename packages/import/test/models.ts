import { onnxModel } from "./make.js";

/** The legacy (TorchScript) exporter's layout: `/module/Op` node names, initializers listed as inputs too. */
export function legacyClassifier(): Uint8Array {
  return onnxModel({
    input: { name: "input", dims: ["batch", 2] },
    output: "probs",
    initializersAsInputs: true,
    initializers: [
      { name: "hidden.weight", dims: [4, 2] },
      { name: "hidden.bias", dims: [4] },
      { name: "bn.weight", dims: [4] },
      { name: "bn.bias", dims: [4] },
      { name: "bn.running_mean", dims: [4] },
      { name: "bn.running_var", dims: [4] },
      { name: "onnx::Dropout_9", dims: [], values: [0.2] },
      { name: "output.weight", dims: [3, 4] },
      { name: "output.bias", dims: [3] },
    ],
    nodes: [
      {
        op: "Gemm",
        name: "/hidden/Gemm",
        inputs: ["input", "hidden.weight", "hidden.bias"],
        output: "/hidden/Gemm_output_0",
        attributes: { alpha: { f: 1 }, beta: { f: 1 }, transB: { i: 1 } },
      },
      {
        op: "BatchNormalization",
        name: "/bn/BatchNormalization",
        inputs: ["/hidden/Gemm_output_0", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"],
        output: "/bn/BatchNormalization_output_0",
        attributes: { epsilon: { f: 1e-5 }, momentum: { f: 0.9 } },
      },
      {
        op: "LeakyRelu",
        name: "/act/LeakyRelu",
        inputs: ["/bn/BatchNormalization_output_0"],
        output: "/act/LeakyRelu_output_0",
        attributes: { alpha: { f: 0.01 } },
      },
      {
        op: "Dropout",
        name: "/drop/Dropout",
        inputs: ["/act/LeakyRelu_output_0", "onnx::Dropout_9"],
        output: "/drop/Dropout_output_0",
      },
      {
        op: "Gemm",
        name: "/output/Gemm",
        inputs: ["/drop/Dropout_output_0", "output.weight", "output.bias"],
        output: "/output/Gemm_output_0",
        attributes: { transB: { i: 1 } },
      },
      {
        op: "Softmax",
        name: "/softmax/Softmax",
        inputs: ["/output/Gemm_output_0"],
        output: "probs",
        attributes: { axis: { i: 1 } },
      },
    ],
  });
}

/** Linear(2, 2) + `activation`, Linear(2, 1) + Sigmoid, as the legacy exporter writes it. */
export function twoLayer(activation: string, attributes: Record<string, { f: number }> = {}): Uint8Array {
  return onnxModel({
    input: { name: "input", dims: ["batch", 2] },
    output: "p",
    initializers: [
      { name: "hidden.weight", dims: [2, 2] },
      { name: "hidden.bias", dims: [2] },
      { name: "output.weight", dims: [1, 2] },
      { name: "output.bias", dims: [1] },
    ],
    nodes: [
      {
        op: "Gemm",
        name: "/hidden/Gemm",
        inputs: ["input", "hidden.weight", "hidden.bias"],
        output: "h",
        attributes: { transB: { i: 1 } },
      },
      { op: activation, name: `/hidden_act/${activation}`, inputs: ["h"], output: "a", attributes },
      {
        op: "Gemm",
        name: "/output/Gemm",
        inputs: ["a", "output.weight", "output.bias"],
        output: "z",
        attributes: { transB: { i: 1 } },
      },
      { op: "Sigmoid", name: "/output_act/Sigmoid", inputs: ["z"], output: "p" },
    ],
  });
}
