// What the simulated Auto Scaling / CodeDeploy call when an instance starts or stops. The default runtime
// boots everything instantly; the demo's runtime starts a real HTTP server per instance on 127.0.0.1.

export interface LaunchedInstance {
  instanceId: string;
  group: string;
  imageId: string;
  /** Tags of the image (Glidepath tags app, env and commit at creation). */
  imageTags: Record<string, string>;
}

export interface InstanceRuntime {
  /** Starts the instance's workload. `healthy: false` keeps it from ever reaching InService. */
  launch(instance: LaunchedInstance): Promise<{ healthy: boolean }>;
  terminate(instanceId: string): Promise<void>;
  /** The instance, still running, now belongs to `group` (AttachInstances after DetachInstances from another). */
  moved?(instanceId: string, group: string): void;
}

export const instantRuntime: InstanceRuntime = {
  launch: async () => ({ healthy: true }),
  terminate: async () => {},
};
