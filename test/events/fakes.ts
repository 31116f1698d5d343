// In-memory ports for the event handlers' tests: just enough state to observe what a handler did.
import type { ConfigStore, Dns, Lease, LeaseGrant, Ledger, TrafficTarget } from "../../functions/adapters/ports.ts";
import type { DeploymentRecord, LiveRecord, Weights } from "../../functions/core/model.ts";
import { ConfigNotFoundError, StaleLeaseError } from "../../functions/errors.ts";
import type { ConfigInput } from "../../functions/core/config.ts";

export function fakeConfigStore(documents: ConfigInput[]): ConfigStore {
  return {
    async load(app, env) {
      const document = documents.find((d) => d.app === app && d.env === env);
      if (!document) throw new ConfigNotFoundError(`no config for ${app}/${env}`);
      return { document, version: 1 };
    },
    async list() {
      return documents.map(({ app, env }) => ({ app, env }));
    },
  };
}

export interface FakeDns extends Dns {
  weights: { a: number | null; b: number | null };
  writes: Array<{ target: TrafficTarget; weights: Weights; endpoints: { a: string; b: string } }>;
}

export function fakeDns(weights: { a: number | null; b: number | null }): FakeDns {
  const dns: FakeDns = {
    weights,
    writes: [],
    async readWeights() {
      return { weights: { ...dns.weights }, endpoints: { a: "a.example", b: "b.example" }, ttl: 60 };
    },
    async setWeights(target, next, endpoints) {
      dns.writes.push({ target, weights: next, endpoints });
      dns.weights = { ...next };
      return { changeId: `C${dns.writes.length}` };
    },
    async changeStatus() {
      return "INSYNC";
    },
  };
  return dns;
}

export interface FakeLedger extends Ledger {
  live: Map<string, LiveRecord>;
  deployments: DeploymentRecord[];
}

export function fakeLedger(live: LiveRecord[] = [], deployments: DeploymentRecord[] = []): FakeLedger {
  const key = (app: string, env: string) => `${app}/${env}`;
  const find = (app: string, env: string, id: string) => deployments.find((d) => d.app === app && d.env === env && d.deploymentId === id);
  return {
    live: new Map(live.map((record) => [key(record.app, record.env), record])),
    deployments,
    async getLive(app, env) {
      return this.live.get(key(app, env)) ?? null;
    },
    async setLive(record) {
      this.live.set(key(record.app, record.env), record);
    },
    async createDeployment(record) {
      deployments.push(record);
    },
    async getDeployment(app, env, id) {
      const record = find(app, env, id);
      return record ? structuredClone(record) : null;
    },
    async appendStep(app, env, id, step) {
      find(app, env, id)!.steps.push(step);
    },
    async finishDeployment(app, env, id, outcome, reason, endedAt) {
      Object.assign(find(app, env, id)!, { outcome, reason, endedAt });
    },
    async recordControl(app, env, id, control) {
      const record = find(app, env, id)!;
      record.control ??= control;
      return structuredClone(record.control);
    },
    async listDeployments(app, env, limit = 20) {
      return deployments.filter((d) => d.app === app && d.env === env).reverse().slice(0, limit).map((d) => structuredClone(d));
    },
  };
}

export interface FakeLease extends Lease {
  grants: Map<string, LeaseGrant>;
  released: string[];
}

export function fakeLease(now: () => number, grants: Record<string, LeaseGrant> = {}): FakeLease {
  const lease: FakeLease = {
    grants: new Map(Object.entries(grants)),
    released: [],
    async acquire(app, env, owner, ttl) {
      const current = lease.grants.get(`${app}/${env}`);
      if (current && current.expiresAt > now()) return null;
      const grant = { owner, fencingToken: (current?.fencingToken ?? 0) + 1, expiresAt: now() + ttl * 1000 };
      lease.grants.set(`${app}/${env}`, grant);
      return grant;
    },
    async renew(app, env, owner, token, ttl) {
      const current = lease.grants.get(`${app}/${env}`);
      if (current?.fencingToken !== token) throw new StaleLeaseError("stale");
      const grant = { owner, fencingToken: token, expiresAt: now() + ttl * 1000 };
      lease.grants.set(`${app}/${env}`, grant);
      return grant;
    },
    async release(app, env, owner, token) {
      const current = lease.grants.get(`${app}/${env}`);
      if (!current) return;
      if (current.fencingToken !== token || current.owner !== owner) throw new StaleLeaseError("stale");
      lease.grants.delete(`${app}/${env}`);
      lease.released.push(`${app}/${env}:${owner}`);
    },
    // As the DynamoDB lease: `current` hides an expired grant (acquire would take it), `read` shows it.
    async current(app, env) {
      const grant = lease.grants.get(`${app}/${env}`);
      return grant && grant.expiresAt >= now() ? grant : null;
    },
    async read(app, env) {
      return lease.grants.get(`${app}/${env}`) ?? null;
    },
  };
  return lease;
}

export function aDeployment(overrides: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    app: "shop-api",
    env: "prod",
    deploymentId: "shop-api-prod-0123456789ab",
    commit: "0123456789abcdef0123456789abcdef01234567",
    configVersion: 1,
    strategy: "canary",
    plan: [{ kind: "setWeight", percent: 5 }],
    fromSlot: "a",
    toSlot: "b",
    steps: [],
    outcome: "in_progress",
    startedAt: "2024-05-01T12:00:00.000Z",
    ...overrides,
  };
}

export const aLiveRecord = (overrides: Partial<LiveRecord> = {}): LiveRecord => ({
  app: "shop-api",
  env: "prod",
  liveSlot: "a",
  commit: "fedcba9876543210fedcba9876543210fedcba98",
  imageId: "ami-0123456789abcdef0",
  updatedAt: "2024-04-30T12:00:00.000Z",
  ...overrides,
});
