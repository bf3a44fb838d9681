//! `Vary`, which several layers add to: each names the request headers its choice depends on.

use actix_web::http::header::{self, HeaderMap, HeaderValue};

/// Adds each name to `Vary` unless it is there already.
pub fn add(headers: &mut HeaderMap, names: &[&str]) {
    let current = headers.get(header::VARY).and_then(|v| v.to_str().ok()).unwrap_or("");
    let listed = |name: &str| current.split(',').any(|token| token.trim().eq_ignore_ascii_case(name));
    let missing: Vec<&str> = names.iter().copied().filter(|name| !listed(name)).collect();
    if missing.is_empty() {
        return;
    }
    let value = if current.is_empty() {
        missing.join(", ")
    } else {
        format!("{current}, {}", missing.join(", "))
    };
    if let Ok(value) = HeaderValue::from_str(&value) {
        headers.insert(header::VARY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vary_after(current: Option<&'static str>, names: &[&str]) -> String {
        let mut headers = HeaderMap::new();
        if let Some(current) = current {
            headers.insert(header::VARY, HeaderValue::from_static(current));
        }
        add(&mut headers, names);
        headers
            .get(header::VARY)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }

    #[test]
    fn names_are_added_once_and_whole() {
        assert_eq!(vary_after(None, &["Origin"]), "Origin");
        assert_eq!(
            vary_after(Some("Accept"), &["Accept-Encoding"]),
            "Accept, Accept-Encoding"
        );
        assert_eq!(
            vary_after(Some("accept-encoding"), &["Accept-Encoding"]),
            "accept-encoding"
        );
        assert_eq!(
            vary_after(Some("Accept, Origin"), &["Origin", "Access-Control-Request-Method"]),
            "Accept, Origin, Access-Control-Request-Method"
        );
        // "Accept" is in "Accept-Encoding" as text, not as a name.
        assert_eq!(
            vary_after(Some("Accept-Encoding"), &["Accept"]),
            "Accept-Encoding, Accept"
        );
    }
}
