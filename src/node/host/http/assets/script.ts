/**
 * The dashboard's script (served at `/dashboard.js`): a small vanilla
 * module, no framework and no build step. It listens to `/api/events`
 * (server-sent events, each the whole view: src/node/host/http/view.ts) and
 * redraws the page from it; the browser's EventSource reconnects by itself.
 * Every value from the host is set as text, never as HTML.
 */
export const DASHBOARD_JS = String.raw`
const $ = (id) => document.getElementById(id)

function el (tag, attrs, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'class') node.className = value
    else if (key === 'text') node.textContent = value
    else node.setAttribute(key, String(value))
  }
  for (const child of children) {
    if (child != null) node.append(child)
  }
  return node
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
function bytes (n) {
  let value = Number(n) || 0
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) { value /= 1024; unit++ }
  return (unit === 0 ? String(value) : value.toFixed(value < 10 ? 2 : 1)) + ' ' + UNITS[unit]
}
const rate = (bps) => bps > 0 ? bytes(bps) + '/s' : '–'
const short = (peer) => peer.length > 14 ? '…' + peer.slice(-10) : peer
const time = (ms) => ms > 0 ? new Date(ms).toLocaleString() : '–'
function ago (ms, now) {
  if (!(ms > 0)) return '–'
  const s = Math.max(0, Math.round((now - ms) / 1000))
  return s < 90 ? s + ' s ago' : s < 5400 ? Math.round(s / 60) + ' min ago' : Math.round(s / 3600) + ' h ago'
}
const seconds = (ms) => (ms / 1000).toFixed(1) + ' s'
const badge = (state) => el('span', { class: 'state state-' + state, text: state })
const peerCell = (peer) => el('td', { class: 'mono', title: peer, 'data-peer': peer, text: short(peer) })

function fill (tbody, rows) {
  tbody.replaceChildren(...rows)
}

function renderFleet (view) {
  $('fleet-count').textContent = '(' + view.members.length + ' members, ' + view.members.filter(m => m.online).length + ' online)'
  fill($('fleet').tBodies[0], view.members.map(m => {
    const labels = Object.entries(m.labels).map(([k, v]) => k + '=' + v).join(', ')
    const dep = m.deployment
    return el('tr', { 'data-peer': m.peerId },
      peerCell(m.peerId),
      el('td', { text: labels }),
      el('td', { class: 'mono', text: m.version || 'none' }),
      el('td', {}, badge(m.online ? 'online' : 'offline')),
      el('td', { text: m.reachability }),
      el('td', { class: 'num', text: rate(m.uploadBps) }),
      el('td', { class: 'num', text: rate(m.downloadBps) }),
      el('td', { class: 'num', text: m.measuredAt > 0 ? m.rttMs + ' ms' : '–' }),
      el('td', { title: time(m.lastSeen), text: m.online ? 'now' : ago(m.lastSeen, view.host.now) }),
      el('td', { class: 'wrap', title: dep ? dep.reason : '' }, dep ? badge(dep.state) : '', dep && dep.reason ? ' ' + dep.reason : ''))
  }))
}

function figure (label, value) {
  return el('div', {}, el('dt', { text: label }), el('dd', { text: value }))
}

/** One stripe's tree: children of each parent ('' = the host), nested. */
function renderTree (deployment, stripe, stripes, nodes) {
  const parentOf = (planned) => {
    if (stripes > 1) return (planned.stripeParents || [])[stripe] || ''
    const live = nodes.get(planned.peerId)
    return live && live.parent !== undefined ? live.parent : planned.parent
  }
  const children = new Map()
  // a split stripe-child's helper in this stripe (docs/striping.md, "Split stripe-children"), '' = none
  const helperOf = new Map(deployment.plan.nodes.map(planned => [planned.peerId, stripes > 1 ? (planned.stripeHelpers || [])[stripe] || '' : '']))
  for (const planned of deployment.plan.nodes) {
    const parent = parentOf(planned)
    if (!children.has(parent)) children.set(parent, [])
    children.get(parent).push(planned.peerId)
  }
  const size = deployment.packageSize
  const seen = new Set()
  const branch = (parent) => {
    const ids = children.get(parent) || []
    if (ids.length === 0) return null
    return el('ul', {}, ...ids.filter(id => !seen.has(id)).map(id => {
      seen.add(id)
      const node = nodes.get(id) || { state: 'planned', bytesReceived: 0, bytesSent: 0, reason: '' }
      const pct = size > 0 ? Math.min(100, Math.round(node.bytesReceived / size * 100)) : 0
      const box = el('span', { class: 'node', 'data-peer': id, 'data-state': node.state, 'data-progress': pct, title: id + (node.reason ? '\n' + node.reason : '') },
        el('span', { class: 'mono', text: short(id) }),
        badge(node.state),
        el('span', { class: 'bar' }, el('span', { style: 'width:' + pct + '%' })),
        el('span', { class: 'progress num', text: pct + '%' }),
        el('span', { class: 'sent muted', text: 'sent ' + bytes(node.bytesSent) }))
      const helper = helperOf.get(id)
      if (helper) box.append(el('span', { class: 'helper muted mono', 'data-helper': helper, title: 'part of this stripe comes from ' + helper, text: '+ ' + short(helper) }))
      return el('li', {}, box, branch(id))
    }))
  }
  return el('div', { class: 'tree', 'data-stripe': stripe },
    stripes > 1 ? el('h3', { text: 'stripe ' + (stripe + 1) + ' of ' + stripes }) : null,
    el('span', { class: 'node host-node', text: 'host' }),
    branch(''))
}

function renderDeployment (view) {
  const d = view.deployment
  $('deployment-empty').hidden = d != null
  $('deployment').hidden = d == null
  if (d == null) return
  $('deployment').dataset.state = d.state
  $('deployment').dataset.id = d.id
  const title = $('deployment-title')
  title.replaceChildren(d.name + ' ' + d.version + ' ', badge(d.state), el('span', { class: 'muted mono', text: ' ' + d.id }))
  const received = d.nodes.reduce((sum, n) => sum + n.bytesReceived, 0)
  const relayed = d.nodes.reduce((sum, n) => sum + n.bytesSent, 0)
  const total = d.packageSize * d.nodes.length
  const counts = {}
  for (const n of d.nodes) counts[n.state] = (counts[n.state] || 0) + 1
  const end = d.finishedAt > 0 ? d.finishedAt : view.host.now
  $('deployment-figures').replaceChildren(
    figure('package', bytes(d.packageSize)),
    figure('nodes', Object.entries(counts).map(([s, c]) => c + ' ' + s).join(', ')),
    figure('progress', (total > 0 ? Math.round(received / total * 100) : 0) + '%'),
    figure(d.finishedAt > 0 ? 'makespan' : 'elapsed', d.startedAt > 0 ? seconds(end - d.startedAt) : '–'),
    figure('host sent', bytes(d.hostBytesSent) + (d.packageSize > 0 ? ' (' + (d.hostBytesSent / d.packageSize).toFixed(2) + ' × package)' : '')),
    figure('relayed by members', bytes(relayed)),
    figure('stream rate', rate(d.plan.streamRate)),
    figure('T*', seconds(d.plan.lowerBoundMs)))
  const waves = []
  for (let w = 0; w < d.waves; w++) {
    const members = d.nodes.filter(n => n.wave === w)
    const done = members.filter(n => n.state === 'done').length
    waves.push(el('li', { class: w === d.currentWave ? 'current' : '', text: 'wave ' + (w + 1) + ': ' + done + '/' + members.length + ' done' }))
  }
  $('waves').replaceChildren(...(d.waves > 1 ? waves : []))
  $('waves').hidden = d.waves <= 1
  const nodes = new Map(d.nodes.map(n => [n.peerId, n]))
  const stripes = Math.max(1, d.plan.stripes || 1)
  const trees = []
  for (let s = 0; s < stripes; s++) trees.push(renderTree(d, s, stripes, nodes))
  $('trees').replaceChildren(...trees)
}

function renderHistory (view) {
  fill($('history').tBodies[0], view.history.map(d => el('tr', { 'data-id': d.id },
    el('td', { class: 'mono', text: d.id }),
    el('td', { text: d.name + ' ' + d.version }),
    el('td', {}, badge(d.state)),
    el('td', { text: d.nodeStates.map(s => s.count + ' ' + s.state).join(', ') + (d.catchUpStates.length > 0 ? '; catch-up: ' + d.catchUpStates.map(s => s.count + ' ' + s.state).join(', ') : '') }),
    el('td', { class: 'num', text: bytes(d.hostBytesSent) }),
    el('td', { text: time(d.createdAt) }),
    el('td', { class: 'num', text: d.finishedAt > 0 && d.startedAt > 0 ? seconds(d.finishedAt - d.startedAt) : '–' }),
    el('td', { class: 'wrap', text: d.reason }))))
}

function renderAudit (view) {
  fill($('audit').tBodies[0], view.audit.slice().reverse().map(a => el('tr', {},
    el('td', { text: time(a.at) }),
    peerCell(a.actor),
    el('td', { text: a.action }),
    el('td', { class: 'mono', text: a.deploymentId }),
    el('td', { class: 'wrap', text: a.detail }))))
}

function render (view) {
  $('host-id').textContent = view.host.peerId
  $('host-id').title = view.host.addrs.join('\n')
  renderFleet(view)
  renderDeployment(view)
  renderHistory(view)
  renderAudit(view)
  document.body.dataset.updated = String(view.host.now)
}

function setLive (state, text) {
  $('live').dataset.live = state
  $('live').textContent = text
}

const events = new EventSource('/api/events')
events.addEventListener('view', (event) => {
  setLive('live', 'live')
  render(JSON.parse(event.data))
})
events.addEventListener('error', () => { setLive('lost', 'reconnecting…') })
`
