import type { ModelDescription } from "@deepreplay/frames";

/** The Part 1 post's model, hidden = Dense(2, sigmoid) → output = Dense(1, sigmoid), as the benchmarks replay it. */
export function parabolaModel(learningRate: number): ModelDescription {
  return {
    inputShape: [2],
    layers: [
      { kind: "Dense", name: "hidden", units: 2, activation: "sigmoid", useBias: true },
      { kind: "Dense", name: "output", units: 1, activation: "sigmoid", useBias: true },
    ],
    loss: "binary_crossentropy",
    metrics: ["acc"],
    optimizer: { name: "SGD", learningRate },
  };
}
