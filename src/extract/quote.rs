//! Finding a quote in its source text. Copies of a text differ in what a reader does not see
//! as a change of words: the kind of space, of quote mark or of dash, `ё` written as `е`, a
//! soft hyphen. Those are folded on both sides; case and everything else must match.

/// Where a quote stands in a text, in characters (Unicode code points), `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// The longest stretch an inner «…» of a quote may stand for: a sentence or two, not the
/// rest of the article.
const MAX_GAP: usize = 400;

/// The character a text's character reads as when quotes are compared; `None` for one that
/// is invisible.
pub(crate) fn fold_char(c: char) -> Option<char> {
    Some(match c {
        '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => return None,
        'ё' => 'е',
        'Ё' => 'Е',
        '«' | '»' | '“' | '”' | '„' | '‟' | '"' | '‘' | '’' | '‚' | '\'' | '‹' | '›' => '"',
        '\u{2010}'..='\u{2015}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    })
}

/// A text folded for comparison, each folded character knowing the original one it came from.
struct Folded {
    text: String,
    from: Vec<usize>,
}

fn fold(text: &str) -> Folded {
    let mut folded = Folded { text: String::with_capacity(text.len()), from: Vec::with_capacity(text.len()) };
    for (i, c) in text.chars().enumerate() {
        let Some(f) = fold_char(c) else { continue };
        if f == ' ' && folded.text.ends_with(' ') {
            continue;
        }
        folded.text.push(f);
        folded.from.push(i);
    }
    folded
}

/// The parts of a quote between the excerpt marks in it, trimmed, without empty ones.
fn parts(quote: &str) -> Vec<String> {
    let marked = quote.replace("...", "…");
    marked.split('…').map(|part| fold(part.trim()).text.trim().to_string()).filter(|part| !part.is_empty()).collect()
}

/// Finds `quote` in `text`: the first place where the text reads as the quote, as a span of
/// the text's characters. An «…» or "..." at either end of the quote means the excerpt went
/// on, so only the rest is matched; one inside stands for words left out (up to a few
/// hundred characters).
pub fn locate(text: &str, quote: &str) -> Option<Span> {
    let haystack = fold(text);
    let whole = fold(quote.trim()).text;
    if whole.is_empty() {
        return None;
    }
    if let Some(span) = find_parts(&haystack, std::slice::from_ref(&whole)) {
        return Some(span);
    }
    let parts = parts(quote);
    if parts.is_empty() {
        return None;
    }
    find_parts(&haystack, &parts)
}

/// The first place where the parts stand in order, each within `MAX_GAP` of the one before.
fn find_parts(haystack: &Folded, parts: &[String]) -> Option<Span> {
    let (first, rest) = parts.split_first()?;
    let mut from = 0;
    while let Some(found) = haystack.text[from..].find(first.as_str()) {
        let start_byte = from + found;
        let mut end_byte = start_byte + first.len();
        let all = rest.iter().all(|part| {
            let Some(next) = haystack.text[end_byte..].find(part.as_str()) else {
                return false;
            };
            let gap = haystack.text[end_byte..end_byte + next].chars().count();
            end_byte += next + part.len();
            gap <= MAX_GAP
        });
        if all {
            let start = haystack.text[..start_byte].chars().count();
            let end = start + haystack.text[start_byte..end_byte].chars().count();
            return Some(Span { start: haystack.from[start], end: haystack.from[end - 1] + 1 });
        }
        from = start_byte + first.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The characters `span` covers.
pub fn slice(text: &str, span: Span) -> String {
    text.chars().skip(span.start).take(span.end - span.start).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, quote: &str) -> Option<String> {
        locate(text, quote).map(|span| slice(text, span))
    }

    #[test]
    fn spaces_quotes_dashes_and_yo_fold() {
        let text = "Ожидается свыше 7\u{a0}000 участников «Города России» — в Екатеринбурге, ещё\nбольше";
        assert_eq!(
            found(text, "свыше 7 000 участников \"Города России\" - в Екатеринбурге, еще больше").as_deref(),
            Some("свыше 7\u{a0}000 участников «Города России» — в Екатеринбурге, ещё\nбольше")
        );
        assert_eq!(found("a\u{202f}\u{2009} b", "a b").as_deref(), Some("a\u{202f}\u{2009} b"));
        assert_eq!(found("27–28 ноября", "27-28 ноября").as_deref(), Some("27–28 ноября"));
    }

    #[test]
    fn offsets_are_characters_not_bytes() {
        let text = "Форум собрал 6 тыс. участников.";
        let span = locate(text, "6 тыс. участников").unwrap();
        assert_eq!(span, Span { start: 13, end: 30 });
    }

    #[test]
    fn invisible_characters_are_skipped_but_case_is_kept() {
        assert_eq!(
            found("му\u{ad}ни\u{200b}ципалитетов", "муниципалитетов").as_deref(),
            Some("му\u{ad}ни\u{200b}ципалитетов")
        );
        assert_eq!(found("Форум собрал", "форум собрал"), None);
    }

    #[test]
    fn hyphens_do_not_match_spaced_dashes() {
        assert_eq!(found("Каменск — Уральский", "Каменск-Уральский"), None);
    }

    #[test]
    fn an_excerpt_mark_means_the_quote_goes_on() {
        let text = "В 2024 году форум собрал шесть тыс. участников из 53 регионов России.";
        assert_eq!(found(text, "…собрал шесть тыс. участников…").as_deref(), Some("собрал шесть тыс. участников"));
        assert_eq!(
            found(text, "форум собрал... из 53 регионов").as_deref(),
            Some("форум собрал шесть тыс. участников из 53 регионов")
        );
        assert_eq!(found(text, "…"), None);
        assert_eq!(found(text, "  "), None);
    }

    #[test]
    fn an_ellipsis_in_the_text_itself_is_matched_as_written() {
        let text = "Сказал так… и ушёл";
        assert_eq!(found(text, "так… и ушел").as_deref(), Some("так… и ушёл"));
    }
}
