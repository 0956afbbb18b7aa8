//! Overlay packs: a province's pack writes only what differs from the pack it
//! `extends`. Each overlay file is merged onto the base file of the same
//! name, table by table; a list of tables that carry an `id` (criteria,
//! indicators, dimensions, inputs, measures, settings, industries) is merged
//! item by item: same id = that item's keys replaced, new id = added,
//! `remove = true` = removed. A condition (`test`, `renewal_test`, `when`)
//! and any other list are replaced whole. Shared with the build script
//! (`#[path]`), so it uses nothing but `toml::Value`.

use toml::Value;

/// Keys whose value is replaced whole, never merged key by key (a condition
/// merged into another would hold two forms at once).
const WHOLE: &[&str] = &[
    "test",
    "renewal_test",
    "when",
    "bands",
    "items",
    "options",
    "one_of",
    "applies",
];

/// Merges `over` onto `base`. Err (zh-CN) names the item an overlay tries to
/// remove but the base does not have.
pub fn merge(base: &mut Value, over: Value) -> Result<(), String> {
    match (base, over) {
        (Value::Table(b), Value::Table(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(old) if !WHOLE.contains(&k.as_str()) => merge(old, v)?,
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
            Ok(())
        }
        (Value::Array(b), Value::Array(o)) if is_by_id(&o) && is_by_id(b) => {
            for item in o {
                let id = id_of(&item).unwrap_or_default();
                let remove = item.get("remove").and_then(Value::as_bool).unwrap_or(false);
                let at = b
                    .iter()
                    .position(|x| id_of(x).as_deref() == Some(id.as_str()));
                match (at, remove) {
                    (Some(i), true) => {
                        b.remove(i);
                    }
                    (None, true) => {
                        return Err(format!("要删除的“{id}”在所扩展的规则包里没有：请核对 id"));
                    }
                    (Some(i), false) => merge(&mut b[i], item)?,
                    (None, false) => b.push(item),
                }
            }
            Ok(())
        }
        (b, o) => {
            *b = o;
            Ok(())
        }
    }
}

fn id_of(v: &Value) -> Option<String> {
    v.get("id").and_then(Value::as_str).map(str::to_owned)
}

fn is_by_id(items: &[Value]) -> bool {
    !items.is_empty() && items.iter().all(|x| x.is_table() && id_of(x).is_some())
}
