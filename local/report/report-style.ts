// The report's inline stylesheet: system fonts only, so the file renders the same offline.

export const REPORT_CSS = `
:root { --a: #2563eb; --a-soft: #bfd3fb; --b: #ea580c; --b-soft: #fbd3bd; --ok: #15803d; --bad: #b91c1c;
  --warn: #a16207; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --paper: #ffffff; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 12px; }
.subtitle { color: var(--muted); margin: 0 0 20px; }
.deployments { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); }
.deployment { background: var(--paper); border: 1px solid var(--line); border-left: 6px solid var(--muted);
  border-radius: 8px; padding: 12px 16px; }
.deployment.promoted { border-left-color: var(--ok); }
.deployment.rolled_back, .deployment.failed { border-left-color: var(--bad); }
.deployment .head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; }
.deployment code { font-size: 14px; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; letter-spacing: .02em; text-transform: uppercase;
  padding: 2px 8px; border-radius: 999px; background: #e5e7eb; color: var(--ink); }
.badge.promoted { background: #dcfce7; color: var(--ok); }
.badge.rolled_back, .badge.failed { background: #fee2e2; color: var(--bad); }
.reason { margin: 8px 0 4px; }
.deployment.rolled_back .reason, .deployment.failed .reason { font-weight: 600; color: var(--bad); font-size: 16px; }
.meta { color: var(--muted); font-size: 13px; }
details.alarm-text { margin: 0 0 4px; font-size: 13px; color: var(--muted); }
details.alarm-text summary, details.polls summary { cursor: pointer; }
details.polls { margin-top: 8px; font-size: 13px; color: var(--muted); }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 16px; }
.legend { display: flex; flex-wrap: wrap; gap: 16px; font-size: 13px; color: var(--muted); margin-bottom: 8px; }
.swatch { display: inline-block; width: 14px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: middle; }
.swatch.a { background: var(--a); } .swatch.b { background: var(--b); }
.swatch.alarm { background: var(--bad); height: 2px; } .swatch.deploy { background: var(--muted); height: 2px; }
.swatch.promote { background: var(--ok); height: 2px; }
svg.chart { width: 100%; height: auto; display: block; font-size: 11px; }
svg .panel { fill: #fbfbfc; stroke: var(--line); }
svg .grid { stroke: var(--line); }
svg .axis { stroke: var(--muted); }
svg .tick { fill: var(--muted); }
svg .panel-title { fill: var(--ink); font-size: 12px; font-weight: 600; }
svg .empty { fill: var(--muted); font-size: 13px; }
svg .share-a, svg .instance-old { fill: var(--a-soft); stroke: var(--a); stroke-width: 1.5; }
svg .share-b, svg .instance-new { fill: var(--b-soft); }
svg .error-a, svg .error-b { fill: none; stroke-width: 2; stroke-linejoin: round; }
svg .error-a { stroke: var(--a); } svg .error-b { stroke: var(--b); }
svg .threshold { stroke: var(--bad); stroke-width: 1; stroke-dasharray: 6 4; opacity: .8; }
svg .threshold-label { fill: var(--bad); font-size: 11px; }
svg .marker line { stroke-width: 1.2; stroke-dasharray: 4 3; }
svg .marker text { font-size: 11px; }
svg .marker-alarm line { stroke: var(--bad); } svg .marker-alarm text { fill: var(--bad); font-weight: 600; }
svg .marker-rollback line { stroke: var(--bad); stroke-dasharray: none; } svg .marker-rollback text { fill: var(--bad); }
svg .marker-promote line { stroke: var(--ok); stroke-dasharray: none; } svg .marker-promote text { fill: var(--ok); }
svg .marker-deploy line { stroke: var(--muted); } svg .marker-deploy text { fill: var(--muted); }
table { width: 100%; border-collapse: collapse; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; }
th, td { text-align: left; padding: 6px 12px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td.time { font-variant-numeric: tabular-nums; color: var(--muted); white-space: nowrap; }
tr.alarm td, tr.rollback td { background: #fef2f2; }
tr.promote td { background: #f0fdf4; }
.kind { font-size: 12px; font-weight: 600; text-transform: uppercase; }
tr.alarm .kind, tr.rollback .kind { color: var(--bad); } tr.promote .kind { color: var(--ok); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;
