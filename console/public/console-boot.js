// Starts the staff console. A file of its own, not an inline script: the
// Content-Security-Policy runs only the site's own files. scripts/bundle.mjs fills in the
// content-hashed names. The console has no service worker: staff work online, and nothing of a
// staff session is kept on the device.
import init from '/assets/{{linli_console.js}}';

const boot = document.getElementById('boot');
init({ module_or_path: '/assets/{{linli_console_bg.wasm}}' }).then(
  () => boot?.remove(),
  (error) => {
    console.error('The console could not start', error);
    boot?.querySelector('[data-testid="boot-loading"]')?.remove();
    boot?.querySelector('[data-testid="boot-failed"]')?.removeAttribute('hidden');
  },
);
