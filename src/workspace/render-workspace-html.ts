const STYLES = `
:root { --ink:#33475b; --muted:#516f90; --line:#dfe3eb; --bg:#f5f8fa; --brand:#ff7a59; --accent:#0091ae; --ok:#00a4bd; --good:#00bda5; --warn:#f5c26b; --bad:#f2545b; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
header.top { display:flex; align-items:center; gap:16px; padding:10px 20px; background:#2d3e50; color:#fff; flex-wrap:wrap; }
header.top strong { font-size:16px; }
header.top nav { display:flex; gap:4px; flex-wrap:wrap; }
header.top nav a { color:#fff; text-decoration:none; padding:6px 10px; border-radius:4px; }
header.top nav a.active, header.top nav a:hover { background:rgba(255,255,255,.15); }
header.top .portal { margin-left:auto; font-size:12px; opacity:.8; }
main { padding:20px; max-width:1400px; margin:0 auto; }
h1 { font-size:22px; margin:0 0 12px; } h2 { font-size:16px; margin:0 0 10px; } h3 { font-size:14px; margin:0 0 8px; }
.panel { background:#fff; border:1px solid var(--line); border-radius:6px; padding:16px; margin-bottom:16px; }
.record { display:grid; grid-template-columns: 320px minmax(0,1fr) 340px; gap:16px; align-items:start; }
@media (max-width: 1100px) { .record { grid-template-columns: 1fr; } }
.record > * { min-width:0; }
.card-frame { overflow-x:auto; }
@media (max-width: 600px) { main { padding:10px; } .uie-table th, .uie-table td { padding:4px 3px; } .uie-statistics { gap:14px; } }
table.list { width:100%; border-collapse:collapse; background:#fff; }
table.list th, table.list td { text-align:left; padding:8px 10px; border-bottom:1px solid var(--line); }
table.list th button { all:unset; cursor:pointer; font-weight:600; }
.scroll { overflow-x:auto; }
.filters { display:flex; gap:8px; align-items:center; margin-bottom:12px; flex-wrap:wrap; }
.prop { display:flex; flex-direction:column; gap:2px; padding:6px 0; border-bottom:1px solid var(--line); }
.prop label { font-size:12px; color:var(--muted); }
.prop input, .prop select, .filters select, .wf select, .wf input { font:inherit; padding:5px 8px; border:1px solid #cbd6e2; border-radius:3px; background:#fff; }
.prop .written-by-app { font-size:11px; color:var(--muted); }
.prop.output .value { font-weight:600; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; background:#eaf0f6; }
.tier-platinum { background:#e5e4e2; } .tier-gold { background:#fbe7a1; } .tier-silver { background:#dfe3eb; } .tier-bronze { background:#f3d3b3; }
.tabs { display:flex; gap:4px; border-bottom:1px solid var(--line); margin-bottom:12px; }
.tabs button { all:unset; cursor:pointer; padding:8px 12px; border-bottom:2px solid transparent; }
.tabs button.active { border-color: var(--brand); font-weight:600; }
.muted { color: var(--muted); } .small { font-size:12px; }
.timeline li, .audit li { margin-bottom:8px; overflow-wrap:anywhere; }
.audit .change { font-family: ui-monospace, monospace; font-size:11px; white-space:pre-wrap; }
.prop .value { overflow-wrap:anywhere; }
pre.json { background:#f5f8fa; padding:8px; overflow:auto; font-size:12px; }
button.primary, button.secondary { font:inherit; padding:6px 14px; border-radius:3px; cursor:pointer; border:1px solid var(--brand); }
button.primary { background:var(--brand); color:#fff; } button.secondary { background:#fff; color:var(--brand); }
.wf { display:flex; flex-direction:column; gap:6px; margin-bottom:12px; padding-bottom:12px; border-bottom:1px solid var(--line); }
.uie-flex > * { min-width:0; }
.uie-text { margin:0; } .uie-text-microcopy { font-size:12px; color:var(--muted); }
.uie-heading { margin:4px 0; font-size:14px; }
.uie-divider { border:0; border-top:1px solid var(--line); margin:8px 0; width:100%; }
.uie-tag { display:inline-block; padding:0 8px; border-radius:3px; font-size:12px; border:1px solid #cbd6e2; background:#f5f8fa; white-space:nowrap; }
.uie-tag-success { background:#e5f8f6; border-color:var(--good); } .uie-tag-warning { background:#fef8f0; border-color:var(--warn); }
.uie-tag-error { background:#fde8e9; border-color:var(--bad); } .uie-tag-info { background:#e5f5f8; border-color:var(--ok); }
.uie-alert { border-left:4px solid var(--ok); background:#e5f5f8; padding:8px 12px; display:flex; flex-direction:column; gap:2px; }
.uie-alert-success { border-color:var(--good); background:#e5f8f6; } .uie-alert-warning { border-color:var(--warn); background:#fef8f0; } .uie-alert-error, .uie-alert-danger { border-color:var(--bad); background:#fde8e9; }
.uie-empty, .uie-error-state { padding:16px; text-align:center; display:flex; flex-direction:column; gap:6px; align-items:center; }
.uie-spinner { display:flex; gap:8px; align-items:center; justify-content:center; padding:12px; }
.uie-spinner-dot { width:10px; height:10px; border-radius:50%; background:var(--brand); display:inline-block; animation: pulse 1s infinite alternate; }
@keyframes pulse { from { opacity:.3 } to { opacity:1 } }
.uie-button { font:inherit; padding:6px 14px; border-radius:3px; cursor:pointer; border:1px solid var(--brand); background:#fff; color:var(--brand); display:inline-flex; gap:6px; align-items:center; }
.uie-button-primary { background:var(--brand); color:#fff; } .uie-button:disabled { opacity:.5; cursor:not-allowed; }
.uie-form { margin:0; } .uie-field { display:flex; flex-direction:column; gap:2px; font-size:12px; color:var(--muted); }
.uie-field select { font:inherit; padding:5px 8px; border:1px solid #cbd6e2; border-radius:3px; color:var(--ink); }
.uie-field textarea { font:inherit; padding:5px 8px; border:1px solid #cbd6e2; border-radius:3px; color:var(--ink); min-height:48px; } .uie-field-error { color:#c0392b; }
.uie-progress-head { display:flex; justify-content:space-between; font-weight:600; }
.uie-progress-track { height:10px; background:#eaf0f6; border-radius:5px; overflow:hidden; margin:4px 0; }
.uie-progress-fill { height:100%; background:var(--good); transition: width .4s; }
.uie-progress-warning .uie-progress-fill { background:var(--warn); }
.uie-statistics { display:flex; gap:24px; flex-wrap:wrap; }
.uie-stat { display:flex; flex-direction:column; } .uie-stat-label { font-size:12px; color:var(--muted); } .uie-stat-number { font-size:22px; font-weight:600; }
.uie-trend-increase { color:var(--good); } .uie-trend-decrease { color:var(--bad); }
.uie-table { width:100%; border-collapse:collapse; } .uie-table th, .uie-table td { text-align:left; padding:4px 6px; border-bottom:1px solid var(--line); vertical-align:top; }
.card-frame { border:1px solid var(--line); border-radius:6px; padding:12px; background:#fff; }
.card-frame > .card-title { font-weight:600; margin-bottom:8px; display:flex; justify-content:space-between; }
.uie-chart { margin:0; } .uie-chart figcaption { font-weight:600; margin-bottom:4px; }
.uie-chart svg { width:100%; max-width:760px; height:auto; display:block; }
.uie-chart-legend { display:flex; gap:16px; flex-wrap:wrap; list-style:none; padding:0; margin:4px 0 0; font-size:12px; }
.uie-page-title { font-size:20px; margin:0 0 12px; }
`;

/** The workspace's one HTML page; the app bundle draws the rest. */
export function renderWorkspaceHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Partner enablement — sandbox workspace</title>
<style>${STYLES}</style>
</head>
<body>
<div id="root"><p style="padding:20px">Loading the workspace…</p></div>
<script src="/workspace/app.js"></script>
</body>
</html>`;
}
