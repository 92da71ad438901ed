// Kafka 101 Lab console: polls /api/snapshot once a second and redraws what changed. No framework, no build step.
'use strict';

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#edc948', '#76b7b2', '#ff9da7', '#9c755f', '#5f6b7a'];
const CLASSIC_ASSIGNORS = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'];
const CONSUMER_ASSIGNORS = ['uniform', 'range'];
const TIMELINE_MS = 5 * 60 * 1000;

const params = new URLSearchParams(location.search);
const token = params.get('token') || sessionStorage.getItem('consoleToken') || '';
if (token) sessionStorage.setItem('consoleToken', token);

const pending = {};        // broker id -> 'stopping' | 'starting' while its button's request runs
const drawn = {};          // element id -> the HTML last written, so unchanged parts are not redrawn
let last = null;           // the last snapshot

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
const colour = (i) => i == null ? '#d0d5dd' : PALETTE[i % PALETTE.length];
const fmt = (n) => n == null ? '–' : Number(n).toLocaleString('en-US');
const rate = (r) => r ? (r >= 100 ? Math.round(r) : r.toFixed(1)) : '0';

function put(id, html) {
  if (drawn[id] !== html) {
    $(id).innerHTML = html;
    drawn[id] = html;
  }
}

// A list of cards (one per topic or group): only the cards whose HTML changed are replaced, so a busy topic does
// not redraw the 49 quiet ones.
function putCards(id, cards) {
  const keys = cards.map((c) => c.key).join('\u0000');
  const before = drawn[id];
  const el = $(id);
  if (!before || before.keys !== keys || el.children.length !== cards.length) {
    el.innerHTML = cards.map((c) => c.html).join('');
    drawn[id] = {keys, html: cards.map((c) => c.html)};
    return;
  }
  cards.forEach((c, i) => {
    if (before.html[i] !== c.html) {
      el.children[i].outerHTML = c.html;
      before.html[i] = c.html;
    }
  });
}

// ---------------------------------------------------------------- brokers

function renderBrokers(s) {
  const html = s.brokers.map((b) => {
    const busy = pending[b.id] || b.busy;
    let actions = '';
    if (s.embedded && token) {
      const stop = `<button class="stop" data-action="broker-stop" data-id="${b.id}" ${b.canStop && !busy ? '' : 'disabled'}
        title="${esc(b.stopBlockedBecause || 'controlled shutdown of broker ' + b.id)}">${busy === 'stopping' ? 'Stopping…' : 'Stop'}</button>`;
      const start = `<button class="start" data-action="broker-start" data-id="${b.id}" ${b.canStart && !busy ? '' : 'disabled'}
        >${busy === 'starting' ? 'Starting…' : 'Start'}</button>`;
      actions = `<div class="actions">${stop}${start}</div>`;
    }
    const why = b.up && b.stopBlockedBecause ? `<div class="why">⚠ ${esc(b.stopBlockedBecause)}</div>` : '';
    return `<div class="card broker ${b.up ? 'up' : 'down'}" id="broker-${b.id}" data-broker="${b.id}" data-up="${b.up}">
      <div><span class="title">Broker ${b.id}</span>
        <span class="pill ${b.up ? 'up' : 'down'} status">${b.up ? 'up' : 'down'}</span>
        ${b.controller ? '<span class="pill ctl">controller</span>' : ''}</div>
      <div class="dim small">${b.up ? esc(b.address) : 'not registered with the controller'}</div>
      ${actions}${why}</div>`;
  }).join('');
  put('brokers', html || '<span class="dim">no broker answers</span>');
  const up = s.brokers.filter((b) => b.up).length;
  put('brokers-note', `${up} of ${s.brokers.length} up. ` + (s.embedded
    ? 'Stop = controlled shutdown: leadership moves, the broker leaves every ISR. Start = same port, same data.'
    : 'External cluster: brokers cannot be stopped from this page.'));
}

// ---------------------------------------------------------------- topics

function replicaChips(p) {
  return p.replicas.map((r) => {
    const inIsr = p.isr.includes(r);
    return `<span class="rep ${inIsr ? '' : 'out'} ${r === p.leader ? 'leader' : ''}" title="broker ${r}${r === p.leader ? ' (leader)' : ''}${inIsr ? ', in sync' : ', NOT in sync'}">${r}</span>`;
  }).join('');
}

