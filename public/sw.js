// Linli's service worker: the app's own files kept on the phone, so a returning resident's
// screen opens from them and an offline reload shows the app (or, failing that, a clear
// message in both languages) instead of the browser's error page.
//
// What is cached, and how (docs/ARCHITECTURE.md, "The app offline"):
// - Pages (navigations): the network first, always, so a new deploy is seen on the next load and
//   a kiosk never runs an old version for good; the kept index.html only when the network
//   fails. Its answer is the app, which then reads the address and shows the page or its own
//   "offline" notice.
// - /assets/*: content-hashed, never changed, so the cache first. The whole build is stored at
//   install (the list below is written by scripts/bundle.mjs from the build itself).
// - /staff and the console's assets: not touched (the staff console is no part of the app).
// - /api and /healthz: not touched. The API's answers are `no-store` (a kiosk keeps nothing of
//   what the last person looked up) and are always fresh or an error the app puts into words;
//   never a stale answer shown as if current.
// - Each build has its own cache; a new build's worker takes over at once and removes all but
//   the previous build's cache, which a page still open on that build may need for its pages.
//
// scripts/bundle.mjs replaces the next line with the build's version and file list.
const BUILD = __LINLI_BUILD__;
const PREFIX = 'linli-';
const CACHE = `${PREFIX}${BUILD.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `/` is the app's page (index.html) for every route; `reload` skips the HTTP cache so the
    // kept page is this build's.
    await cache.add(new Request('/', { cache: 'reload' }));
    await cache.addAll(BUILD.files);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Cache names come back in the order they were made: keep this build's and the one before.
    const ours = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
    await Promise.all(ours.slice(0, -1).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;
  // The staff console (/staff, its assets named linli_console-… and console-…) is no part of the
  // resident app: never kept here, nothing of it left on a shared device.
  if (url.pathname === '/staff' || url.pathname.startsWith('/staff/')
    || /^\/assets\/(linli_)?console/.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  } else if (BUILD.files.includes(url.pathname)) {
    // The manifest and the icons: fresh when online, kept when not.
    event.respondWith(fetch(request).catch(() => kept(request)));
  }
});

async function page(request) {
  try {
    return await fetch(request);
  } catch {
    return (await caches.match('/', { cacheName: CACHE })) ?? (await caches.match('/')) ?? offline();
  }
}

async function asset(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function kept(request) {
  return (await caches.match(request)) ?? Response.error();
}

// Only when nothing of the app is kept (the cache was cleared while the worker stayed).
function offline() {
  const style = BUILD.files.find((f) => /^\/assets\/style-[0-9a-f]+\.css$/.test(f));
  const html = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>邻里 · 没有网络</title>
${style ? `<link rel="stylesheet" href="${style}">` : ''}
</head>
<body>
<header class="topbar boot-bar"><span class="boot-brand">邻里 · 社区服务 <span lang="en">Linli</span></span></header>
<main class="boot-main">
<div class="notice error" role="alert" data-testid="offline-page">
<h1>现在没有网络</h1>
<p>这台设备没有联网，邻里打不开。请连上网络（无线网或移动数据）后重新加载。</p>
<h2 lang="en">You are offline</h2>
<p lang="en">This device has no connection, so Linli cannot open. Connect to Wi-Fi or mobile data, then reload.</p>
<a class="primary" href="">重新加载 · <span lang="en">Reload</span></a>
</div>
</main>
</body>
</html>`;
  return new Response(html, {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
      'Cache-Control': 'no-store',
    },
  });
}
