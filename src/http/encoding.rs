//! Compression by `Accept-Encoding`: brotli or gzip for every answer worth it. Answers kept in
//! the response cache carry their compressed bytes, made once per data version
//! (`http::response_cache`); the stylesheet and icon keep theirs too (`pages::assets`). Everything
//! else is compressed as it goes out: a small body in memory (an error page, a write's answer)
//! here, at once and with a window fitted to it; streams and larger bodies (CSV, the docs) by
//! actix-http's encoder.

use std::io::Write;

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentEncoding, HeaderMap, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Bytes;

/// Smaller bodies go as they are: compression would save less than its own framing costs.
pub const MIN_SIZE: usize = 1024;

/// Bodies in memory up to this size are compressed on the worker, at once. actix-http's
/// encoder hands every piece over 1 KiB to the blocking pool, with a brotli window and state
/// made for large streams: a 1.7 KiB error page cost about 20 times what it costs here.
const INLINE_MAX: usize = 64 * 1024;

/// How an answer's bytes travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The best encoding `Accept-Encoding` allows: brotli (smaller) before gzip at equal
    /// preference; identity when neither is accepted. `*` stands for every coding the field
    /// does not name (RFC 9110, 12.5.3), so `*` alone accepts brotli and `br;q=0, *` gzip.
    pub fn negotiate(headers: &HeaderMap) -> Encoding {
        let Some(accept) = headers.get(header::ACCEPT_ENCODING) else {
            return Encoding::Identity;
        };
        let (mut brotli, mut gzip, mut any) = (None, None, None);
        for (name, quality) in super::params::weighted(accept.as_bytes()) {
            if name.eq_ignore_ascii_case(b"br") {
                brotli = Some(quality);
            } else if name.eq_ignore_ascii_case(b"gzip") || name.eq_ignore_ascii_case(b"x-gzip") {
                gzip = Some(quality);
            } else if name == b"*" {
                any = Some(quality);
            }
        }
        let weight = |named: Option<f32>| named.or(any).unwrap_or(0.0);
        let (brotli, gzip) = (weight(brotli), weight(gzip));
        if brotli > 0.0 && brotli >= gzip {
            Encoding::Brotli
        } else if gzip > 0.0 {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    /// `bytes` compressed fast, for an answer compressed as it goes out (one that is not kept):
    /// brotli's quality 2 and gzip's fastest level, which leave small bodies a few percent larger
    /// than the best settings do, at a fraction of their time.
    pub fn compress_fast(self, bytes: &[u8]) -> std::io::Result<Bytes> {
        self.compress_at(bytes, flate2::Compression::fast(), 2)
    }

    /// What it adds to an ETag: each encoding is a representation of its own.
    pub fn tag_suffix(self) -> &'static str {
        match self {
            Encoding::Identity => "",
            Encoding::Gzip => "-gzip",
            Encoding::Brotli => "-br",
        }
    }

    fn content_encoding(self) -> ContentEncoding {
        match self {
            Encoding::Identity => ContentEncoding::Identity,
            Encoding::Gzip => ContentEncoding::Gzip,
            Encoding::Brotli => ContentEncoding::Brotli,
        }
    }

    pub fn header_value(self) -> HeaderValue {
        self.content_encoding().to_header_value()
    }

    /// `bytes` compressed, thoroughly: this runs once per cached answer and data version. The
    /// brotli window is fitted to the input: the default (4 MiB) would cost that much memory
    /// per compression for answers of a few kilobytes, and compress them no better.
    pub fn compress(self, bytes: &[u8]) -> std::io::Result<Bytes> {
        self.compress_at(bytes, flate2::Compression::best(), 11)
    }

    fn compress_at(self, bytes: &[u8], gzip_level: flate2::Compression, brotli_quality: i32) -> std::io::Result<Bytes> {
        match self {
            Encoding::Identity => Ok(Bytes::copy_from_slice(bytes)),
            Encoding::Gzip => {
                let mut encoder = flate2::write::GzEncoder::new(Vec::new(), gzip_level);
                encoder.write_all(bytes)?;
                Ok(encoder.finish()?.into())
            }
            Encoding::Brotli => brotli_compress(bytes, brotli_quality),
        }
    }
}

/// Brotli at `quality`, with a window no larger than the body needs (a smaller window is
/// smaller state to set up, and costs a body that fits in it nothing).
fn brotli_compress(bytes: &[u8], quality: i32) -> std::io::Result<Bytes> {
    let mut out = Vec::with_capacity(bytes.len() / 2);
    let fitted = (usize::BITS - bytes.len().max(1).leading_zeros()) as i32 + 1;
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: fitted.clamp(10, 22),
        size_hint: bytes.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out.into())
}

/// Whether a body kept whole (a cached answer, an asset) is worth keeping compressed too.
pub fn worth_compressing(len: usize, content_type: Option<&HeaderValue>) -> bool {
    len >= MIN_SIZE && compressible(content_type)
}