function renderTopics(s) {
  if (!s.topics.length) {
    putCards('topics', [{key: '', html: '<span class="dim">no topics yet — start a producer above or run a demo</span>'}]);
    return;
  }
  putCards('topics', s.topics.map((t) => {
    const rows = t.partitions.map((p) => {
      const cls = p.underMinIsr ? 'under-min' : (p.underReplicated ? 'under' : '');
      const flag = p.underMinIsr ? `<span class="flag bad">under min ISR</span>` : (p.underReplicated ? '<span class="flag">under-replicated</span>' : '');
      return `<tr class="${cls}" data-topic="${esc(t.name)}" data-partition="${p.partition}" data-isr="${p.isr.join(',')}" data-leader="${p.leader == null ? '' : p.leader}">
        <td class="num">${p.partition}</td><td class="num">${p.leader == null ? '<span class="flag bad">none</span>' : p.leader}</td>
        <td>${replicaChips(p)}</td><td class="isr">${p.isr.join(', ')}${flag}</td>
        <td class="num">${fmt(p.logEndOffset)}</td><td class="num">${rate(p.messagesPerSecond)}</td></tr>`;
    }).join('');
    const html = `<div class="card topic" data-topic="${esc(t.name)}">
      <div class="head"><span class="name">${esc(t.name)}</span>
        <span class="dim small">${t.partitions.length} partitions · RF ${t.replicationFactor} · min ISR ${t.minInsyncReplicas}</span>
        <span class="small"><b>${rate(t.messagesPerSecond)}</b> msg/s</span></div>
      <table><thead><tr><th class="num">P</th><th class="num">leader</th><th>replicas</th><th>ISR</th>
        <th class="num">log-end offset</th><th class="num">msg/s</th></tr></thead><tbody>${rows}</tbody></table></div>`;
    return {key: t.name, html};
  }));
}

// ---------------------------------------------------------------- groups

function timeline(g, now) {
  const changes = g.timeline || [];
  const parts = [...new Set([
    ...g.partitions.map((p) => p.topic + '-' + p.partition),
    ...changes.flatMap((c) => Object.keys(c.owners))])].sort((a, b) => {
      const ia = a.lastIndexOf('-'), ib = b.lastIndexOf('-');
      return a.slice(0, ia).localeCompare(b.slice(0, ib)) || (+a.slice(ia + 1) - +b.slice(ib + 1));
    });
  if (!parts.length || !changes.length) return '';
  const W = 900, left = 120, rowH = 12, top = 4, axis = 16;
  const H = top + parts.length * rowH + axis;
  const from = now - TIMELINE_MS;
  const x = (t) => left + (Math.max(t, from) - from) / TIMELINE_MS * (W - left - 4);
  let svg = '';
  parts.forEach((tp, i) => {
    const y = top + i * rowH;
    svg += `<text x="${left - 6}" y="${y + rowH - 3}" text-anchor="end" font-size="10" fill="#667085">${esc(tp)}</text>`;
    changes.forEach((c, k) => {
      const end = k + 1 < changes.length ? changes[k + 1].time : now;
      if (end < from) return;
      const o = c.owners[tp];
      const x0 = x(c.time), x1 = x(end);
      if (x1 - x0 < 0.5) return;
      svg += `<rect x="${x0.toFixed(1)}" y="${y + 1}" width="${(x1 - x0).toFixed(1)}" height="${rowH - 2}" fill="${o == null ? '#eef0f3' : colour(o)}"/>`;
    });
  });
  changes.forEach((c) => {
    if (c.time >= from) svg += `<line x1="${x(c.time)}" x2="${x(c.time)}" y1="${top}" y2="${H - axis}" stroke="#1d2330" stroke-width="0.6" stroke-dasharray="2,2"><title>${new Date(c.time).toLocaleTimeString()}: ${c.members} member(s), ${esc(c.state)}</title></line>`;
  });
  for (let m = 0; m <= 5; m++) {
    const t = from + m * 60000;
    svg += `<text x="${x(t)}" y="${H - 4}" font-size="10" fill="#667085" text-anchor="${m === 0 ? 'start' : (m === 5 ? 'end' : 'middle')}">${m === 5 ? 'now' : '−' + (5 - m) + ' min'}</text>`;
  }
  return `<div class="timeline"><div class="dim small">assignment over the last 5 minutes (a colour per member; grey = nobody; dashed line = a change)</div>
    <svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="assignment timeline">${svg}</svg></div>`;
}

