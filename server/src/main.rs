//! `portal-server`: see `portal_server::cli`.

fn main() -> std::process::ExitCode {
    portal_server::cli::main()
}
