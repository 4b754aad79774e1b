// PoolPilot's web page: reads the sidecar's JSON API (docs/api.md) and draws pools, decisions and
// traces. Read-only, no build step, no network beyond the sidecar.
(function () {
  'use strict';

  var REFRESH_MS = 5000;
  var OBJECTIVE_FALLBACK_MS = 50; // the tuner's default, used until a history names its objective
  var TRACE_LIMIT = 300; // newest matches listed; the sidecar searches every trace it holds
  var COLORS = ['#2f6fdf', '#1f9d63', '#8e44ad', '#c77d0a', '#16a2b8', '#d43c3c'];

  var state = { tab: 'pools', trace: null, charts: {}, poolSignature: '', services: [] };

  // ---- small helpers ----
  function $(id) { return document.getElementById(id); }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') node.textContent = attrs[k];
        else if (k === 'cls') node.className = attrs[k];
        else if (k === 'style') node.style.cssText = attrs[k];
        else if (k.indexOf('on') === 0) node.addEventListener(k.substring(2), attrs[k]);
        else node.setAttribute(k, attrs[k]);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function chip(text, color, title) {
    var c = el('span', { cls: 'chip' + (color ? ' ' + color : ''), text: text });
    if (title) c.title = title;
    return c;
  }

  function getJson(path) {
    return fetch(path, { headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          throw new Error(path + ': ' + r.status + (body.error ? ' ' + body.error : ''));
        });
      }
      return r.json();
    });
  }

  function enc(name) { return encodeURIComponent(name); }

  function ms(value) {
    if (value === null || value === undefined || isNaN(value)) return '–';
    if (value === 0) return '0 ms';
    if (value >= 1 && value < 10000 && Math.round(value) === value) return value + ' ms';
    if (value < 1) return value.toFixed(2) + ' ms';
    if (value < 100) return value.toFixed(1) + ' ms';
    if (value < 10000) return Math.round(value) + ' ms';
    return (value / 1000).toFixed(1) + ' s';
  }

  // A ratio or fraction as the sidecar's texts write it (RatioText): two decimals; whole numbers stay whole.
  function ratio(value) {
    if (value === null || value === undefined || isNaN(value)) return '–';
    return Number.isInteger(value) ? String(value) : Number(value).toFixed(2);
  }

  function num(value, digits) {
    if (value === null || value === undefined || isNaN(value)) return '–';
    return Number(value).toFixed(digits || 0);
  }

  function pct(value) {
    return value === null || value === undefined ? '–' : Math.round(value * 100) + '%';
  }

  function time(iso, millis) {
    if (!iso) return '';
    var d = new Date(iso);
    var text = d.toLocaleTimeString([], { hour12: false });
    return millis ? text + '.' + String(d.getMilliseconds()).padStart(3, '0') : text;
  }

  function shortId(id) { return id && id.length > 12 ? id.substring(0, 8) + '…' : (id || ''); }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  function problem(error) {
    var p = $('problem');
    if (error) {
      p.textContent = String(error.message || error);
      p.hidden = false;
    } else {
      p.hidden = true;
    }
  }

  // ---- tabs and refresh ----
  function route() {
    var hash = location.hash.replace(/^#/, '');
    if (hash.indexOf('trace/') === 0) {
      state.tab = 'traces';
      state.trace = decodeURIComponent(hash.substring(6));
    } else {
      state.tab = ['pools', 'decisions', 'node', 'traces'].indexOf(hash) >= 0 ? hash : 'pools';
      if (state.tab === 'traces') state.trace = null;
    }
    document.querySelectorAll('#tabs a').forEach(function (a) {
      a.classList.toggle('active', a.dataset.tab === state.tab);
    });
    ['pools', 'decisions', 'node', 'traces'].forEach(function (t) { $('tab-' + t).hidden = t !== state.tab; });
    refresh();
  }

  var refreshing = false;
  var pending = false;
  function refresh() {
    if (refreshing) { pending = true; return; }
    refreshing = true;
    pending = false;
    var work = state.tab === 'pools' ? refreshPools()
      : state.tab === 'decisions' ? refreshDecisions()
      : state.tab === 'node' ? refreshNode() : refreshTraces();
    work.then(function () {
      problem(null);
      $('updated').textContent = 'updated ' + new Date().toLocaleTimeString([], { hour12: false });
    }).catch(problem).then(function () {
      refreshing = false;
      if (pending) refresh();
    });
  }

  function servicesList() {
    return getJson('/api/services').then(function (body) {
      state.services = body.services || [];
      fillSelect($('decision-service'), state.services.map(function (s) { return s.name; }));
      fillSelect($('trace-service'), state.services.map(function (s) { return s.name; }));
      return state.services;
    });
  }

  function fillSelect(select, values) {
    var current = select.value;
    var have = Array.prototype.map.call(select.options, function (o) { return o.value; }).slice(1);
    if (have.join('\n') === values.join('\n')) return;
    while (select.options.length > 1) select.remove(1);
    values.forEach(function (v) { select.add(new Option(v, v)); });
    select.value = values.indexOf(current) >= 0 ? current : '';
  }

  // ---- pools ----
  // GET /api/pools answers a page at a time: read the pages in turn until it says there is no more.
  function allPools() {
    var pools = [];
    function page(offset) {
      return getJson('/api/pools?offset=' + offset).then(function (body) {
        pools = pools.concat(body.pools || []);
        return body.more && body.nextOffset > offset ? page(body.nextOffset) : pools;
      });
    }
    return page(0);
  }

  function refreshPools() {
    return Promise.all([servicesList(), allPools()]).then(function (results) {
      var services = results[0];
      var groups = groupPools(results[1], services);
      var signature = groups.map(function (g) {
        return g.service.name + ':' + g.pools.map(function (p) { return p.name; }).join(',');
      }).join('|');
      if (signature !== state.poolSignature) {
        state.poolSignature = signature;
        buildPools(groups);
      }
      groups.forEach(function (g) { updateServiceHead(g); });
      var histories = [];
      groups.forEach(function (g) {
        g.pools.forEach(function (p) {
          updatePoolStats(g.service.name, p);
          histories.push(getJson('/api/pools/' + enc(g.service.name) + '/' + enc(p.name) + '/history')
            .then(function (h) { drawHistory(g.service.name, p.name, h); })
            .catch(function () { /* a pool known only from control messages has no history yet */ }));
        });
      });
      return Promise.all(histories);
    });
  }

  function groupPools(pools, services) {
    var byService = {};
    services.forEach(function (s) { byService[s.name] = { service: s, pools: [], byName: {} }; });
    pools.forEach(function (p) {
      var g = byService[p.service] || (byService[p.service] = { service: { name: p.service, instances: [], routes: [], pins: [] }, pools: [], byName: {} });
      var pool = g.byName[p.name];
      if (!pool) {
        pool = g.byName[p.name] = { name: p.name, instances: [] };
        g.pools.push(pool);
      }
      pool.instances.push(p);
    });
    return Object.keys(byService).sort().map(function (name) {
      var g = byService[name];
      g.pools.sort(function (a, b) {
        var ra = a.instances.some(function (i) { return i.servesRequests; }) ? 0 : 1;
        var rb = b.instances.some(function (i) { return i.servesRequests; }) ? 0 : 1;
        return ra - rb || a.name.localeCompare(b.name);
      });
      return g;
    }).filter(function (g) { return g.pools.length > 0 || (g.service.routes || []).length > 0; });
  }

  function key(service, pool) { return service + ' / ' + pool; }

  function buildPools(groups) {
    Object.keys(state.charts).forEach(function (k) { state.charts[k].plot.destroy(); });
    state.charts = {};
    var root = clear($('services'));
    if (groups.length === 0) {
      root.appendChild(el('p', { cls: 'empty', text: 'Waiting for telemetry: no service has reported a pool yet.' }));
      return;
    }
    groups.forEach(function (g) {
      var section = el('section', { cls: 'service', 'data-service': g.service.name },
        el('div', { cls: 'service-head' }, el('h2', { text: g.service.name }), el('span', { cls: 'service-chips' })),
        el('div', { cls: 'service-routes' }));
      g.pools.forEach(function (p) {
        var card = el('div', { cls: 'card pool-card', 'data-key': key(g.service.name, p.name) },
          el('div', { cls: 'pool-head' }, el('h3', { text: p.name }), el('span', { cls: 'pool-chips' })),
          el('div', { cls: 'stats' }),
          el('div', { cls: 'charts' },
            chartBox('threads', 'Threads: pool size and busy'),
            chartBox('wait', 'Queue wait p99 (ms) and objective'),
            chartBox('rate', 'Arrival rate (tasks/s)'),
            chartBox('cpu', 'Process CPU (%)')),
          el('div', { cls: 'last-decision' }));
        section.appendChild(card);
      });
      root.appendChild(section);
    });
  }

  function chartBox(kind, title) {
    return el('div', { cls: 'chart', 'data-chart': kind },
      el('div', { cls: 'chart-title', text: title }), el('div', { cls: 'plot' }));
  }

  function updateServiceHead(g) {
    var section = document.querySelector('section.service[data-service="' + cssEscape(g.service.name) + '"]');
    if (!section) return;
    var chips = clear(section.querySelector('.service-chips'));
    var instances = g.service.instances || [];
    chips.appendChild(chip(instances.length + (instances.length === 1 ? ' process' : ' processes')));
    var modes = {};
    instances.forEach(function (i) { if (i.mode) modes[i.mode] = true; });
    Object.keys(modes).forEach(function (m) { chips.appendChild(chip('mode ' + m, 'blue')); });
    if (instances.some(function (i) { return i.controlled && i.inSync === false; })) {
      chips.appendChild(chip('applying new sizes…', 'orange'));
    }
    var routes = clear(section.querySelector('.service-routes'));
    var list = g.service.routes || [];
    if (list.length === 0) return;
    var body = el('tbody');
    list.forEach(function (r) {
      body.appendChild(el('tr', null,
        el('td', { cls: 'mono', text: r.method + ' ' + r.route }),
        el('td', { cls: 'num', text: num(r.ratePerSecond, 1) + '/s' }),
        el('td', { cls: 'num', text: ms(r.p50Ms) }),
        el('td', { cls: 'num', text: ms(r.p99Ms) }),
        el('td', { cls: 'num', text: String(r.count) }),
        el('td', { cls: 'num' + (r.errors > 0 ? ' bad' : ''), text: String(r.errors) })));
    });
    routes.appendChild(el('table', { cls: 'grid routes' },
      el('thead', null, el('tr', null, el('th', { text: 'Route' }), el('th', { text: 'Rate (last minute)' }),
        el('th', { text: 'p50' }), el('th', { text: 'p99' }), el('th', { text: 'Requests' }), el('th', { text: 'Errors' }))),
      body));
  }

  function cssEscape(s) { return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/"/g, '\\"'); }

  function poolCard(service, pool) {
    return document.querySelector('.pool-card[data-key="' + cssEscape(key(service, pool)) + '"]');
  }

  function sum(list, field) {
    var total = null;
    list.forEach(function (i) { if (i[field] !== null && i[field] !== undefined) total = (total || 0) + i[field]; });
    return total;
  }

  function maxOf(list, field) {
    var m = null;
    list.forEach(function (i) { if (i[field] !== null && i[field] !== undefined) m = m === null ? i[field] : Math.max(m, i[field]); });
    return m;
  }

  function updatePoolStats(service, pool) {
    var card = poolCard(service, pool.name);
    if (!card) return;
    var is = pool.instances;
    var first = is[0];
    var chips = clear(card.querySelector('.pool-chips'));
    if (is.some(function (i) { return i.servesRequests; })) chips.appendChild(chip('serves requests', 'green', 'a server span ran on this pool'));
    if (first.pinned) chips.appendChild(chip('pinned ' + first.pin.core + '/' + first.pin.max, 'purple'));
    if (is.some(function (i) { return i.controlled; })) chips.appendChild(chip('controlled', 'blue', 'a PoolPilot agent applies the sidecar\'s sizes'));
    else chips.appendChild(chip('observed only', null, 'no PoolPilot agent controls this process'));
    if (is.some(function (i) { return i.resizable === false; })) chips.appendChild(chip('not resizable', 'red', first.refusal || ''));
    if (is.length > 1) chips.appendChild(chip(is.length + ' processes'));
    var p99 = maxOf(is, 'queueWaitP99Ms');
    var objective = state.objectiveMs || OBJECTIVE_FALLBACK_MS;
    var stats = clear(card.querySelector('.stats'));
    function stat(label, value, bad) {
      stats.appendChild(el('div', { cls: 'stat' }, el('div', { cls: 'v' + (bad ? ' bad' : ''), text: value }), el('div', { cls: 'l', text: label })));
    }
    stat('size core / max', is.length === 1 ? num(first.core) + ' / ' + num(first.max) : num(sum(is, 'core')) + ' / ' + num(sum(is, 'max')));
    stat('busy', num(sum(is, 'active')));
    stat('queued', num(sum(is, 'queued')));
    stat('queue wait p99', ms(p99), p99 !== null && p99 > objective);
    stat('arrival rate', sum(is, 'arrivalRate') === null ? '–' : num(sum(is, 'arrivalRate'), 1) + '/s');
    stat('utilization', pct(maxOf(is, 'utilization')));
    if (first.desired) stat('desired', first.desired.core + ' / ' + first.desired.max);
    var last = clear(card.querySelector('.last-decision'));
    var decision = is.map(function (i) { return i.lastDecision; }).filter(Boolean)
      .sort(function (a, b) { return a.at < b.at ? 1 : -1; })[0];
    if (decision) {
      last.appendChild(el('span', { cls: 'muted', text: 'Last decision ' + time(decision.at) + ' ' }));
      last.appendChild(typeChip(decision.type));
      last.appendChild(document.createTextNode(' ' + (decision.reason || describe(decision))));
    } else {
      last.appendChild(el('span', { cls: 'muted', text: 'No decision about this pool yet.' }));
    }
  }

  function drawHistory(service, pool, history) {
    var card = poolCard(service, pool);
    if (!card) return;
    if (history.queueWaitObjectiveMs) {
      state.objectiveMs = history.queueWaitObjectiveMs;
      $('objective').textContent = ms(history.queueWaitObjectiveMs);
    }
    var objective = state.objectiveMs || OBJECTIVE_FALLBACK_MS;
    var instances = history.instances || [];
    var several = instances.length > 1;
    function label(name, inst) { return several ? name + ' · ' + shortId(inst.instance) : name; }
    function table(fields) {
      var tables = instances.map(function (inst) {
        var xs = inst.samples.map(function (s) { return Date.parse(s.timestamp) / 1000; });
        return [xs].concat(fields.map(function (f) {
          return inst.samples.map(function (s) { var v = f.value(s); return v === undefined ? null : v; });
        }));
      });
      var series = [];
      instances.forEach(function (inst, n) {
        fields.forEach(function (f, k) {
          series.push({ label: label(f.label, inst), stroke: f.color || COLORS[(k + n * fields.length) % COLORS.length],
            width: f.width || 1.6, dash: f.dash, value: latestWhenIdle(f.format), spanGaps: true });
        });
      });
      var data = tables.length === 1 ? tables[0] : uPlot.join(tables);
      return { data: data, series: series };
    }
    function draw(kind, spec, hasData) {
      var box = card.querySelector('[data-chart="' + kind + '"] .plot');
      var chartKey = key(service, pool) + ' / ' + kind;
      var points = spec.data[0].length;
      box.parentNode.setAttribute('data-points', String(hasData ? points : 0));
      if (!hasData) {
        if (state.charts[chartKey]) { state.charts[chartKey].plot.destroy(); delete state.charts[chartKey]; }
        if (!box.querySelector('.none')) clear(box).appendChild(el('div', { cls: 'none', text: 'not reported' }));
        return;
      }
      var signature = spec.series.map(function (s) { return s.label; }).join('|');
      var existing = state.charts[chartKey];
      if (existing && existing.signature === signature) {
        existing.plot.setData(spec.data);
        return;
      }
      if (existing) existing.plot.destroy();
      clear(box);
      var width = Math.max(280, box.clientWidth || box.parentNode.clientWidth || 330);
      var plot = new uPlot({
        width: width, height: 150,
        series: [{ value: latestWhenIdle(function (u, v) { return v === null ? '' : new Date(v * 1000).toLocaleTimeString([], { hour12: false }); }) }].concat(spec.series),
        axes: [{ stroke: '#6b7585', grid: { stroke: '#eef1f5' }, ticks: { stroke: '#e2e6ec' }, values: clockLabels, space: 70 },
               { stroke: '#6b7585', grid: { stroke: '#eef1f5' }, ticks: { stroke: '#e2e6ec' }, size: 46 }],
        scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(max * 1.1, kind === 'cpu' ? 100 : 1)]; } } },
        legend: { live: true },
        cursor: { drag: { x: false, y: false } }
      }, spec.data, box);
      state.charts[chartKey] = { plot: plot, signature: signature };
    }
    function anyValue(spec) {
      return spec.data.slice(1).some(function (ys) { return ys.some(function (v) { return v !== null; }); });
    }
    var threads = table([
      { label: 'max', value: function (s) { return s.max; }, color: '#9aa6b8', dash: [5, 4], format: fmt0 },
      { label: 'core', value: function (s) { return s.core; }, color: '#2f6fdf', format: fmt0 },
      { label: 'busy', value: function (s) { return s.active; }, color: '#1f9d63', format: fmt0 }]);
    draw('threads', threads, anyValue(threads));
    var wait = table([
      { label: 'p99', value: function (s) { return s.queueWaitP99Ms; }, color: '#c77d0a', format: fmtMs },
      { label: 'objective ' + ms(objective), value: function () { return objective; }, color: '#d43c3c', dash: [6, 4], width: 1.2, format: fmtMs }]);
    var waitData = table([{ label: 'p99', value: function (s) { return s.queueWaitP99Ms; } }]);
    draw('wait', wait, anyValue(waitData));
    var rate = table([{ label: 'tasks/s', value: function (s) { return s.completedRate; }, color: '#8e44ad', format: fmt1 }]);
    draw('rate', rate, anyValue(rate));
    var cpu = table([{ label: 'CPU', value: function (s) { return s.cpuUtilization === null || s.cpuUtilization === undefined ? null : s.cpuUtilization * 100; }, color: '#16a2b8', format: fmtPct }]);
    draw('cpu', cpu, anyValue(cpu));
  }

  // The legend shows the value under the cursor, and the latest value while the cursor is away.
  function latestWhenIdle(format) {
    return function (u, v, seriesIdx, idx) {
      if (idx === null || idx === undefined) {
        var ys = u.data[seriesIdx] || [];
        v = null;
        for (var i = ys.length - 1; i >= 0 && v === null; i--) v = ys[i] === undefined ? null : ys[i];
      }
      return format(u, v);
    };
  }

  function pad(n) { return String(n).padStart(2, '0'); }

  function clockLabels(u, splits) {
    return splits.map(function (v) {
      var d = new Date(v * 1000);
      return pad(d.getHours()) + ':' + pad(d.getMinutes()) + (v % 60 ? ':' + pad(d.getSeconds()) : '');
    });
  }

  function fmt0(u, v) { return v === null ? '–' : Math.round(v); }
  function fmt1(u, v) { return v === null ? '–' : v.toFixed(1); }
  function fmtMs(u, v) { return v === null ? '–' : ms(v); }
  function fmtPct(u, v) { return v === null ? '–' : Math.round(v) + '%'; }

  // ---- decisions ----
  var TYPE_COLORS = { tune: 'blue', pin: 'purple', release: null, desired: 'teal', node: 'red' };

  function typeChip(type) {
    var color = type in TYPE_COLORS ? TYPE_COLORS[type] : (String(type).indexOf('capacity') >= 0 ? 'orange' : 'orange');
    return chip(type, color);
  }

  var KNOWN_FIELDS = ['at', 'type', 'service', 'reason'];

  // What changed, in a few words; any entry type this page does not know shows its fields.
  function describe(d) {
    switch (d.type) {
      case 'tune':
        return d.action + ' ' + d.fromCore + '/' + d.fromMax + ' → ' + d.core + '/' + d.max
          + (d.applied === false ? ' (recommended)' : '') + (d.capacity ? ' · needs capacity: ' + d.capacity : '');
      case 'pin':
        return 'pin core ' + d.core + ', max ' + d.max;
      case 'release':
        return 'back to the tuner (was ' + d.previousCore + '/' + d.previousMax + ')';
      case 'capacity':
        return d.phase + (d.provider ? ' (' + d.provider + ')' : '') + ' ' + d.direction
          + (d.current !== null && d.desired !== null ? ' ' + d.current + ' → ' + d.desired : '')
          + ', demand ratio ' + ratio(d.ratio) + (d.ok === false ? ', not done' : '');
      case 'node':
        return (d.cap === null ? 'cap lifted (was ' + d.previous + ')'
          : 'cap ' + (d.previous === null ? '' : d.previous + ' → ') + d.cap + ' threads a pool for ' + (d.cappedFor || []).join(', '))
          + ' · share ' + ratio(d.shareCores) + ' of ' + ratio(d.availableCores) + ' processors';
      case 'desired':
        return 'v' + d.version + ': ' + ((d.desired || []).map(function (p) { return p.pool + ' ' + p.core + '/' + p.max; }).join(', ') || 'application\'s own sizes');
      default:
        return Object.keys(d).filter(function (k) { return KNOWN_FIELDS.indexOf(k) < 0 && k !== 'pool' && k !== 'instance'; })
          .map(function (k) { var v = d[k]; return k + '=' + (typeof v === 'object' && v !== null ? JSON.stringify(v) : typeof v === 'number' ? ratio(v) : v); })
          .join(' ');
    }
  }

  function refreshDecisions() {
    var service = $('decision-service').value;
    return Promise.all([servicesList(), getJson('/api/decisions?limit=1000' + (service ? '&service=' + enc(service) : ''))])
      .then(function (results) {
        var all = results[1].decisions || [];
        var types = {};
        all.forEach(function (d) { types[d.type] = true; });
        fillSelect($('decision-type'), Object.keys(types).sort());
        var type = $('decision-type').value;
        var text = $('decision-text').value.trim().toLowerCase();
        var shown = all.filter(function (d) {
          return (!type || d.type === type) && (!text || JSON.stringify(d).toLowerCase().indexOf(text) >= 0);
        }).slice(0, 300);
        var body = clear(document.querySelector('#decisions-table tbody'));
        shown.forEach(function (d) {
          var where = d.pool ? el('div', { cls: 'mono nowrap', text: d.pool }) : null;
          var inst = d.instance ? el('div', { cls: 'muted mono', text: shortId(d.instance), title: d.instance }) : null;
          body.appendChild(el('tr', { 'data-type': d.type },
            el('td', { cls: 'time', text: time(d.at) }),
            el('td', { text: d.service }),
            el('td', null, typeChip(d.type)),
            el('td', null, where, inst),
            el('td', { cls: 'change', text: describe(d) }),
            el('td', { cls: 'reason', text: d.reason || '' })));
        });
        $('decisions-empty').hidden = all.length > 0;
        $('decisions-table').hidden = all.length === 0;
        $('decision-count').textContent = shown.length + ' of ' + all.length + ' entries';
      });
  }

  // ---- node budget ----
  function refreshNode() {
    return getJson('/api/node').then(function (body) {
      var latest = body.latest;
      var history = body.history || [];
      $('node-empty').hidden = !!latest;
      $('node-table').hidden = !latest;
      var summary = clear($('node-summary'));
      if (latest) {
        summary.appendChild(el('span', null,
          latest.contended ? chip('contended', 'red') : chip('room', 'green'), ' ',
          latest.processors + ' processors, ' + ratio(latest.availableCores) + ' available to the services (machine busy '
            + ratio(latest.machineUsedCores) + '), claimed ' + ratio(latest.reservedCores)));
      }
      if (body.error) summary.appendChild(el('span', { cls: 'problem', text: ' last allocation failed: ' + body.error }));
      var tbody = clear(document.querySelector('#node-table tbody'));
      (latest ? latest.services : []).forEach(function (s) {
        tbody.appendChild(el('tr', { 'data-service': s.service },
          el('td', { text: s.service }),
          el('td', null, chip(s.class, s.class === 'critical' ? 'red' : s.class === 'batch' ? 'purple' : null)),
          el('td', { cls: 'num', text: String(s.weight) }),
          el('td', { cls: 'num', text: ratio(s.needCores) }),
          el('td', { cls: 'num', text: ratio(s.shareCores) }),
          el('td', { cls: 'num', text: ratio(s.usedCores) }),
          el('td', { cls: 'num', text: s.cap === null ? '–' : String(s.cap) }),
          el('td', { text: (s.cappedFor || []).join(', ') })));
      });
      drawNode(history);
    });
  }

  function drawNode(history) {
    var names = [];
    history.forEach(function (h) { h.services.forEach(function (s) { if (names.indexOf(s.service) < 0) names.push(s.service); }); });
    names.sort();
    var xs = history.map(function (h) { return Date.parse(h.at) / 1000; });
    function column(name, field) {
      return history.map(function (h) {
        var s = h.services.filter(function (x) { return x.service === name; })[0];
        return s && s[field] !== null && s[field] !== undefined ? s[field] : null;
      });
    }
    var cores = [xs, history.map(function (h) { return h.availableCores; })];
    var coreSeries = [{ label: 'available', stroke: '#9aa6b8', dash: [5, 4], width: 1.4 }];
    var caps = [xs];
    var capSeries = [];
    names.forEach(function (name, i) {
      cores.push(column(name, 'usedCores'));
      coreSeries.push({ label: name + ' used', stroke: COLORS[i % COLORS.length], width: 1.6 });
      caps.push(column(name, 'cap'));
      capSeries.push({ label: name, stroke: COLORS[i % COLORS.length], width: 1.6 });
    });
    nodeChart('cores', cores, coreSeries);
    nodeChart('caps', caps, capSeries);
  }

  function nodeChart(kind, data, series) {
    var box = document.querySelector('.node-chart[data-chart="' + kind + '"] .plot');
    box.parentNode.setAttribute('data-points', String(data[0].length));
    var chartKey = 'node / ' + kind;
    var signature = series.map(function (s) { return s.label; }).join('|');
    var existing = state.charts[chartKey];
    if (existing && existing.signature === signature) { existing.plot.setData(data); return; }
    if (existing) existing.plot.destroy();
    clear(box);
    var width = Math.max(320, box.clientWidth || box.parentNode.clientWidth || 420);
    var plot = new uPlot({
      width: width, height: 170,
      series: [{}].concat(series.map(function (s) { s.spanGaps = false; return s; })),
      axes: [{ stroke: '#6b7585', grid: { stroke: '#eef1f5' }, ticks: { stroke: '#e2e6ec' }, values: clockLabels, space: 70 },
             { stroke: '#6b7585', grid: { stroke: '#eef1f5' }, ticks: { stroke: '#e2e6ec' }, size: 46 }],
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max((max || 0) * 1.1, 1)]; } } },
      legend: { live: true },
      cursor: { drag: { x: false, y: false } }
    }, data, box);
    state.charts[chartKey] = { plot: plot, signature: signature };
  }

  // ---- traces ----
  function refreshTraces() {
    var query = '/api/traces?limit=' + TRACE_LIMIT;
    var service = $('trace-service').value;
    var route = $('trace-route').value.trim();
    var min = parseFloat($('trace-min').value);
    if (service) query += '&service=' + enc(service);
    if (route) query += '&route=' + enc(route);
    if (!isNaN(min) && min >= 0) query += '&minDurationMs=' + min;
    if ($('trace-errors').checked) query += '&error=true';
    var list = Promise.all([servicesList(), getJson(query)])
      .then(function (results) { renderTraces(results[1]); });
    var detail = state.trace ? getJson('/api/traces/' + enc(state.trace)).then(renderWaterfall, function (e) {
      renderWaterfallMissing(state.trace, e);
    }) : Promise.resolve(hideWaterfall());
    return Promise.all([list, detail]);
  }

  function renderTraces(body) {
    var routes = {};
    state.services.forEach(function (s) { (s.routes || []).forEach(function (r) { routes[r.method + ' ' + r.route] = true; }); });
    var datalist = clear($('route-list'));
    Object.keys(routes).sort().forEach(function (r) { datalist.appendChild(el('option', { value: r })); });
    var shown = body.traces || [];
    var longest = shown.reduce(function (m, t) { return Math.max(m, t.durationMs || 0); }, 0) || 1;
    var tbody = clear(document.querySelector('#traces-table tbody'));
    shown.forEach(function (t) {
      var row = el('tr', { 'data-trace': t.traceId, onclick: function () { location.hash = '#trace/' + t.traceId; } },
        el('td', { cls: 'time', text: time(t.start, true) }),
        el('td', null, el('div', { text: t.rootName || '(unnamed)' }), el('div', { cls: 'muted mono', text: shortId(t.traceId) })),
        el('td', { text: t.service }),
        el('td', { cls: 'num' }, el('span', { cls: 'durbar', style: 'width:' + Math.max(2, 60 * t.durationMs / longest) + 'px' }), ms(t.durationMs)),
        el('td', { cls: 'num', text: String(t.spanCount) }),
        el('td', { cls: 'mono', text: t.executor || '' }),
        el('td', { cls: 'num', text: t.queueWaitMs === null || t.queueWaitMs === undefined ? '' : ms(t.queueWaitMs) }),
        el('td', null, t.status === 'ERROR' ? chip('error', 'red') : chip(t.status === 'OK' ? 'ok' : 'unset', t.status === 'OK' ? 'green' : null)));
      if (t.traceId === state.trace) row.classList.add('selected');
      tbody.appendChild(row);
    });
    $('traces-empty').hidden = shown.length > 0;
    $('trace-count').textContent = (shown.length === TRACE_LIMIT ? 'latest ' : '') + shown.length
      + ' matching' + (body.held ? ' of ' + body.held.traces + ' traces held' : '')
      + (body.held && body.held.notKept ? '; ' + body.held.notKept + ' spans over traces.per-second not kept' : '');
  }

  function hideWaterfall() { $('waterfall').hidden = true; clear($('waterfall')); }

  function renderWaterfallMissing(traceId, error) {
    var box = clear($('waterfall'));
    box.hidden = false;
    box.appendChild(el('div', { cls: 'card' }, el('div', { cls: 'wf-head' }, el('h2', { text: 'Trace ' + shortId(traceId) }),
      el('button', { cls: 'wf-close', text: 'Close', onclick: function () { location.hash = '#traces'; } })),
      el('p', { cls: 'muted', text: 'No longer held by the sidecar: ' + (error.message || error) })));
  }

  // Orders spans parent-first (children by start), so the waterfall reads top to bottom.
  function treeOrder(spans) {
    var byId = {};
    spans.forEach(function (s) { byId[s.spanId] = s; s.children = []; });
    var roots = [];
    spans.forEach(function (s) {
      var parent = s.parentSpanId && byId[s.parentSpanId];
      if (parent) parent.children.push(s); else roots.push(s);
    });
    var out = [];
    function walk(s, depth) {
      s.depth = depth;
      out.push(s);
      s.children.sort(function (a, b) { return Date.parse(a.start) - Date.parse(b.start); });
      s.children.forEach(function (c) { walk(c, depth + 1); });
    }
    roots.sort(function (a, b) { return Date.parse(a.start) - Date.parse(b.start); }).forEach(function (r) { walk(r, 0); });
    return out;
  }

  function startMs(span) {
    // ISO with up to nanoseconds: keep the sub-millisecond digits Date.parse drops.
    var m = /\.(\d+)Z$/.exec(span.start);
    var frac = m ? parseFloat('0.' + m[1]) * 1000 : 0;
    return Date.parse(span.start.replace(/\.\d+Z$/, 'Z')) + frac;
  }

  function renderWaterfall(trace) {
    var spans = treeOrder(trace.spans || []);
    var box = clear($('waterfall'));
    box.hidden = false;
    if (spans.length === 0) return;
    var t0 = Infinity, t1 = -Infinity;
    spans.forEach(function (s) {
      var start = startMs(s);
      var wait = waitMs(s) || 0;
      t0 = Math.min(t0, start - wait);
      t1 = Math.max(t1, start + s.durationMs);
    });
    var total = Math.max(t1 - t0, 0.001);
    function x(v) { return (100 * (v - t0) / total); }
    var root = spans[0];
    var card = el('div', { cls: 'card waterfall' },
      el('div', { cls: 'wf-head' },
        el('h2', { text: root.name }),
        chip(root.service),
        el('span', { cls: 'muted', text: ms(t1 - t0) + ' · ' + spans.length + ' spans · ' + time(root.start, true) }),
        el('span', { cls: 'muted mono', text: trace.traceId }),
        el('button', { cls: 'wf-close', text: 'Close', onclick: function () { location.hash = '#traces'; } })),
      el('div', { cls: 'wf-legend' },
        el('span', null, el('i', { style: 'background:#2f6fdf' }), 'server'),
        el('span', null, el('i', { style: 'background:#16a2b8' }), 'client'),
        el('span', null, el('i', { style: 'background:#9aa6b8' }), 'internal'),
        el('span', null, el('i', { style: 'background:repeating-linear-gradient(135deg,#f3b24a 0 4px,#fbe0b2 4px 8px)' }), 'queue wait before the handler ran'),
        el('span', null, el('i', { style: 'background:#d43c3c' }), 'error')));
    var ticks = el('div', { cls: 'ticks' });
    [0, 0.25, 0.5, 0.75, 1].forEach(function (f) {
      ticks.appendChild(el('span', { style: 'left:' + (f * 100) + '%', text: ms(f * total) }));
    });
    card.appendChild(el('div', { cls: 'wf-axis' }, el('div'), ticks));
    spans.forEach(function (s) {
      var start = startMs(s);
      var wait = waitMs(s);
      var pool = s.attributes && s.attributes['jvm.executor.name'];
      var color = s.status === 'ERROR' ? '#d43c3c' : s.kind === 'SERVER' ? '#2f6fdf' : s.kind === 'CLIENT' ? '#16a2b8' : '#9aa6b8';
      var meta = el('div', { cls: 'span-meta' }, chip(s.service), el('span', { cls: 'muted', text: s.kind.toLowerCase() }));
      if (pool) meta.appendChild(chip('pool ' + pool, 'green', 'jvm.executor.name'));
      if (wait !== null) meta.appendChild(chip('queue wait ' + ms(wait), wait > (state.objectiveMs || OBJECTIVE_FALLBACK_MS) ? 'red' : 'orange', 'poolpilot.queue.wait'));
      if (s.statusMessage) meta.appendChild(chip(s.statusMessage, 'red'));
      var track = el('div', { cls: 'span-track' });
      if (wait !== null && wait > 0) {
        track.appendChild(el('div', { cls: 'span-wait', title: 'waited ' + ms(wait) + ' in ' + (pool || 'the pool'),
          style: 'left:' + x(start - wait) + '%;width:' + (100 * wait / total) + '%' }));
      }
      track.appendChild(el('div', { cls: 'span-bar', title: s.name + ': ' + ms(s.durationMs),
        style: 'left:' + x(start) + '%;width:' + (100 * s.durationMs / total) + '%;background:' + color }));
      var end = x(start + s.durationMs);
      var width = 100 * s.durationMs / total;
      // The duration goes after the bar, or inside it when the bar reaches the right edge.
      track.appendChild(el('div', { cls: 'span-dur' + (end > 85 && width > 10 ? ' inside' : ''), text: ms(s.durationMs),
        style: end > 85 ? 'right:' + (100 - end + 0.6) + '%' : 'left:' + (end + 0.6) + '%' }));
      var row = el('div', { cls: 'span-row', 'data-kind': s.kind, 'data-span': s.spanId },
        el('div', { cls: 'span-label', style: 'padding-left:' + (8 + 16 * s.depth) + 'px' },
          el('div', { cls: 'span-name', text: s.name, title: s.name }), meta),
        track);
      row.addEventListener('click', function () {
        var next = row.nextSibling;
        if (next && next.classList && next.classList.contains('span-attrs')) { next.remove(); return; }
        var rows = el('tbody');
        Object.keys(s.attributes || {}).sort().forEach(function (k) {
          rows.appendChild(el('tr', null, el('td', { cls: 'muted', text: k }), el('td', { text: String(s.attributes[k]) })));
        });
        rows.appendChild(el('tr', null, el('td', { cls: 'muted', text: 'instance' }), el('td', { text: s.instance || '' })));
        row.parentNode.insertBefore(el('div', { cls: 'span-attrs' }, el('table', null, rows)), row.nextSibling);
      });
      card.appendChild(row);
    });
    box.appendChild(card);
    document.querySelectorAll('#traces-table tbody tr').forEach(function (tr) {
      tr.classList.toggle('selected', tr.dataset.trace === trace.traceId);
    });
  }

  function waitMs(span) {
    var v = span.attributes && span.attributes['poolpilot.queue.wait'];
    return typeof v === 'number' ? v * 1000 : null;
  }

  // ---- start ----
  ['decision-service', 'decision-type'].forEach(function (id) { $(id).addEventListener('change', refresh); });
  $('decision-text').addEventListener('input', refresh);
  ['trace-service', 'trace-errors'].forEach(function (id) { $(id).addEventListener('change', refresh); });
  ['trace-route', 'trace-min'].forEach(function (id) { $(id).addEventListener('input', refresh); });
  window.addEventListener('hashchange', route);
  window.addEventListener('resize', function () {
    Object.keys(state.charts).forEach(function (k) {
      var c = state.charts[k];
      var box = c.plot.root.parentNode;
      c.plot.setSize({ width: Math.max(280, box.clientWidth), height: 150 });
    });
  });
  setInterval(function () { if ($('auto').checked && !document.hidden) refresh(); }, REFRESH_MS);
  route();
})();
