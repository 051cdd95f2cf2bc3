// Phasor's live dashboard: one EventSource per pipeline; each event is a whole snapshot (bounded in size
// by the server), drawn into the sections of index.html. User data is always inserted as escaped text.
// The document is never reloaded: a stream that drops is opened again (see openStream).
'use strict';

const STATES = ['done', 'cached', 'failed', 'skipped', 'running', 'pending'];
const SVG = 'http://www.w3.org/2000/svg';
const $ = id => document.getElementById(id);
let source = null;
let pipeline = null;
let chosenStep = null;
let updates = 0;
let streams = 0;
let reopenTimer = null;
// A dashboard listening beyond loopback needs its token on every request (docs/security.md): the address the
// user opened holds it, and each request made here carries it on (not a cookie: cookies are shared by every port
// of the host). null on loopback.
const TOKEN = new URLSearchParams(location.search).get('token');
// How long to wait before opening a stream the browser gave up on (an HTTP error, such as a proxy's 502).
const REOPEN_MS = 2000;

function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}

function withToken(path) {
  return TOKEN === null ? path : path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(TOKEN);
}

function api(path) {
  return withToken(path + (path.includes('?') ? '&' : '?') + 'pipeline=' + encodeURIComponent(pipeline));
}

function stackedBar(counts, total) {
  return '<div class="bar">' + STATES.filter(s => counts[s] > 0).map(s =>
    `<span data-state="${s}" style="width:${(100 * counts[s] / Math.max(1, total)).toFixed(3)}%"></span>`).join('') + '</div>';
}

function countText(counts) {
  return STATES.filter(s => counts[s] > 0).map(s => counts[s] + ' ' + s).join(', ');
}

function drawCounts(snap) {
  $('counts').innerHTML = STATES.map(s => `<span class="count" data-count="${s}"><span class="swatch" data-state="${s}"></span>`
    + `${s} <b>${snap.counts[s]}</b></span>`).join('') + `<span class="count">total <b>${snap.total}</b></span>`;
  $('overall').outerHTML = stackedBar(snap.counts, snap.total).replace('<div class="bar">', '<div id="overall" class="bar">');
}

function drawPhases(snap) {
  $('phases').innerHTML = snap.phases.map(p => {
    let body = stackedBar(p.counts, p.total);
    if (p.cells) {
      body += '<div class="cells">' + p.cells.map(([name, state]) =>
        `<div class="cell" data-step="${esc(name)}" data-state="${state}" title="${esc(name)}: ${state}"></div>`).join('') + '</div>';
    } else {
      body += p.groups.map(g => `<div class="group" data-group="${esc(g.name)}"><span class="name" title="${esc(g.name)}">`
        + `${esc(g.name)}</span>${stackedBar(g.counts, g.total)}<span class="note">${g.total} steps</span></div>`).join('');
    }
    return `<div class="phase" data-phase="${p.phase}"><div class="phase-label">phase ${p.phase}<br>`
      + `<span class="note">${p.total} steps</span></div><div title="${esc(countText(p.counts))}">${body}</div></div>`;
  }).join('');
}

function drawFailed(snap) {
  $('failed-count').textContent = snap.counts.failed ? '(' + snap.counts.failed + ')' : '';
  if (!snap.failed.length) {
    $('failed').innerHTML = '<p class="none">no step failed</p>';
    return;
  }
  $('failed').innerHTML = snap.failed.map(f => `<div class="failure" data-step="${esc(f.step)}">`
    + `<span class="step" data-step="${esc(f.step)}">${esc(f.step)}</span> <span class="note">phase ${f.phase}, `
    + `${f.attempts} attempt${f.attempts > 1 ? 's' : ''}, on ${esc(f.worker)}</span>`
    + `<div class="error">${esc(f.errorType)}: ${esc(f.errorMessage)}</div>`
    + (f.logTail ? `<pre class="log">${esc(f.logTail)}</pre>` : '<div class="note">(it printed nothing)</div>')
    + '</div>').join('');
}

function drawRate(snap) {
  const pts = snap.rate.points, svg = $('rate'), w = 600, h = 160, per = snap.rate.bucketSeconds;
  const max = Math.max(1, ...pts.map(n => n / per));
  const x = i => 30 + (w - 40) * (pts.length < 2 ? 0 : i / (pts.length - 1));
  const y = n => h - 18 - (h - 30) * (n / per) / max;
  const line = pts.map((n, i) => `${x(i).toFixed(1)},${y(n).toFixed(1)}`).join(' ');
  svg.innerHTML = `<polyline points="${line}" fill="none" stroke="#1565c0" stroke-width="2"/>`
    + `<text x="2" y="12">${max.toFixed(max < 10 ? 1 : 0)}/s</text><text x="2" y="${h - 20}">0</text>`
    + `<text x="30" y="${h - 2}">0 s</text><text x="${w - 60}" y="${h - 2}">${pts.length * per} s</text>`;
  svg.dataset.points = pts.length;
}

