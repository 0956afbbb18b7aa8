//! zjtx: 优质中小企业梯度培育自评估。
//!
//! Data flows one way: rule pack ([`rules`]) → engine ([`engine`], pure
//! Rust) → report view ([`report`], one Yew component tree rendered in the
//! browser and natively) → the widget shell ([`web`], wasm only) and the CLI
//! ([`cli`], native only).

pub mod answers;
pub mod date;
pub mod engine;
pub mod escape;
pub mod facts;
pub mod import;
pub mod num;
pub mod questionnaire;
pub mod report;
pub mod rules;
pub mod saved;

#[cfg(any(target_arch = "wasm32", feature = "prerender"))]
pub mod web;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
