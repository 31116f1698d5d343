// The two images sources (functions/adapters/env/images.ts): a Task that never starts or reads an Image Builder
// pipeline is built without Image Builder, and a pipeline call there says so.
import { describe, expect, it } from "vitest";
import { fromEc2Images, imageSourceFor } from "../../functions/adapters/env/images.ts";
import type { Images } from "../../functions/adapters/ports.ts";
import { TASK_FUNCTIONS } from "../../functions/catalog.ts";
import { envSourcesFor } from "../../stacks/task-entry.ts";
import { callsOf } from "../infra/function-port-calls.ts";

describe("images sources", () => {
  it.each<[string, Array<keyof Images>, string]>([
    ["retiring images needs EC2 alone", ["listImages", "retireImage"], "fromEc2Images"],
    ["baking starts a pipeline or a CreateImage", ["createImage", "startPipeline"], "fromImages"],
    ["checking a bake reads the pipeline's image", ["pipelineImage", "describeImage", "tagImage"], "fromImages"],
  ])("%s", (_rule, methods, source) => {
    expect(imageSourceFor(methods)).toBe(source);
  });

  const imageTasks = (Object.keys(TASK_FUNCTIONS) as Array<keyof typeof TASK_FUNCTIONS>).filter((id) => callsOf(id).some((call) => call.startsWith("images.")));

  it.each(imageTasks)("%s builds Image Builder exactly when its code calls a pipeline method", (id) => {
    const build = envSourcesFor(TASK_FUNCTIONS[id].uses).find(({ module }) => module === "images")?.build;
    const callsPipeline = callsOf(id).some((call) => call === "images.startPipeline" || call === "images.pipelineImage");
    expect(build).toBe(callsPipeline ? "fromImages" : "fromEc2Images");
  });

  it("gives retireOldFleet EC2 alone", () => {
    expect(envSourcesFor(TASK_FUNCTIONS.retireOldFleet.uses).find(({ module }) => module === "images")?.build).toBe("fromEc2Images");
  });

  it("refuses a pipeline call without Image Builder, naming what is missing", async () => {
    await expect(fromEc2Images({}).images.pipelineImage("arn:aws:imagebuilder:eu-west-1:1:image/x/1.0.0/1")).rejects.toMatchObject({
      name: "ClientNotAvailableError",
      message: expect.stringMatching(/^pipelineImage: Image Builder is not in this function/),
    });
  });
});
