//! Compression by `Accept-Encoding`, at levels cheap enough for the request path: brotli 3 and
//! gzip's fastest cost about a millisecond for the largest page (70 KB), where brotli 11 took
//! 90 ms and made every reader after a write wait. Kept answers are compressed once per data
//! version (`cache`); the rest (errors, writes' answers, streams) by actix-http's encoder here.

use std::io::Write;

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Bytes;

use super::negotiate::{self, Encoding, vary};

/// Smaller bodies go as they are: compression would save less than its own framing costs.
const MIN_SIZE: usize = 1024;

/// `bytes` in `encoding` (gzip or brotli; any other is left as it is).
pub fn compress(encoding: Encoding, bytes: &[u8]) -> std::io::Result<Bytes> {
    match encoding {
        Encoding::Gzip => {
            let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gzip.write_all(bytes)?;
            Ok(gzip.finish()?.into())
        }
        Encoding::Brotli => {
            // A window no larger than the body: the default is 4 MiB of state per call.
            let window = (usize::BITS - bytes.len().max(1).leading_zeros()) as i32 + 1;
            let params = brotli::enc::BrotliEncoderParams {
                quality: 3,
                lgwin: window.clamp(10, 22),
                size_hint: bytes.len(),
                ..Default::default()
            };
            let mut out = Vec::with_capacity(bytes.len() / 4);
            brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
            Ok(out.into())
        }
        _ => Ok(Bytes::copy_from_slice(bytes)),
    }
}

/// Whether a body kept whole (a cached answer, an asset) is worth keeping compressed.
pub fn worth_compressing(len: usize, content_type: Option<&HeaderValue>) -> bool {
    len >= MIN_SIZE && compressible(content_type)
}

/// Text compresses (JSON, CSV, HTML, SVG, BibTeX…); image formats already are compressed.
fn compressible(content_type: Option<&HeaderValue>) -> bool {
    let Some(media) = content_type.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let media = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let known = ["application/json", "application/x-ndjson", "application/x-bibtex"];
    media.starts_with("text/") || media.ends_with("+json") || media.ends_with("+xml") || known.contains(&&*media)
}

/// Compresses on the way out every answer worth it that is not compressed yet.
pub async fn compress_responses(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let (request, mut response) = next.call(req).await?.map_into_boxed_body().into_parts();
    let status = response.status();
    if response.headers().contains_key(header::CONTENT_ENCODING)
        || [StatusCode::NO_CONTENT, StatusCode::NOT_MODIFIED].contains(&status)
        || !compressible(response.headers().get(header::CONTENT_TYPE))
    {
        return Ok(ServiceResponse::new(request, response));
    }
    vary(response.headers_mut(), &["Accept-Encoding"]);
    let encoding = match response.body().size() {
        BodySize::Sized(n) if (n as usize) < MIN_SIZE => Encoding::Identity,
        BodySize::None => Encoding::Identity,
        _ => negotiate::encoding(&request),
    };
    if encoding == Encoding::Identity {
        return Ok(ServiceResponse::new(request, response));
    }
    let (mut head, body) = response.into_parts();
    let body = match body.try_into_bytes() {
        // A body in memory is compressed at once and sent with its length.
        Ok(bytes) => match compress(encoding, &bytes) {
            Ok(compressed) => {
                head.headers_mut().insert(header::CONTENT_ENCODING, encoding.to_header_value());
                BoxBody::new(compressed)
            }
            Err(_) => BoxBody::new(bytes),
        },
        Err(stream) => {
            let encoded = actix_http::encoding::Encoder::response(encoding, head.head_mut(), stream);
            // The encoder appends a `Vary` of its own.
            vary(head.headers_mut(), &[]);
            BoxBody::new(encoded)
        }
    };
    Ok(ServiceResponse::new(request, head.set_body(body)))
}
