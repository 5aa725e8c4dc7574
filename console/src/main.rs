//! Starts the console in the browser: panic messages to the console, then mount.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(linli_console::App);
}
