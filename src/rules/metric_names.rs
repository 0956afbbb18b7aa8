//! The derived metrics rule data may name, besides the numeric answer ids.
//! Their formulas are the engine's (`engine::metrics`); the names live here
//! so the pack can be validated without the engine (data flows one way:
//! rules < facts < engine).

use super::Pack;

/// Derived metrics the rule data may name (besides numeric answer ids).
pub const DERIVED: &[&str] = &[
    "rd_ratio.y1",
    "rd_ratio.y2",
    "rd_cost_ratio.y1",
    "main_share.y1",
    "debt_ratio",
    "net_margin.y1",
    "main_growth.y1",
    "main_avg_growth_2y",
    "revenue_cagr_2y",
    "rd_sum_2y",
    "rd_avg_2y",
    "equity_2y",
    "equity_3y",
    "tech_staff_share",
    "rd_staff_share",
    "niche_years",
    "ip1_net_63",
    "ip1_net_2026",
];

/// Whether `name` can be evaluated: a derived metric, or the answer id of a
/// numeric question (`operating_revenue.y1`).
pub fn is_metric(pack: &Pack, name: &str) -> bool {
    DERIVED.contains(&name)
        || pack.input(name).is_some_and(|d| {
            d.kind.number_kind().is_some() && d.answer_ids().iter().any(|id| id == name)
        })
}
