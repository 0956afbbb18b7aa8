//! The engine: pure Rust, no web crates. Takes a pack and answers, returns
//! verdicts with the clause that decided them.

pub mod assess;
pub mod context;
pub mod evaluate;
pub mod gap;
mod held;
pub mod ids;
pub mod leaf;
pub mod metrics;
pub mod plan;
pub mod projection;
pub mod quantity;
pub mod score;
pub mod settings;
pub mod size_class;
pub mod targets;
pub mod timeline;
mod truth;
mod window;
pub mod words;

pub use assess::{Assessment, Options, Verdict, assess};
pub use truth::Truth;
