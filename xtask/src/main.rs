//! The workspace's task runner: `cargo xtask run`, `cargo xtask test`,
//! `cargo xtask loadtest` and `cargo xtask bench`.
//!
//! `run`, `test` and `bench` install what is missing first (the wasm32 target, Trunk,
//! wasm-bindgen-cli, npm packages, Chromium), each check being fast when the
//! tool is already there. See docs/setup.md and docs/testing.md.

mod args;
mod bench;
mod ctx;
mod install;
mod loadtest;
mod perf_doc;
mod proc;
mod run_cmd;
mod server;
mod test_cmd;
mod versions;

use std::process::ExitCode;

use args::Cmd;
use clap::Parser;
use ctx::Ctx;

fn main() -> ExitCode {
    // Errors and `help` exit here (2 for a bad command line, 0 for help).
    let cmd = Cmd::parse();
    let ctx = match Ctx::new() {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!("xtask: {e}");
            return ExitCode::FAILURE;
        }
    };
    match cmd {
        Cmd::Test => match test_cmd::run(&ctx) {
            0 => ExitCode::SUCCESS,
            _ => ExitCode::FAILURE,
        },
        Cmd::Run(run_args) => match run_cmd::run(&ctx, &run_args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("\nxtask: {e}");
                ExitCode::FAILURE
            }
        },
        Cmd::Loadtest(load_args) => match loadtest::run(&ctx, &load_args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("\nxtask: {e}");
                ExitCode::FAILURE
            }
        },
        Cmd::Bench(bench_args) => match bench::run(&ctx, &bench_args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("\nxtask: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
