// A source transformation for the bundle plugin (stacks/sdk-schemas-plugin.ts) that lets a bundle keep only
// the SDK schemas its commands use.
//
// Each AWS SDK v3 client ships its whole service model as one `dist-es/schemas/schemas_0.js` (552 KB for
// EC2), written as `export var X$ = [...]` arrays whose trait objects use computed keys naming file-level
// string constants: `{ [_xN]: _EBx }` where `const _xN = "xmlName"`. esbuild cannot prove a computed key is
// free of side effects (converting it to a property key could run code), so it keeps every one of those
// thousands of declarations although a Lambda sends two or three commands. Replacing each computed key by the
// string literal its constant holds changes nothing at run time and makes every declaration provably pure,
// so tree shaking drops the unused ones. test/infra/sdk-schema-keys.test.ts checks that the rewritten
// module exports the same schemas as the original.

/** `const _xN = "xmlName";` — the generated file's string constants, one per line. */
const STRING_CONSTANT = /^const (_[A-Za-z0-9_]+) = ("(?:[^"\\]|\\.)*");$/gm;

/** A computed key naming one of those constants: `{ [_xN]:` or `, [_xN]:` (possibly after a line break). */
const COMPUTED_KEY = /([{,]\s*)\[(_[A-Za-z0-9_]+)\]:/g;

/** The module's source with every computed key that names a string constant replaced by that string. */
export function inlineSchemaKeys(source: string): string {
  const constants = new Map([...source.matchAll(STRING_CONSTANT)].map(([, name, literal]) => [name!, literal!]));
  return source.replace(COMPUTED_KEY, (whole, before: string, name: string) => {
    const literal = constants.get(name);
    return literal === undefined ? whole : `${before}${literal}:`;
  });
}