function drawGantt(snap) {
  const g = snap.gantt, lanes = Object.keys(g.lanes);
  $('gantt-note').textContent = g.shown ? `(${g.shown} latest steps that ran, by worker)` : '';
  if (!lanes.length) {
    $('gantt').innerHTML = '<p class="none">no step has run yet</p>';
    return;
  }
  const w = 1000, lane = 18, left = 150, span = Math.max(1, g.end - g.origin);
  const x = t => left + (w - left - 10) * (t - g.origin) / span;
  let out = `<svg class="gantt" viewBox="0 0 ${w} ${lanes.length * lane + 20}">`;
  lanes.forEach((worker, i) => {
    out += `<g class="lane" data-worker="${esc(worker)}"><text x="0" y="${i * lane + 13}">${esc(worker)}</text>`;
    for (const [start, end, state, step] of g.lanes[worker]) {
      out += `<rect class="bar" data-step="${esc(step)}" data-state="${state}" x="${x(start).toFixed(1)}" y="${i * lane + 2}" `
        + `width="${Math.max(1, x(end) - x(start)).toFixed(1)}" height="${lane - 5}" fill="var(--${state})">`
        + `<title>${esc(step)}: ${((end - start) / 1000).toFixed(2)} s</title></rect>`;
    }
    out += '</g>';
  });
  out += `<text x="${left}" y="${lanes.length * lane + 15}">0 s</text>`
    + `<text x="${w - 60}" y="${lanes.length * lane + 15}">${(span / 1000).toFixed(1)} s</text></svg>`;
  $('gantt').innerHTML = out;
}

function drawDag(snap) {
  if (!snap.dag) {
    $('dag').innerHTML = `<p class="none">${snap.total} steps: too many to draw; see the phases above</p>`;
    return;
  }
  const byPhase = {};
  const at = {};
  for (const [name, phase] of snap.dag.nodes) {
    (byPhase[phase] = byPhase[phase] || []).push(name);
  }
  const phases = Object.keys(byPhase).map(Number).sort((a, b) => a - b);
  const colW = 170, rowH = 30, rows = Math.max(1, ...phases.map(p => byPhase[p].length));
  phases.forEach((p, c) => byPhase[p].forEach((name, r) => { at[name] = [10 + c * colW, 10 + r * rowH]; }));
  const w = phases.length * colW + 20, h = rows * rowH + 20;
  let out = `<svg class="dag" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`;
  for (const [from, to] of snap.dag.edges) {
    const [x1, y1] = at[from], [x2, y2] = at[to];
    out += `<line x1="${x1 + 140}" y1="${y1 + 10}" x2="${x2}" y2="${y2 + 10}" stroke="#90a4ae"/>`;
  }
  for (const [name, , state] of snap.dag.nodes) {
    const [x, y] = at[name];
    out += `<g class="node" data-step="${esc(name)}" data-state="${state}"><rect x="${x}" y="${y}" width="140" height="20" rx="4" `
      + `fill="var(--${state})"/><text x="${x + 5}" y="${y + 14}">${esc(name.length > 22 ? name.slice(0, 21) + '…' : name)}</text></g>`;
  }
  $('dag').innerHTML = out + '</svg>';
}

function row(label, value) {
  return value === undefined || value === null || value === '' ? '' : `<tr><td>${esc(label)}</td><td>${value}</td></tr>`;
}

async function showStep(name) {
  chosenStep = name;
  $('detail-name').textContent = name;
  const answer = await fetch(api('/api/step?name=' + encodeURIComponent(name)));
  if (!answer.ok) {
    $('detail').textContent = await answer.text();
    return;
  }
  const d = await answer.json(), s = d.status || {};
  const params = d.params && Object.keys(d.params).length ? `<pre>${esc(JSON.stringify(d.params, null, 2))}</pre>` : 'none';
  const href = d.resultFile && withToken(`/files/${encodeURIComponent(pipeline)}/${encodeURIComponent(d.resultFile)}`);
  const file = d.resultFile ? `<a class="download" href="${esc(href)}" `
    + `download>${esc(d.resultFile)}</a> (${d.resultBytes} bytes)` : '';
  $('detail').innerHTML = '<table>'
    + row('state', `<span class="badge" data-state="${d.outcome}">${d.outcome}</span>`)
    + row('why', esc(d.why)) + row('kind', esc(d.kind)) + row('parameters', params)
    + row('inputs', esc((d.inputs || []).join(', '))) + row('after', esc((d.after || []).join(', ')))
    + row('key', `<code>${esc(d.key)}</code>`)
    + row('key from', '<pre>' + esc(d.keyComponents.map(c => c.name + ' ' + c.value).join('\n')) + '</pre>')
    + row('worker', esc(s.worker)) + row('started', esc(s.started)) + row('ended', esc(s.ended))
    + row('duration', s.durationMs ? esc(s.durationMs.toFixed(1) + ' ms') : '')
    + row('attempts', s.attempt ? esc(s.attempt) : '')
    + row('error', s.errorType ? `<div class="error">${esc(s.errorType)}: ${esc(s.errorMessage)}</div>` : '')
    + row('stack trace', s.stackTrace ? `<pre>${esc(s.stackTrace)}</pre>` : '')
    + row('result', file)
    + row('value', d.preview ? `<pre class="preview">${esc(d.preview)}</pre>` : esc(d.previewNote))
    + row('log (end)', d.logTail ? `<pre class="log">${esc(d.logTail)}</pre>` : '')
    + '</table>';
}

