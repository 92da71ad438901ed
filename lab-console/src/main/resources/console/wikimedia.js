// Kafka 101 Lab console: the Wikimedia panel (snapshot.wikimedia, written by WikimediaPanel). Uses console.js's helpers.
'use strict';

const WM_TYPES = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#9c755f', '#76b7b2'];
let wmLastLag = null;

function wmRateChart(w, now) {
  const W = 620, H = 120, left = 44, bottom = 16, top = 6;
  const from = now - w.seriesSeconds * 1000;
  const max = Math.max(1, ...w.series.map((p) => p.events));
  const x = (t) => left + (t - from) / (w.seriesSeconds * 1000) * (W - left - 4);
  const y = (v) => top + (1 - v / max) * (H - top - bottom);
  const bw = Math.max(1, (W - left - 4) / w.seriesSeconds - 0.3);
  let svg = w.series.map((p) => `<rect x="${x(p.t).toFixed(1)}" y="${y(p.events).toFixed(1)}" width="${bw.toFixed(1)}"
    height="${(H - bottom - y(p.events)).toFixed(1)}" fill="#4e79a7"><title>${new Date(p.t).toLocaleTimeString()}: ${p.events} events</title></rect>`).join('');
  svg += `<text x="${left - 4}" y="${top + 8}" text-anchor="end" font-size="10" fill="#667085">${fmt(max)}</text>`;
  svg += `<text x="${left - 4}" y="${H - bottom}" text-anchor="end" font-size="10" fill="#667085">0</text>`;
  const minutes = Math.round(w.seriesSeconds / 60);
  for (let m = 0; m <= minutes; m++) {
    svg += `<text x="${x(from + m * 60000)}" y="${H - 3}" font-size="10" fill="#667085" text-anchor="${m === 0 ? 'start' : (m === minutes ? 'end' : 'middle')}">${m === minutes ? 'now' : '−' + (minutes - m) + ' min'}</text>`;
  }
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="events per second">${svg}</svg>`;
}

window.renderWikimedia = function (s) {
  const w = s.wikimedia;
  $('wikimedia-section').hidden = !w;
  if (!w) return;
  const people = w.bots + w.humans;
  const botPct = people ? Math.round(100 * w.bots / people) : 0;
  const types = Object.entries(w.byType).sort((a, b) => b[1] - a[1]);
  const typeBar = types.map(([t, n], i) => `<span style="width:${(100 * n / Math.max(1, w.events)).toFixed(1)}%;background:${WM_TYPES[i % WM_TYPES.length]}" title="${esc(t)}: ${n}"></span>`).join('');
  const typeList = types.map(([t, n], i) => `<span class="small" data-type="${esc(t)}" data-count="${n}"><span class="swatch" style="background:${WM_TYPES[i % WM_TYPES.length]}"></span>${esc(t)} ${Math.round(100 * n / Math.max(1, w.events))}%</span>`).join(' ');
  const wikis = w.topWikis.map((r) => `<tr data-wiki="${esc(r.wiki)}" data-count="${r.events}"><td>${esc(r.wiki)}</td>
    <td class="num">${fmt(r.events)}</td><td class="num">${(100 * r.events / Math.max(1, w.events)).toFixed(1)}%</td></tr>`).join('');
  const growing = w.lag != null && wmLastLag != null && w.lag > wmLastLag;
  wmLastLag = w.lag;
  put('wikimedia', `<div class="wm">
    <div class="card figures">
      <span>events counted</span><b id="wm-events" data-value="${w.events}">${fmt(w.events)}</b>
      <span>records in ${esc(w.inputTopic)}</span><b id="wm-input" data-value="${w.inputRecords == null ? '' : w.inputRecords}">${fmt(w.inputRecords)}</b>
      <span>events/s (last 10 s)</span><b id="wm-rate">${rate(w.eventsPerSecond)}</b>
      <span>lag of ${esc(w.group)}</span><b id="wm-lag" class="lag ${growing ? 'growing' : ''}" data-value="${w.lag == null ? '' : w.lag}">${w.lag == null ? 'no group yet' : fmt(w.lag)}${growing ? ' ▲' : ''}</b>
      <span>group</span><b>${esc(w.groupState || '–')} · ${w.members} member(s)</b>
      <span>bad records</span><b id="wm-bad">${fmt(w.bad)}</b>
      <span>bytes added / removed</span><b>${fmt(w.bytesAdded)} / ${fmt(w.bytesRemoved)}</b>
      <span>stats records</span><b>${fmt(w.statsRecords)}</b>
    </div>
    <div class="card rate"><div class="dim small">events per second, last ${Math.round(w.seriesSeconds / 60)} minutes (one bar per second of processing)</div>
      ${wmRateChart(w, s.time)}</div>
    <div class="card"><div class="dim small">bots vs humans</div>
      <div class="share" id="wm-share" data-bots="${w.bots}" data-humans="${w.humans}">
        <span style="width:${botPct}%;background:#b07aa1" title="bots ${w.bots}"></span><span style="width:${100 - botPct}%;background:#59a14f" title="humans ${w.humans}"></span></div>
      <div class="small">bots <b>${botPct}%</b> · humans <b>${people ? 100 - botPct : 0}%</b></div>
      <div class="dim small" style="margin-top:8px">type mix</div><div class="share">${typeBar}</div><div>${typeList}</div></div>
    <div class="card"><div class="dim small">top wikis (${w.wikis} in all)</div>
      <table id="wm-wikis"><thead><tr><th>wiki</th><th class="num">events</th><th class="num">share</th></tr></thead><tbody>${wikis}</tbody></table></div>
  </div>`);
};
