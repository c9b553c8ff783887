fn main() {
    // Release builds leave the panic hook out, and with it the code that formats messages
    // (docs/performance.md): a panic there still stops the app with an error in the console.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(portal::app::App);
}
