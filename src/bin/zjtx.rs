//! `zjtx`: the native command line (see `zjtx::cli`).

// The batch allocates many short-lived strings per firm on several threads
// (reports, labels); mimalloc keeps that off the critical path, where the
// system allocator took about half the CPU time (perf, scripts/bench.sh).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(zjtx::cli::main(std::env::args().collect()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}
