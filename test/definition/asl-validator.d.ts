// asl-validator 4 ships no types.
declare module "asl-validator" {
  const validator: (
    definition: unknown,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ) => { isValid: boolean; errors: unknown[]; errorsText: (separator?: string) => string };
  export default validator;
}
