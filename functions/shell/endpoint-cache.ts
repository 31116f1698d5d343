// What a bundled Lambda uses in place of `@aws-sdk/endpoint-cache` (stacks/bundle.ts aliases it to this
// file). The SDK's DynamoDB client builds an endpoint-discovery cache on construction, backed by mnemonist's
// LRU cache (~6 KB minified with its iterator helpers); Glidepath never enables endpoint discovery (it is off
// unless AWS_ENABLE_ENDPOINT_DISCOVERY or `endpointDiscoveryEnabled` says otherwise), so the cache stays
// empty. This keeps the same class and behaviour on a Map, whose insertion order makes it a least recently
// used cache: reads move a key to the end, and a full cache forgets its first key. Local runs and tests do
// not bundle, so they keep the SDK's own.

/** An endpoint as DescribeEndpoints answers it. */
export interface Endpoint {
  Address: string;
  CachePeriodInMinutes: number;
}

export interface EndpointWithExpiry {
  Address: string;
  Expires: number;
}

export class EndpointCache {
  private readonly cache = new Map<string, EndpointWithExpiry[]>();

  constructor(private readonly capacity: number) {}

  /** One of the key's unexpired endpoints, at random (as the SDK spreads requests over them). */
  getEndpoint(key: string): string | undefined {
    const endpoints = this.get(key);
    if (!endpoints || endpoints.length === 0) return undefined;
    return endpoints[Math.floor(Math.random() * endpoints.length)]!.Address;
  }

  /** The key's unexpired endpoints, marking it recently used; a key whose endpoints all expired is emptied. */
  get(key: string): EndpointWithExpiry[] | undefined {
    if (!this.has(key)) return undefined;
    const value = this.cache.get(key)!;
    this.touch(key, value);
    const now = Date.now();
    const unexpired = value.filter((endpoint) => now < endpoint.Expires);
    if (unexpired.length === 0) {
      this.delete(key);
      return undefined;
    }
    return unexpired;
  }

  set(key: string, endpoints: Endpoint[]): void {
    const now = Date.now();
    this.touch(key, endpoints.map(({ Address, CachePeriodInMinutes }) => ({ Address, Expires: now + CachePeriodInMinutes * 60 * 1000 })));
  }

  /** Empties the key's endpoints (kept as an entry, as the SDK's cache does). */
  delete(key: string): void {
    this.touch(key, []);
  }

  /** Whether the key has endpoints; does not count as a use. */
  has(key: string): boolean {
    return (this.cache.get(key)?.length ?? 0) > 0;
  }

  clear(): void {
    this.cache.clear();
  }

  /** Stores `value` as the most recently used entry, forgetting the least recently used one when full. */
  private touch(key: string, value: EndpointWithExpiry[]): void {
    this.cache.delete(key);
    this.cache.set(key, value);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
  }
}
