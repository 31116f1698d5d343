// Types for build-freshness.js, which stays JavaScript because it runs before TypeScript can be compiled.
export function freshBuildEntry(root: string, buildDir?: string): string | undefined;
