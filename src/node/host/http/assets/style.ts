/** The dashboard's style sheet (served at `/dashboard.css`). */
export const DASHBOARD_CSS = String.raw`
:root { --fg: #1d2430; --muted: #6b7483; --line: #dde2ea; --bg: #f6f8fb; --card: #fff; --accent: #2f6fdf;
  --done: #1f9d55; --busy: #2f6fdf; --wait: #8a94a6; --warn: #c77c02; --bad: #d0312d; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; align-items: baseline; gap: 1em; padding: .6em 1.2em; background: #1d2430; color: #fff; }
header h1 { margin: 0; font-size: 1.3em; }
header .mono { color: #b8c2d3; }
.live { margin-left: auto; font-size: .85em; padding: .1em .6em; border-radius: 1em; background: #59606b; }
.live[data-live="live"] { background: var(--done); }
.live[data-live="lost"] { background: var(--bad); }
main { padding: 0 1.2em 1em; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 6px; margin: 1em 0; padding: .6em 1em 1em; overflow-x: auto; }
h2 { font-size: 1.05em; margin: .3em 0 .6em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25em .6em; border-bottom: 1px solid var(--line); white-space: nowrap; vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: .9em; }
td.wrap { white-space: normal; max-width: 40em; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.mono, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .92em; }
.muted { color: var(--muted); font-weight: normal; }
.title { font-size: 1.1em; font-weight: 600; }
.figures { display: flex; flex-wrap: wrap; gap: .2em 1.6em; margin: .5em 0; }
.figures div { display: flex; gap: .4em; }
.figures dt { color: var(--muted); }
.figures dd { margin: 0; font-variant-numeric: tabular-nums; }
.waves { display: flex; gap: .5em; padding: 0; list-style: none; flex-wrap: wrap; }
.waves li { border: 1px solid var(--line); border-radius: 4px; padding: .1em .6em; }
.waves li.current { border-color: var(--accent); }
.trees { display: flex; flex-wrap: wrap; gap: 1.5em; }
.tree h3 { font-size: .95em; margin: .4em 0; }
.tree ul { list-style: none; margin: 0; padding-left: 1.4em; border-left: 1px dashed var(--line); }
.tree > ul { padding-left: 0; border-left: 0; }
.tree li { margin: .25em 0; }
.node { display: inline-flex; align-items: center; gap: .5em; border: 1px solid var(--line); border-radius: 4px; padding: .15em .5em; background: #fbfcfe; }
.node .bar { width: 90px; height: 7px; background: #e6eaf0; border-radius: 4px; overflow: hidden; }
.node .bar span { display: block; height: 100%; background: var(--busy); }
.node[data-state="done"] .bar span { background: var(--done); }
.host-node { font-weight: 600; }
.state { display: inline-block; padding: 0 .45em; border-radius: 3px; font-size: .85em; color: #fff; background: var(--wait); }
.state-done, .state-succeeded, .state-online { background: var(--done); }
.state-receiving, .state-verified, .state-authenticated, .state-installing, .state-restarting, .state-running, .state-uploading { background: var(--busy); }
.state-deferred, .state-paused, .state-skipped, .state-cancelled, .state-stopped { background: var(--warn); }
.state-failed, .state-rolled-back, .state-offline { background: var(--bad); }
footer { padding: 0 1.2em 1.2em; }
`
