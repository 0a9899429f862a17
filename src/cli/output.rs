//! Printing: JSON for scripts, short plain lines for people.

use kindred::domain::member::Member;
use kindred::Result;
use serde::Serialize;

pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let s =
        serde_json::to_string_pretty(value).map_err(|e| kindred::Error::Internal(e.to_string()))?;
    println!("{s}");
    Ok(())
}

/// A member as one flat JSON object: `id`, `name` and every stored field.
pub fn member_json(m: &Member) -> serde_json::Value {
    let mut v = serde_json::to_value(m).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        if let Some(serde_json::Value::Object(details)) = obj.remove("details") {
            for (k, val) in details {
                obj.insert(k, val);
            }
        }
        obj.insert("name".into(), m.details.full_name.clone().into());
        obj.insert("display_name".into(), m.details.display_name().into());
    }
    v
}

pub fn line(cols: &[&str]) {
    println!("{}", cols.join("\t"));
}
