// The two slots a deployment alternates between. Kept apart from config.ts so that code needing only a slot
// does not carry the config schema into its Lambda bundle.
export type SlotName = "a" | "b";

/** The slot that is not `slot`. Example: `otherSlot("a")` → `"b"`. */
export const otherSlot = (slot: SlotName): SlotName => (slot === "a" ? "b" : "a");
