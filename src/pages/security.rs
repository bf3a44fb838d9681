//! The headers every page carries, error pages included: a Content-Security-Policy that lets
//! the page load only its own stylesheet and images (no inline script or style, no plugin, no
//! framing), no MIME sniffing, and no full URL in the Referer sent to other sites.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;

/// Scripts, styles and images fall back to `default-src`: naming them again would only lengthen
/// every page's answer (the edition page's went past 8 KiB by 13 bytes).
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";

pub fn apply(headers: &mut HeaderMap) {
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static(REFERRER_POLICY),
    );
}

/// Outermost on the pages, so that answers from the response cache and 304s carry them too.
pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let mut response = next.call(req).await?.map_into_boxed_body();
    apply(response.headers_mut());
    Ok(response)
}
