// Reasons as the report shows them: short, with CloudWatch's long alarm text (its StateReason, "Threshold
// Crossed: 2 out of the last 3 datapoints [29.17 (01/01/26 12:41:00), …] were greater than …") folded away.
// The ledger's reasons keep the whole text (I3); a reader wants the alarm's name first and the datapoints
// once, on demand.

export interface FoldedReason {
  /** The reason without the alarm text: `Rolled back: alarm shop-api-b-error-rate entered ALARM; scaled … down`. */
  short: string;
  /** CloudWatch's alarm text that was folded out, when there was one. */
  alarmText: string | undefined;
}

const MARK = "Threshold Crossed";
const TRANSITION = /^(.*?: (?:OK|ALARM|INSUFFICIENT_DATA) → (?:OK|ALARM|INSUFFICIENT_DATA))\. (.+)$/s;

/**
 * Folds the alarm text out of a reason or an alarm transition line, wherever CloudWatch's "Threshold
 * Crossed: …" sits: a parenthesis of its own (dropped whole), or the end of one (the rest of it is kept).
 * Example: `Rolled back: AlarmTriggeredError: alarm x entered ALARM (Threshold Crossed: 2 datapoints [25.0 (…)] …); scaled y down`
 * → short `Rolled back: alarm x entered ALARM; scaled y down`, alarmText `Threshold Crossed: 2 datapoints [25.0 (…)] …`;
 * `… entered ALARM 1 time during the bake (first at 12:44:00: Threshold Crossed: …) and is ALARM now` →
 * `… entered ALARM 1 time during the bake (first at 12:44:00) and is ALARM now`.
 */
export function foldReason(text: string): FoldedReason {
  const transition = TRANSITION.exec(text);
  if (transition) return { short: transition[1]!, alarmText: transition[2]! };
  let short = "";
  let alarmText: string | undefined;
  let from = 0;
  for (let at = text.indexOf(MARK); at !== -1; at = text.indexOf(MARK, from)) {
    const open = enclosingParen(text, at);
    const close = open === undefined ? undefined : matchingParen(text, open);
    if (open === undefined || close === undefined) {
      alarmText ??= text.slice(at);
      short += text.slice(from, at).replace(/[\s.:;]+$/, "");
      from = text.length;
      break;
    }
    alarmText ??= text.slice(at, close);
    short += open === at - 1 ? text.slice(from, open).trimEnd() : `${text.slice(from, at).replace(/[\s:;,]+$/, "")})`;
    from = close + 1;
  }
  short += text.slice(from);
  // The error's name says what the words after it say again ("AlarmTriggeredError: alarm x entered ALARM").
  short = short.replace(/\b[A-Z]\w*Error: (?=alarm |Bake |Final bake |Approval wait )/g, "");
  return { short, alarmText };
}

/** The index of the `(` whose parenthesis holds `at`, or undefined when none does. */
function enclosingParen(text: string, at: number): number | undefined {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    if (text[i] === ")") depth++;
    else if (text[i] === "(" && depth-- === 0) return i;
  }
  return undefined;
}

/** The index of the `)` closing the `(` at `open`, counting nested pairs; undefined when it is never closed. */
function matchingParen(text: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return undefined;
}