function renderGroups(s) {
  if (!s.groups.length) {
    putCards('groups', [{key: '', html: '<span class="dim">no consumer groups yet — start a consumer above</span>'}]);
    return;
  }
  putCards('groups', s.groups.map((g) => {
    const byId = Object.fromEntries(g.members.map((m) => [m.memberId, m]));
    const members = g.members.map((m) => `<div class="member" data-member="${esc(m.memberId)}">
        <span class="swatch" style="background:${colour(m.colour)}"></span><b>${esc(m.clientId)}</b>
        <span class="dim small" title="${esc(m.memberId)}">${esc(m.memberId.slice(0, 8))}…</span>
        <span class="small">${m.assignment.length ? m.assignment.map(esc).join(', ') : '<i class="dim">nothing assigned</i>'}</span></div>`).join('')
      || '<div class="dim small">no members</div>';
    const rows = g.partitions.map((p) => {
      const m = byId[p.owner];
      return `<tr data-group-partition="${esc(p.topic)}-${p.partition}" data-lag="${p.lag == null ? '' : p.lag}">
        <td>${esc(p.topic)}-${p.partition}</td>
        <td>${m ? `<span class="swatch" style="background:${colour(m.colour)}"></span>${esc(m.clientId)}` : '<span class="dim">—</span>'}</td>
        <td class="num">${fmt(p.committed)}</td><td class="num">${fmt(p.logEndOffset)}</td>
        <td class="num"><b>${fmt(p.lag)}</b></td></tr>`;
    }).join('');
    const html = `<div class="card group" data-group="${esc(g.groupId)}">
      <div class="head"><span class="name">${esc(g.groupId)}</span>
        <span class="pill proto">${esc(g.protocol)}</span><span class="pill state ${esc(g.state)}">${esc(g.state)}</span>
        <span class="dim small">assignor ${esc(g.assignor || '–')} · ${g.members.length} member(s) · coordinator ${g.coordinator == null ? '–' : g.coordinator}${g.groupEpoch != null ? ' · epoch ' + g.groupEpoch : ''}</span>
        <span class="small">lag <b>${fmt(g.totalLag)}</b></span></div>
      <div class="body"><div>${members}</div>
        ${rows ? `<table><thead><tr><th>partition</th><th>owner</th><th class="num">committed</th><th class="num">log-end</th><th class="num">lag</th></tr></thead><tbody>${rows}</tbody></table>` : ''}</div>
      ${timeline(g, s.time)}</div>`;
    return {key: g.groupId, html};
  }));
}

// ---------------------------------------------------------------- lab clients

function renderLab(s) {
  const lab = s.lab || {consumers: [], producers: []};
  const consumers = lab.consumers.map((c) => `<div class="card client" data-lab-consumer="${c.id}">
      <b>${esc(c.clientId)}</b><span>group <b>${esc(c.group)}</b> · ${esc(c.topic)} · ${esc(c.protocol)}/${esc(c.assignor)}${c.delayMsPerRecord ? ' · ' + c.delayMsPerRecord + ' ms/record' : ''}</span>
      <span>${esc(c.state)} · read ${fmt(c.consumed)} · owns ${c.assigned.length ? c.assigned.map(esc).join(', ') : 'nothing'}</span>
      <span class="dim small">${esc(c.lastEvent)}</span>
      ${token ? `<button class="stop" data-action="consumer-stop" data-id="${c.id}">Stop</button>` : ''}</div>`).join('');
  const producers = lab.producers.map((p) => `<div class="card client" data-lab-producer="${p.id}">
      <b>${esc(p.clientId)}</b><span>${esc(p.topic)} · ${p.recordsPerSecond}/s · acks=${esc(p.acks)}</span>
      <span>sent ${fmt(p.sent)} · acked <b>${fmt(p.acked)}</b> · failed <b>${fmt(p.failed)}</b> · pending ${fmt(p.pending)} · send rate ${rate(p.sendRate)}/s</span>
      ${p.lastError ? `<span class="err">${esc(p.lastError)}</span>` : ''}
      ${token ? `<button class="stop" data-action="producer-stop" data-id="${p.id}">Stop</button>` : ''}</div>`).join('');
  put('lab-clients', (consumers || producers) ? `<div class="clients">${producers}${consumers}</div>` : '');
}

