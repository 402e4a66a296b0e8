import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { PropagationDelay } from "../../../constructs/core/propagation-delay";
import { resourcesOf, synthJson } from "../../support/terraform-json";

describe("PropagationDelay", () => {
  function build(duration?: string) {
    const stack = new TerraformStack(Testing.app(), "test");
    const grant = new Sleep(stack, "Grant", { createDuration: "1s" });
    const delay = new PropagationDelay(stack, "Delay", { after: [grant], duration });
    new TerraformOutput(stack, "ready", { value: delay.ready.id });
    return synthJson(stack);
  }

  test("waits 60 s by default after what it is given", () => {
    const sleeps = resourcesOf(build(), "time_sleep");
    const [, delay] = Object.entries(sleeps).find(([id]) => id.startsWith("Delay_"))!;
    expect(delay).toEqual({ create_duration: "60s", depends_on: ["time_sleep.Grant"] });
  });

  test("takes a custom duration", () => {
    const sleeps = resourcesOf(build("20s"), "time_sleep");
    expect(Object.entries(sleeps).find(([id]) => id.startsWith("Delay_"))![1].create_duration).toBe("20s");
  });

  test("starts again when a trigger changes: ids of what another stack created", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new PropagationDelay(stack, "Delay", { triggers: { metastore: "1234|abcd" } });
    expect(Object.values(resourcesOf(synthJson(stack), "time_sleep"))).toEqual([
      { create_duration: "60s", triggers: { metastore: "1234|abcd" } },
    ]);
  });
});
