// Stand-ins for the methods of an adapter whose SDK client a Lambda was deliberately built without (see
// fleets.ts): each refuses with an error that names what is missing and why, so a catalog `uses` that is too
// narrow shows up as a clear failure rather than as a call made with the wrong client.

class ClientNotAvailableError extends Error {
  override name = "ClientNotAvailableError";
}

/** An object whose every named method rejects with ClientNotAvailableError(`message`). */
export function refusing<T>(methods: ReadonlyArray<keyof T & string>, message: string): Pick<T, (typeof methods)[number]> {
  const refuse = (method: string) => async () => {
    throw new ClientNotAvailableError(`${method}: ${message}`);
  };
  return Object.fromEntries(methods.map((method) => [method, refuse(method)])) as Pick<T, (typeof methods)[number]>;
}