// ---------------------------------------------------------------- loop

const renderStats = {count: 0, totalMs: 0, maxMs: 0}; // how long redraws take (docs/console.md, the bench reads it)

function render(s) {
  const t0 = performance.now();
  renderSections(s);
  const ms = performance.now() - t0;
  renderStats.count++;
  renderStats.totalMs += ms;
  renderStats.maxMs = Math.max(renderStats.maxMs, ms);
}

function renderSections(s) {
  last = s;
  $('cluster').textContent = `cluster ${s.clusterId || '?'} · ${s.bootstrapServers || ''} · ${s.embedded ? 'embedded (this JVM)' : 'external'}`;
  renderBrokers(s);
  renderLab(s);
  if (window.renderWikimedia) window.renderWikimedia(s); // wikimedia.js: the Wikimedia panel
  renderGroups(s);
  renderTopics(s);
  const errors = $('errors');
  errors.hidden = !s.errors || !s.errors.length;
  if (!errors.hidden) errors.textContent = 'Admin API: ' + s.errors.join(' · ');
}

async function tick() {
  try {
    const r = await fetch('/api/snapshot', {cache: 'no-store'});
    if (r.ok) {
      render(await r.json());
      $('live').className = 'live';
      $('live').textContent = '● live';
    }
  } catch (e) {
    $('live').className = 'live stale';
    $('live').textContent = '● console not reachable';
  } finally {
    setTimeout(tick, 1000);
  }
}

// ---------------------------------------------------------------- actions

function notice(text, isError) {
  const n = $('notice');
  n.hidden = false;
  n.className = 'notice' + (isError ? ' error' : '');
  n.textContent = text;
}

async function act(path, query) {
  const qs = new URLSearchParams(query).toString();
  try {
    const r = await fetch(path + (qs ? '?' + qs : ''), {method: 'POST', headers: {'X-Console-Token': token}});
    const body = await r.json();
    notice(body.ok ? body.message : body.error, !body.ok);
    return body.ok;
  } catch (e) {
    notice('request failed: ' + e, true);
    return false;
  }
}

document.addEventListener('click', async (e) => {
  const b = e.target.closest('button[data-action]');
  if (!b || b.disabled) return;
  const id = b.dataset.id;
  switch (b.dataset.action) {
    case 'broker-stop':
    case 'broker-start': {
      const stop = b.dataset.action === 'broker-stop';
      pending[id] = stop ? 'stopping' : 'starting';
      if (last) renderBrokers(last);
      await act('/api/brokers/' + (stop ? 'stop' : 'start'), {id});
      delete pending[id];
      if (last) renderBrokers(last);
      break;
    }
    case 'consumer-stop':
      b.disabled = true; b.textContent = 'Stopping…';
      await act('/api/consumers/stop', {id});
      break;
    case 'producer-stop':
      b.disabled = true; b.textContent = 'Stopping…';
      await act('/api/producers/stop', {id});
      break;
  }
});

function fillAssignors() {
  const form = $('consumer-form');
  const list = form.protocol.value === 'classic' ? CLASSIC_ASSIGNORS : CONSUMER_ASSIGNORS;
  form.assignor.innerHTML = list.map((a) => `<option>${a}</option>`).join('');
}

$('consumer-form').protocol.addEventListener('change', fillAssignors);
$('consumer-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target;
  f.querySelector('button').disabled = true;
  await act('/api/consumers/start', {topic: f.topic.value, group: f.group.value, protocol: f.protocol.value,
    assignor: f.assignor.value, delayMs: f.delayMs.value});
  f.querySelector('button').disabled = false;
});
$('producer-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target;
  f.querySelector('button').disabled = true;
  await act('/api/producers/start', {topic: f.topic.value, rate: f.rate.value, acks: f.acks.value});
  f.querySelector('button').disabled = false;
});

fillAssignors();
if (!token) {
  $('readonly').hidden = false;
  document.querySelectorAll('.lab button').forEach((b) => { b.disabled = true; });
}
tick();
