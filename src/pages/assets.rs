//! The stylesheet and the icon, embedded in the binary and served under names that carry a
//! hash of their bytes (`/static/app.3f2a…css`), so that browsers may keep them for a year: a
//! new build with other bytes has other names. The hash and the compressed forms are made
//! once, at start-up (`prepare`).

use std::sync::LazyLock;

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::pages::security;
use crate::serving::compress::{compress, worth_compressing};
use crate::serving::negotiate::{self, Encoding};

struct Asset {
    path: String,
    content_type: &'static str,
    bytes: &'static [u8],
    /// Its bytes in gzip and in brotli, at their best settings; none for an asset too small
    /// to gain from it.
    compressed: Option<[Bytes; 2]>,
}

impl Asset {
    fn new(stem: &str, extension: &str, content_type: &'static str, bytes: &'static [u8]) -> Asset {
        let digest = Sha256::digest(bytes);
        let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        let worth_it = worth_compressing(bytes.len(), Some(&HeaderValue::from_static(content_type)));
        let compressed = worth_it.then(|| {
            [Encoding::Gzip, Encoding::Brotli]
                .map(|encoding| compress(encoding, bytes).expect("compressing into memory does not fail"))
        });
        Asset { path: format!("/static/{stem}.{hash}.{extension}"), content_type, bytes, compressed }
    }

    /// Its bytes in the encoding `Accept-Encoding` prefers, and that encoding.
    fn body(&self, req: &HttpRequest) -> (Bytes, Encoding) {
        let Some([gzip, brotli]) = &self.compressed else {
            return (Bytes::from_static(self.bytes), Encoding::Identity);
        };
        match negotiate::encoding(req) {
            Encoding::Gzip => (gzip.clone(), Encoding::Gzip),
            Encoding::Brotli => (brotli.clone(), Encoding::Brotli),
            _ => (Bytes::from_static(self.bytes), Encoding::Identity),
        }
    }
}

/// Makes the assets' names and compressed bytes, so that no request waits for them.
pub fn prepare() {
    LazyLock::force(&STYLESHEET);
    LazyLock::force(&ICON);
}

static STYLESHEET: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("app", "css", "text/css; charset=utf-8", include_bytes!("assets/app.css")));

static ICON: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("icon", "svg", "image/svg+xml", include_bytes!("assets/icon.svg")));

/// Where the stylesheet is served.
pub fn stylesheet_path() -> &'static str {
    &STYLESHEET.path
}

pub fn icon_path() -> &'static str {
    &ICON.path
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `GET /static/{file}`: an asset by its hashed name; any other name, the old unhashed one
/// included, is a 404.
pub async fn serve(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let asset = [&*STYLESHEET, &*ICON]
        .into_iter()
        .find(|asset| asset.path == req.path())
        .ok_or_else(|| ApiError::NotFound(format!("no file at {}", req.path())))?;
    let (body, encoding) = asset.body(&req);
    let mut response = HttpResponse::Ok();
    response.content_type(asset.content_type).insert_header((header::CACHE_CONTROL, IMMUTABLE));
    if asset.compressed.is_some() {
        response.insert_header((header::VARY, "Accept-Encoding"));
    }
    if encoding != Encoding::Identity {
        response.insert_header((header::CONTENT_ENCODING, encoding.to_header_value()));
    }
    let mut response = response.body(body);
    security::apply(response.headers_mut());
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_a_hash_of_the_bytes() {
        let path = stylesheet_path();
        let hash = path.strip_prefix("/static/app.").and_then(|rest| rest.strip_suffix(".css")).unwrap();
        assert_eq!(hash.len(), 16);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(Asset::new("app", "css", "text/css", b"a").path, Asset::new("app", "css", "text/css", b"b").path);
        assert!(icon_path().starts_with("/static/icon.") && icon_path().ends_with(".svg"));
    }

    #[test]
    fn compressed_bytes_are_made_once_and_served_as_made() {
        prepare();
        let [gzip, brotli] = STYLESHEET.compressed.as_ref().expect("worth compressing");
        let asking = |encodings: &str| {
            actix_web::test::TestRequest::default()
                .insert_header(("accept-encoding", encodings.to_string()))
                .to_http_request()
        };
        let (body, encoding) = STYLESHEET.body(&asking("gzip, deflate, br, zstd"));
        assert_eq!(encoding, Encoding::Brotli);
        assert_eq!(body.as_ptr(), brotli.as_ptr(), "the bytes made at start-up");
        let (body, encoding) = STYLESHEET.body(&asking("gzip"));
        assert_eq!((encoding, body.as_ptr()), (Encoding::Gzip, gzip.as_ptr()));
        let (body, encoding) = STYLESHEET.body(&asking("br;q=0, gzip;q=0"));
        assert_eq!((encoding, &body[..]), (Encoding::Identity, STYLESHEET.bytes));
        assert!(ICON.compressed.is_none(), "too small to gain");
    }
}