/// Whether a media type is text that compresses (JSON, CSV, HTML, SVG, BibTeX…), not an image
/// format that already is compressed.
pub fn compressible(content_type: Option<&HeaderValue>) -> bool {
    let Some(media) = content_type.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let media = media.split(';').next().unwrap_or("").trim();
    let has_prefix = |prefix: &str| {
        media
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    let has_suffix = |suffix: &str| {
        media
            .len()
            .checked_sub(suffix.len())
            .and_then(|start| media.get(start..))
            .is_some_and(|s| s.eq_ignore_ascii_case(suffix))
    };
    has_prefix("text/")
        || has_suffix("+json")
        || has_suffix("+xml")
        || [
            "application/json",
            "application/x-ndjson",
            "application/javascript",
            "application/x-bibtex",
        ]
        .iter()
        .any(|known| media.eq_ignore_ascii_case(known))
}

/// Compresses, as it goes out, every answer worth it that is not compressed already (the
/// response cache sets `Content-Encoding` on what it keeps compressed).
pub async fn compress_responses(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let response = next.call(req).await?.map_into_boxed_body();
    let (request, mut response) = response.into_parts();
    let worth_it = match response.body().size() {
        BodySize::Sized(size) => size as usize >= MIN_SIZE,
        BodySize::Stream => true,
        BodySize::None => false,
    };
    let status = response.status();
    let headers = response.headers();
    let eligible = !headers.contains_key(header::CONTENT_ENCODING)
        && status != StatusCode::NO_CONTENT
        && status != StatusCode::NOT_MODIFIED
        && compressible(headers.get(header::CONTENT_TYPE));
    if !eligible {
        return Ok(ServiceResponse::new(request, response));
    }
    super::vary::add(response.headers_mut(), &["Accept-Encoding"]);
    if !worth_it {
        return Ok(ServiceResponse::new(request, response));
    }
    // Asked only now: most answers (small, or kept compressed already) never need it.
    let encoding = Encoding::negotiate(request.headers());
    if encoding == Encoding::Identity {
        return Ok(ServiceResponse::new(request, response));
    }
    let (mut head, body) = response.into_parts();
    let body = match body.size() {
        BodySize::Sized(size) if size as usize <= INLINE_MAX => match body.try_into_bytes() {
            Ok(bytes) => {
                let Ok(compressed) = encoding.compress_fast(&bytes) else {
                    log::error!("compressing an answer failed; sending it as it is");
                    return Ok(ServiceResponse::new(request, head.set_body(BoxBody::new(bytes))));
                };
                head.headers_mut()
                    .insert(header::CONTENT_ENCODING, encoding.header_value());
                return Ok(ServiceResponse::new(request, head.set_body(BoxBody::new(compressed))));
            }
            Err(body) => body,
        },
        _ => body,
    };
    let encoded = actix_http::encoding::Encoder::response(encoding.content_encoding(), head.head_mut(), body);
    // The encoder appends a `Vary` of its own, naming again what the one above names.
    super::vary::merge(head.headers_mut());
    Ok(ServiceResponse::new(request, head.set_body(BoxBody::new(encoded))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderName;

    fn asked(value: &str) -> Encoding {
        let mut headers = HeaderMap::new();
        headers.insert(
            HeaderName::from_static("accept-encoding"),
            HeaderValue::from_str(value).unwrap(),
        );
        Encoding::negotiate(&headers)
    }

    #[test]
    fn brotli_before_gzip_unless_the_client_prefers_gzip() {
        assert_eq!(asked("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(asked("gzip"), Encoding::Gzip);
        assert_eq!(asked("br;q=0.5, gzip"), Encoding::Gzip);
        assert_eq!(asked("br;q=0, gzip;q=0"), Encoding::Identity);
        assert_eq!(asked("identity, deflate"), Encoding::Identity);
        assert_eq!(Encoding::negotiate(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn a_wildcard_stands_for_every_coding_not_named() {
        assert_eq!(asked("*"), Encoding::Brotli);
        assert_eq!(asked("br;q=0, *"), Encoding::Gzip);
        assert_eq!(asked("gzip;q=0.5, *;q=0.8"), Encoding::Brotli);
        assert_eq!(asked("gzip, *;q=0.2"), Encoding::Gzip);
        assert_eq!(asked("*;q=0"), Encoding::Identity);
        assert_eq!(
            asked("br, *;q=0"),
            Encoding::Brotli,
            "a named coding keeps its own weight"
        );
    }

    #[test]
    fn compressed_bytes_come_back_as_they_were() {
        use std::io::Read;
        let text = "«Города России» ".repeat(200);
        let gzip = Encoding::Gzip.compress(text.as_bytes()).unwrap();
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gzip[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let br = Encoding::Brotli.compress(text.as_bytes()).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
        assert!(br.len() < text.len() / 10 && gzip.len() < text.len() / 5);
    }

    #[test]
    fn text_compresses_and_images_do_not() {
        let of = |t: &'static str| compressible(Some(&HeaderValue::from_static(t)));
        assert!(of("application/json") && of("text/csv; charset=utf-8") && of("image/svg+xml; charset=utf-8"));
        assert!(of("application/problem+json") && of("application/vnd.citationstyles.csl+json"));
        assert!(of("text/html; charset=utf-8") && of("application/x-ndjson"));
        assert!(!of("image/png") && !compressible(None));
    }
}
