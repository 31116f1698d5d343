// Builds errors shaped like the SDK's service exceptions (only `name` and `message` matter to the adapters).
export function awsError(name: string, message = `${name} from AWS`, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: 400 }, ...extra });
}