async function loadRuns() {
  const answer = await fetch(api('/api/runs'));
  const runs = answer.ok ? await answer.json() : [];
  if (!runs.length) {
    $('runs').innerHTML = '<p class="none">no run has finished yet</p>';
    return;
  }
  $('runs').innerHTML = '<table><tr><th>run</th><th>outcome</th><th>started</th><th>wall</th><th>backend</th><th>steps</th></tr>'
    + runs.map((r, i) => `<tr data-run="${i}"><td>${esc(r.runId)}</td><td>${esc(r.outcome)}</td><td>${esc(r.startedAt)}</td>`
      + `<td>${(r.wallMillis / 1000).toFixed(1)} s</td><td>${esc(r.backend)}</td><td>${esc(countText(r.counts || {}))}</td></tr>`).join('')
    + '</table>';
  $('runs').querySelectorAll('tr[data-run]').forEach(tr => tr.addEventListener('click', () => {
    $('runs').querySelectorAll('tr.chosen').forEach(t => t.classList.remove('chosen'));
    tr.classList.add('chosen');
    $('run-detail').textContent = JSON.stringify(runs[Number(tr.dataset.run)], null, 2);
  }));
}

let wasLive = null;
function draw(snap) {
  $('pipeline-name').textContent = snap.pipeline;
  document.title = 'Phasor: ' + snap.pipeline + (snap.live ? ' (running)' : '');
  $('live').textContent = snap.live ? 'running' : 'not running';
  $('live').classList.toggle('live', snap.live);
  $('clock').textContent = snap.runStart ? 'run started ' + snap.runStart.replace(/\.\d+Z$/, 'Z').replace('T', ' ') : '';
  drawCounts(snap);
  drawPhases(snap);
  drawFailed(snap);
  drawRate(snap);
  drawGantt(snap);
  drawDag(snap);
  if (wasLive !== snap.live) {
    loadRuns();
  }
  wasLive = snap.live;
  document.body.dataset.live = snap.live;
  document.body.dataset.updates = ++updates;
  document.body.dataset.ready = 'true';
}

function follow(name) {
  pipeline = name;
  openStream();
}

// The browser opens a dropped stream again by itself; one it gave up on (readyState CLOSED after an HTTP error)
// is opened again here, after a pause. Either way the server starts each stream with the whole current snapshot,
// so nothing missed meanwhile is lost, and the page (the chosen step, the scroll) stays as it is.
function openStream() {
  clearTimeout(reopenTimer);
  if (source) {
    source.close();
  }
  const s = new EventSource(api('/api/events'));
  source = s;
  s.onmessage = e => draw(JSON.parse(e.data));
  s.onopen = () => {
    document.body.dataset.stream = 'open';
    document.body.dataset.streams = ++streams;
  };
  s.onerror = () => {
    document.body.dataset.stream = 'reconnecting';
    if (s === source && s.readyState === EventSource.CLOSED) {
      reopenTimer = setTimeout(openStream, REOPEN_MS);
    }
  };
}

document.addEventListener('click', e => {
  const target = e.target.closest('[data-step]');
  if (target && !target.closest('#detail')) {
    showStep(target.dataset.step);
  }
});

async function start() {
  const names = await (await fetch(withToken('/api/pipelines'))).json();
  const wanted = new URLSearchParams(location.search).get('pipeline');
  $('pipeline').innerHTML = names.map(n => `<option>${esc(n)}</option>`).join('');
  $('pipeline').hidden = names.length < 2;
  $('pipeline').addEventListener('change', e => follow(e.target.value));
  const first = names.includes(wanted) ? wanted : names[0];
  if (first === undefined) {
    $('phases').innerHTML = '<p class="none">no pipeline in this cache yet</p>';
    return;
  }
  $('pipeline').value = first;
  follow(first);
  const step = new URLSearchParams(location.search).get('step');
  if (step) {
    showStep(step);
  }
}

start();
