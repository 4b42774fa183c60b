// The layout every demo page shares: a header with the server's name and version (from the Janus API's
// /janus/info), navigation between the demos and back to the index, and a status line. A page opts in with
// <script src="layout.js"></script> and an element id="status" for its status line; window.demoStatus(text, kind)
// sets that line (kind: "ok", "error" or nothing).
'use strict';

(function () {
  // The demos, in the order the navigation shows them. "match" picks the entry of the page being shown.
  const demos = [
    { href: 'index.html', label: 'Demos', match: (p) => p === '' || p === 'index.html' },
    { href: 'echotest.html', label: 'EchoTest', match: (p, q) => p === 'echotest.html' && !q.has('simulcast') && !q.has('svc') },
    { href: 'echotest.html?simulcast=1', label: 'Simulcast', match: (p, q) => p === 'echotest.html' && q.get('simulcast') === '1' },
    { href: 'echotest.html?svc=L3T3_KEY&videocodec=vp9', label: 'VP9 SVC', match: (p, q) => p === 'echotest.html' && q.has('svc') },
  ];
  const params = new URLSearchParams(location.search);
  const page = location.pathname.split('/').pop();
  // The Janus API over HTTP: the bundled conf/ puts it on port 8088 of this host; ?api=URL points elsewhere.
  const api = params.get('api') || `${location.protocol === 'https:' ? 'https' : 'http'}://${location.hostname || '127.0.0.1'}:8088/janus`;

  function header() {
    const bar = document.createElement('header');
    bar.className = 'site-header';
    const brand = document.createElement('a');
    brand.className = 'brand';
    brand.href = 'index.html';
    const logo = document.createElement('img');
    logo.src = 'favicon.svg';
    logo.alt = '';
    brand.append(logo, 'Janus C#');
    const server = document.createElement('span');
    server.className = 'server';
    server.id = 'server-info';
    server.textContent = 'asking the server...';
    const nav = document.createElement('nav');
    nav.setAttribute('aria-label', 'Demos');
    for (const demo of demos) {
      const link = document.createElement('a');
      link.href = demo.href;
      link.textContent = demo.label;
      if (demo.match(page, params)) link.setAttribute('aria-current', 'page');
      nav.append(link);
    }

    bar.append(brand, server, nav);
    document.body.prepend(bar);
    return server;
  }

  async function describeServer(target) {
    try {
      const info = await (await fetch(`${api}/info`, { cache: 'no-store' })).json();
      target.textContent = `${info['server-name'] ?? ''} · ${info.name} ${info.version_string}`;
      target.title = `commit ${info['commit-hash']}, API at ${api}`;
    } catch (e) {
      target.textContent = `no answer from ${api}/info`;
    }
  }

  window.demoStatus = function (text, kind) {
    const line = document.getElementById('status');
    if (!line) return;
    line.textContent = text;
    if (kind) line.dataset.kind = kind;
    else delete line.dataset.kind;
  };

  function init() {
    describeServer(header());
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
