// Builds a value on first use and keeps it: real adapters are created on the first invocation, never at
// import time (so importing a handler in tests or the sandbox touches no AWS configuration).

export function lazily<T>(build: () => T): () => T {
  let value: { built: T } | undefined;
  return () => (value ??= { built: build() }).built;
}
