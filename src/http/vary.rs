//! `Vary`, which several layers add to: each names the request headers its choice depends on.

use actix_web::http::header::{self, HeaderMap, HeaderValue};

/// Adds each name to `Vary` unless it is there already. Every answer passes here at least once.
pub fn add(headers: &mut HeaderMap, names: &[&str]) {
    let current = headers.get(header::VARY).map(HeaderValue::as_bytes).unwrap_or_default();
    let listed = |name: &str| {
        current
            .split(|b| *b == b',')
            .any(|token| token.trim_ascii().eq_ignore_ascii_case(name.as_bytes()))
    };
    let mut value: Option<Vec<u8>> = None;
    for name in names.iter().filter(|name| !listed(name)) {
        let value = value.get_or_insert_with(|| {
            let mut value = Vec::with_capacity(current.len() + 64);
            value.extend_from_slice(current);
            value
        });
        if !value.is_empty() {
            value.extend_from_slice(b", ");
        }
        value.extend_from_slice(name.as_bytes());
    }
    if let Some(Ok(value)) = value.map(|v| HeaderValue::from_maybe_shared(actix_web::web::Bytes::from(v))) {
        headers.insert(header::VARY, value);
    }
}

/// Folds every `Vary` value into one, each name once: for a layer that appends a value of its
/// own (actix-http's encoder does) next to names already listed.
pub fn merge(headers: &mut HeaderMap) {
    if headers.get_all(header::VARY).nth(1).is_none() {
        return;
    }
    let values: Vec<HeaderValue> = headers.get_all(header::VARY).cloned().collect();
    headers.remove(header::VARY);
    for value in &values {
        let names: Vec<&str> = value
            .to_str()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .collect();
        add(headers, &names);
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

    #[test]
    fn appended_values_fold_into_one() {
        let mut headers = HeaderMap::new();
        headers.insert(header::VARY, HeaderValue::from_static("Accept, Accept-Encoding"));
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.append(header::VARY, HeaderValue::from_static("Cookie"));
        merge(&mut headers);
        let values: Vec<_> = headers.get_all(header::VARY).collect();
        assert_eq!(values, ["Accept, Accept-Encoding, Cookie"]);
        let mut one = HeaderMap::new();
        one.insert(header::VARY, HeaderValue::from_static("Origin"));
        merge(&mut one);
        assert_eq!(one.get_all(header::VARY).collect::<Vec<_>>(), ["Origin"]);
    }
}
