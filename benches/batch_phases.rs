//! Where a summary-only batch spends its CPU time, phase by phase, on one
//! thread (issue 18: ≥ 1 M firms a minute a core = ≤ 60 µs a firm for the
//! summary and 画像). Prints, never asserts; run by scripts/bench.sh.
//!
//! `cargo bench --bench batch_phases -- FILE.xlsx [YYYY-MM-DD]` (the date
//! maps the headers' years, as `zjtx batch --date`; default today).

use zjtx::cli::batch_phases::measure;

// The allocator `zjtx batch` runs with (src/bin/zjtx.rs), so the phases
// cost what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use zjtx::date::Date;
use zjtx::rules::Pack;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let Some(file) = args.first() else {
        eprintln!("usage: cargo bench --bench batch_phases -- FILE.xlsx [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let today = args.get(1).and_then(|d| Date::parse(d)).unwrap_or_else(|| {
        // Today in Beijing, as `zjtx batch` takes it.
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        zjtx::date::from_days_since_epoch(((secs + 8 * 3600) / 86_400) as i64)
    });
    let pack = Pack::national();
    let (firms, phases) = match measure(std::path::Path::new(file), &pack, today) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let total: f64 = phases.iter().map(|p| p.seconds).sum();
    println!("{firms} firms assessed, one thread, {total:.2} s in all");
    for p in &phases {
        println!(
            "   {:<44} {:>7.1} µs a firm  {:>5.1} %",
            p.label,
            p.seconds * 1e6 / firms.max(1) as f64,
            100.0 * p.seconds / total
        );
    }
    println!(
        "   {:<44} {:>7.1} µs a firm  ({:.0} firms a minute)",
        "all",
        total * 1e6 / firms.max(1) as f64,
        60.0 * firms as f64 / total
    );
}
