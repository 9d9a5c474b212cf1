/**
 * The dashboard's one page (served at `/`): the skeleton the script
 * (script.ts) fills from the host's server-sent events. No external asset:
 * it works offline.
 */
export const DASHBOARD_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cascade host</title>
<link rel="stylesheet" href="/dashboard.css">
<script type="module" src="/dashboard.js"></script>
</head>
<body>
<header>
  <h1>Cascade</h1>
  <span id="host-id" class="mono" title="the host's peer id"></span>
  <span id="live" class="live" data-live="connecting">connecting…</span>
</header>
<main>
  <section id="deployment-section">
    <h2>Deployment</h2>
    <p id="deployment-empty" class="muted">No deployment since the host started.</p>
    <div id="deployment" hidden>
      <div id="deployment-title" class="title"></div>
      <dl id="deployment-figures" class="figures"></dl>
      <ol id="waves" class="waves"></ol>
      <div id="trees" class="trees"></div>
    </div>
  </section>
  <section>
    <h2>Fleet <span id="fleet-count" class="muted"></span></h2>
    <table id="fleet">
      <thead><tr>
        <th>peer</th><th>labels</th><th>version</th><th>state</th><th>reachability</th>
        <th class="num">upload</th><th class="num">download</th><th class="num">rtt</th><th>last seen</th><th>in deployment</th>
      </tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <section>
    <h2>History</h2>
    <table id="history">
      <thead><tr>
        <th>deployment</th><th>package</th><th>state</th><th>nodes</th><th class="num">host sent</th><th>created</th><th class="num">took</th><th>reason</th>
      </tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <section>
    <h2>Audit log</h2>
    <table id="audit">
      <thead><tr><th>time</th><th>actor</th><th>action</th><th>deployment</th><th>detail</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
</main>
<footer class="muted">Read-only. Changes go through <code>cascade</code> with an admin key. Metrics: <a href="/metrics">/metrics</a>.</footer>
</body>
</html>
`
