// Builds a value on first use and keeps it: real adapters are created on the first invocation, never at
// import time (so importing a handler in tests or the sandbox touches no AWS configuration).

export function lazily<T>(build: () => T): () => T {
  let value: { built: T } | undefined;
  return () => (value ??= { built: build() }).built;
}

/** One JSON log line per decision, so CloudWatch Logs Insights can query handlers' outcomes. */
export function logDecision(handler: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ handler, ...fields }));
}
