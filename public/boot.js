// Starts the app. A file of its own, not an inline script: the Content-Security-Policy runs
// only the app's own files. scripts/bundle.mjs fills in the content-hashed names.
import init from '/assets/{{linli_app.js}}';
init({ module_or_path: '/assets/{{linli_app_bg.wasm}}' });
