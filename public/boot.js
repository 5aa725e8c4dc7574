// Starts the app. A file of its own, not an inline script: the Content-Security-Policy runs
// only the app's own files. scripts/bundle.mjs fills in the content-hashed names.
//
// index.html shows a frame (the top bar's look, the name, "loading") while the wasm travels;
// the app mounts beside it and the frame goes in the same task, so the screen never flashes.
// If the app cannot start (offline before it ever arrived, a broken download), the frame says
// so in both languages, with a reload link.
import init from '/assets/{{linli_app.js}}';

const boot = document.getElementById('boot');

// Elder mode and text size, as the app remembers them on a phone (session.rs; a kiosk keeps
// nothing), so a resident who reads at the largest size gets the frame at that size too.
try {
  // A kiosk is one by its address (`?kiosk=POINT`; `off` or empty ends it) or by what the
  // device remembers (`linli.kiosk`, session.rs).
  const asked = new URLSearchParams(location.search).get('kiosk');
  const kiosk = asked === null ? Boolean(localStorage.getItem('linli.kiosk')) : asked !== '' && asked !== 'off';
  if (!kiosk && localStorage.getItem('linli.elder') === '1') {
    document.documentElement.classList.add('elder');
    const px = Number(localStorage.getItem('linli.font'));
    if (px >= 18 && px <= 30) document.documentElement.style.fontSize = `${px}px`;
  }
} catch {
  // Storage refused (private mode): the frame in the ordinary size.
}

init({ module_or_path: '/assets/{{linli_app_bg.wasm}}' }).then(
  () => boot?.remove(),
  (error) => {
    console.error('Linli could not start', error);
    boot?.querySelector('[data-testid="boot-loading"]')?.remove();
    boot?.querySelector('[data-testid="boot-failed"]')?.removeAttribute('hidden');
  },
);

// The service worker (public/sw.js): the app's files kept for a returning phone and for an
// offline reload. Pages are always asked of the server first, so a new version is seen on the
// next load; a screen left open (a kiosk runs for days) checks every half hour and, once a new
// version has taken over, reloads the next time it rests on the home screen untouched for two
// minutes, or is hidden.
if ('serviceWorker' in navigator) {
  let controlled = Boolean(navigator.serviceWorker.controller);
  let updated = false;
  let lastInput = Date.now();
  for (const type of ['pointerdown', 'keydown', 'input']) {
    addEventListener(type, () => { lastInput = Date.now(); }, { capture: true, passive: true });
  }
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install takes over a page that had none: that is not a new version.
    if (controlled) updated = true;
    controlled = true;
  });
  const reloadIfResting = () => {
    if (!updated) return;
    const resting = location.pathname === '/' && Date.now() - lastInput > 120_000;
    if (document.hidden || resting) location.reload();
  };
  addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).then((registration) => {
      if (registration) setInterval(() => { registration.update().catch(() => {}); }, 30 * 60_000);
    }, (error) => console.warn('Linli works without offline support here:', error));
  });
  setInterval(reloadIfResting, 30_000);
  document.addEventListener('visibilitychange', reloadIfResting);
}
