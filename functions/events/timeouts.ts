// The Lambda timeouts of the event handlers that budget their waits by their own timeout. They live here,
// and the catalog reads them, because functions/catalog.ts imports every Task module (their factories and
// input schemas): an event handler importing the catalog would carry all of them in its bundle.
export const CLEANUP_TIMEOUT_SECONDS = 120;
export const CIRCUIT_BREAKER_TIMEOUT_SECONDS = 60;
export const RECONCILER_TIMEOUT_SECONDS = 120;
