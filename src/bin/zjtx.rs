//! `zjtx`: the native command line (see `zjtx::cli`).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(zjtx::cli::main(std::env::args().collect()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}
