// An esbuild plugin that leaves the SDK's event-stream support out of a bundle.
//
// Every SDK protocol keeps `await import("@smithy/core/event-streams")` for operations that stream events
// (about 14 KB bundled: the codec, its CRC32 and marshallers). It is loaded only for an operation whose
// schema has the `streaming` trait, and no client Glidepath bundles models one. The plugin resolves that
// import to a module whose every export refuses with an error naming this file, so a client that did stream
// events would fail at once and say why, never misbehave. test/infra/no-event-streams.test.ts checks that no
// client the project depends on models the trait.
import type { Plugin } from "esbuild";

const EVENT_STREAMS = /^@smithy\/core\/event-streams$/;
const NAMESPACE = "glidepath-no-event-streams";

/** The message of the error the stand-in throws. */
export const EVENT_STREAMS_LEFT_OUT = "Event streams are left out of Glidepath's Lambda bundles (stacks/no-event-streams.ts)";

/** The two names the protocols import from the module, each refusing when used. */
const STAND_IN = `
const refuse = () => { throw new Error(${JSON.stringify(EVENT_STREAMS_LEFT_OUT)}); };
export class EventStreamSerde { constructor() { refuse(); } }
export const eventStreamSerdeProvider = refuse;
`;

export const noEventStreams: Plugin = {
  name: NAMESPACE,
  setup(build) {
    build.onResolve({ filter: EVENT_STREAMS }, ({ path }) => ({ path, namespace: NAMESPACE }));
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({ contents: STAND_IN, loader: "js" }));
  },
};
