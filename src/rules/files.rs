//! The files of every pack besides its rule sets (listed in `pack.toml`),
//! in the order they are read and hashed. The one list: the loader, the
//! overlay resolver and the build script (`#[path]`) all use it.

pub const PACK_FILES: &[&str] = &[
    "pack.toml",
    "tiers.toml",
    "inputs.toml",
    "metrics.toml",
    "settings.toml",
    "size_class.toml",
    "exclusions.toml",
    "measures.toml",
    "cost_model.toml",
    "reminders.toml",
];
