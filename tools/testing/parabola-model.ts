import type { ModelDescription } from "@deepreplay/frames";

/** The parabola model of the original post: hidden = Dense(2, sigmoid), output = Dense(1, sigmoid). */
export const PARABOLA_MODEL: ModelDescription = {
  inputShape: [2],
  layers: [
    { kind: "Dense", name: "hidden", units: 2, activation: "sigmoid", useBias: true },
    { kind: "Dense", name: "output", units: 1, activation: "sigmoid", useBias: true },
  ],
  loss: "binary_crossentropy",
  metrics: ["acc"],
  optimizer: { name: "SGD", learningRate: 0.05 },
};
