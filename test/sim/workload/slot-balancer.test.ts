import { afterEach, describe, expect, it } from "vitest";
import { behaviourOf } from "../../../local/app/behaviour.ts";
import { httpGet } from "../../../local/app/http-get.ts";
import { startInstance } from "../../../local/app/sample-service.ts";
import { startBalancer } from "../../../local/app/slot-balancer.ts";

const stoppers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stoppers.splice(0).map((stop) => stop()));
});

async function track<T extends { stop(): Promise<void> }>(thing: Promise<T>): Promise<T> {
  const started = await thing;
  stoppers.push(() => started.stop());
  return started;
}

describe("slot balancer", () => {
  it("round-robins requests across its instances", async () => {
    const one = await track(startInstance({ version: "one", behaviour: behaviourOf(), seed: 1 }));
    const two = await track(startInstance({ version: "two", behaviour: behaviourOf(), seed: 2 }));
    const balancer = await track(startBalancer("a"));
    balancer.setTargets([one.url, two.url]);

    const bodies: string[] = [];
    for (let i = 0; i < 4; i++) bodies.push((await httpGet(`${balancer.url}/`)).body.trim());
    expect(bodies).toEqual(["hello from one", "hello from two", "hello from one", "hello from two"]);
  });

  it("passes the instance's status through and tags the slot", async () => {
    const failing = await track(startInstance({ version: "bad", behaviour: behaviourOf({ errorRate: 1 }), seed: 1 }));
    const balancer = await track(startBalancer("b"));
    balancer.setTargets([failing.url]);
    const answer = await httpGet(`${balancer.url}/`);
    expect(answer.status).toBe(500);
    expect(answer.headers["x-glidepath-slot"]).toBe("b");
  });

  it("answers 502 with a clear reason when it has no instances", async () => {
    const balancer = await track(startBalancer("a"));
    const answer = await httpGet(`${balancer.url}/`);
    expect(answer.status).toBe(502);
    expect(answer.body).toContain("slot a has no registered instances");
  });

  it("answers 502 naming the instance when the instance refuses", async () => {
    const gone = await startInstance({ version: "gone", behaviour: behaviourOf(), seed: 1 });
    await gone.stop();
    const balancer = await track(startBalancer("a"));
    balancer.setTargets([gone.url]);
    const answer = await httpGet(`${balancer.url}/`);
    expect(answer.status).toBe(502);
    expect(answer.body).toContain(gone.url);
    expect(answer.body).toContain("ECONNREFUSED");
  });
});
