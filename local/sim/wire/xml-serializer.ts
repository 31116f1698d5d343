// The SDK's XML shape serializer with the settings each XML protocol's deserializer reads with
// (timestamps date-time unless a member says otherwise, the service's xmlns on the root).
import { XmlShapeSerializer } from "@aws-sdk/core/protocols";

export function xmlDocument(schema: unknown, value: unknown, xmlNamespace: string | undefined): string {
  const serializer = new XmlShapeSerializer({ timestampFormat: { useTrait: true, default: 5 }, httpBindings: true, ...(xmlNamespace ? { xmlNamespace } : {}) } as never);
  serializer.write(schema as never, value);
  return serializer.flush() as string;
}
