// The public address the test server is started with (LINLI_PUBLIC_URL, see
// playwright.config.ts): what the kiosk's QR codes must encode instead of 127.0.0.1.
export const PUBLIC_URL = 'https://linli.example.cn';
