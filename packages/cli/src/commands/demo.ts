import { Command, Option } from "commander";
import { integer } from "../flags/values.js";
import type { CommandContext } from "../program.js";

export interface DemoFlags {
  out: string;
  epochs: number;
  activation: "sigmoid" | "tanh" | "relu";
}

/** `deepreplay demo`: trains the Part 1 model and draws the original README's pictures. */
export function demoCommand(context: CommandContext): Command {
  return new Command("demo")
    .description('train the "Hyper-parameters in Action! Part 1" model and draw its pictures')
    .option("-o, --out <dir>", "folder to write into (the demo's own files there are replaced)", "deepreplay-demo")
    .option("--epochs <n>", "training epochs", integer(1), 150)
    .addOption(
      new Option("--activation <name>", "activation of the hidden layer")
        .choices(["sigmoid", "tanh", "relu"])
        .default("sigmoid"),
    )
    .action(async (flags: DemoFlags) => {
      const { demo } = await import("../actions/demo.js");
      await demo(context, flags);
    });
}
