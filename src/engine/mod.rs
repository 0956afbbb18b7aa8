//! The engine: pure Rust, no web crates. Takes a pack and answers, returns
//! verdicts with the clause that decided them.

pub mod size_class;
mod truth;

pub use truth::Truth;
