// The bundles' endpoint cache (functions/shell/endpoint-cache.ts, aliased for `@aws-sdk/endpoint-cache`) must
// answer as the SDK's own does, which it replaces only to leave mnemonist out of every DynamoDB bundle.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { EndpointCache } from "../../functions/shell/endpoint-cache.ts";

/** The class the SDK's DynamoDB client builds its cache from (unbundled, as tests run). */
const SdkEndpointCache = (new DynamoDBClient({ region: "us-east-1" }).config as unknown as { endpointCache: object }).endpointCache.constructor as typeof EndpointCache;

const methodsOf = (prototype: object) => Object.getOwnPropertyNames(prototype).filter((name) => name !== "constructor").sort();

/** The same operations on a cache, with what each answered. */
function replay(cache: Pick<EndpointCache, "set" | "get" | "has" | "getEndpoint" | "delete">): unknown[] {
  const answers: unknown[] = [];
  cache.set("a", [{ Address: "a.example", CachePeriodInMinutes: 5 }]);
  cache.set("b", [{ Address: "b.example", CachePeriodInMinutes: 5 }]);
  answers.push(cache.getEndpoint("a"));
  cache.set("c", [{ Address: "c.example", CachePeriodInMinutes: 5 }]);
  answers.push(cache.has("a"), cache.has("b"), cache.has("c"));
  cache.set("d", [{ Address: "d.example", CachePeriodInMinutes: 0 }]);
  answers.push(cache.get("d"), cache.has("d"), cache.getEndpoint("c"));
  cache.delete("c");
  answers.push(cache.has("c"), cache.getEndpoint("c"));
  return answers;
}

describe("the bundles' endpoint cache", () => {
  it("has the SDK cache's methods", () => {
    expect(methodsOf(EndpointCache.prototype)).toEqual(expect.arrayContaining(methodsOf(SdkEndpointCache.prototype)));
  });

  it("answers a sequence of sets, reads and deletes as the SDK's cache does", () => {
    expect(replay(new EndpointCache(2))).toEqual(replay(new SdkEndpointCache(2)));
  });

  it("forgets the least recently used key when full, and expired endpoints on read", () => {
    // "a" was read after "b" was set, so "b" goes when "c" arrives; "d" expired the moment it was set.
    expect(replay(new EndpointCache(2))).toEqual(["a.example", true, false, true, undefined, false, "c.example", false, undefined]);
  });
});
