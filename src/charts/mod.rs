//! SVG line chart of one forum metric across its yearly editions.
//!
//! One output serves both uses: a standalone document for `?format=svg` and a fragment inlined in HTML.
//! Hence no XML declaration (an HTML parser would show it as a bogus comment), only presentation
//! attributes (a CSP without `'unsafe-inline'` blocks `<style>` and `style=""`), no scripts, no links,
//! no web fonts. The output is deterministic: same input, same bytes.

mod series;

pub use series::of_series;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Expected,
    Actual,
}

/// One edition's point. `value: None` is a gap: no figure for that edition.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Point {
    pub year: i32,
    pub value: Option<f64>,
    /// The lower bound when the chosen figure states a range («5-6 тысяч»: value_from 5000, value 6000).
    pub value_from: Option<f64>,
    /// `None` (status unknown) is drawn like an actual figure but not labelled as one.
    pub status: Option<Status>,
    /// Qualifier in Russian ("около", "более", "" …); for a range "от … до", where `…` takes the lower bound.
    pub qualifier_text: Option<String>,
    /// Smallest and largest readings when sources disagree; drawn as a min–max whisker.
    pub spread: Option<(f64, f64)>,
    pub disputed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub description: String,
    pub unit: String,
    /// Oldest first, one per edition, gaps included.
    pub points: Vec<Point>,
    pub width: u32,
    pub height: u32,
}

impl Default for Chart {
    fn default() -> Self {
        let (title, description, unit, points) = (String::new(), String::new(), String::new(), Vec::new());
        Chart { title, description, unit, points, width: 720, height: 360 }
    }
}

/// Sizes outside these ranges are clamped, not rejected, so a sloppy query parameter still yields a chart.
pub const WIDTH_RANGE: (u32, u32) = (200, 2000);
pub const HEIGHT_RANGE: (u32, u32) = (120, 1200);
/// CLDR's group separator for `ru` (U+00A0): every common font has it, U+202F is missing from some.
pub const GROUP_SEPARATOR: char = '\u{a0}';

const INK: &str = "#1f5fa8";
const MUTED: &str = "#666";
const PAD: f64 = 8.0;
const FONT: f64 = 11.0;

/// Russian number formatting: "1 234 567" (U+00A0 groups), "4,3", at most two decimals, "−" for negatives.
pub fn format_number_ru(value: f64) -> String {
    format_fixed(value, 2)
}

fn format_fixed(value: f64, max_decimals: usize) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let s = format!("{:.*}", max_decimals, value.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let mut out = String::new();
    if value < 0.0 && (int != "0" || !frac.is_empty()) {
        out.push('−');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(GROUP_SEPARATOR);
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// Escapes for both text and attribute values; drops control characters XML 1.0 forbids outright,
/// since one of them in a title would make the whole document unparsable.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal: finer than a pixel needs, and stable text.
/// (k / 10.0 prints as at most one decimal, and `+ 0.0` turns -0 into 0.)
fn c(v: f64) -> String {
    format!("{}", (v * 10.0).round() / 10.0 + 0.0)
}

/// Approximate advance of sans-serif text; only used to keep labels from colliding.
fn text_w(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.6
}

fn nice_step(raw: f64) -> f64 {
    let mag = 10f64.powf(raw.log10().floor());
    mag * [1.0, 2.0, 5.0].into_iter().find(|&f| raw / mag <= f).unwrap_or(10.0)
}

/// What is drawn for a point; non-finite numbers count as missing, zero-width ranges as none.
struct Fig {
    value: f64,
    range: Option<(f64, f64)>,
    spread: Option<(f64, f64)>,
}

fn fig(p: &Point) -> Option<Fig> {
    let value = p.value.filter(|v| v.is_finite())?;
    let span = |a: f64, b: f64| (a.is_finite() && b.is_finite() && a != b).then(|| (a.min(b), a.max(b)));
    let range = p.value_from.and_then(|f| span(f, value));
    let spread = p.spread.and_then(|(a, b)| span(a, b));
    Some(Fig { value, range, spread })
}

impl Fig {
    /// Every number this point draws, for the y scale.
    fn numbers(&self) -> [f64; 4] {
        let (s0, s1) = self.spread.unwrap_or((self.value, self.value));
        [self.value, self.range.map_or(self.value, |r| r.0), s0, s1]
    }
}

/// The non-empty parts, trimmed and joined by single spaces.
fn words(parts: &[&str]) -> String {
    let parts: Vec<&str> = parts.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    parts.join(" ")
}

fn tooltip(p: &Point, f: &Fig, unit: &str) -> String {
    let q = p.qualifier_text.as_deref().unwrap_or("");
    let range = f.range.map(|(a, z)| (format_number_ru(a), format_number_ru(z)));
    let figure = match (range, q.split_once('…')) {
        (Some((a, z)), Some((before, after))) => words(&[before, &a, after, &z]),
        (Some((a, z)), None) => words(&[q, &format!("{a}–{z}")]),
        (None, _) => words(&[q, &format_number_ru(f.value)]),
    };
    let mut s = format!("{}: {}", p.year, words(&[&figure, unit]));
    s.push_str(match p.status {
        Some(Status::Expected) => " (ожидаемое)",
        Some(Status::Actual) => " (фактическое)",
        None => "",
    });
    if let Some((a, b)) = f.spread {
        let (a, b) = (format_number_ru(a), format_number_ru(b));
        s += &format!("; источники расходятся: {a}–{b}");
    } else if p.disputed {
        s.push_str("; источники расходятся");
    }
    s
}

const LEGEND_LABELS: [&str; 4] = ["фактическое", "ожидаемое", "разброс источников", "диапазон значения"];
/// Drawn in a box whose origin is the top left of the legend row. The blue is INK (`concat!` takes no const).
const LEGEND_ICONS: [&str; 4] = [
    r##"<circle cx="7" cy="6.5" r="4" fill="#1f5fa8"/>"##,
    r##"<circle cx="7" cy="6.5" r="3.5" fill="#fff" stroke="#1f5fa8" stroke-width="2"/>"##,
    r##"<path d="M7 1.5 v10 M4 1.5 h6 M4 11.5 h6" fill="none" stroke="#444" stroke-width="1.5"/>"##,
    r##"<rect x="3" y="1.5" width="8" height="10" fill="#1f5fa8" fill-opacity="0.25"/>"##,
];

/// Renders a complete standalone SVG document, also fit for inlining in HTML.
pub fn render(chart: &Chart) -> String {
    let wu = chart.width.clamp(WIDTH_RANGE.0, WIDTH_RANGE.1);
    let hu = chart.height.clamp(HEIGHT_RANGE.0, HEIGHT_RANGE.1);
    let (w, h) = (f64::from(wu), f64::from(hu));
    let figs: Vec<Option<Fig>> = chart.points.iter().map(fig).collect();
    let has_data = figs.iter().any(Option::is_some);
    let drawn = || figs.iter().flatten();

    let has_spread = drawn().any(|f| f.spread.is_some());
    let has_range = drawn().any(|f| f.range.is_some());
    // The status entries show whenever anything is drawn, so charts read alike side by side;
    // entries wrap into rows as the width demands.
    let shown = [has_data, has_data, has_spread, has_range];
    let (mut legend, mut lx, mut row) = (Vec::new(), PAD, 0.0);
    for i in (0..LEGEND_LABELS.len()).filter(|&i| shown[i]) {
        let iw = 30.0 + text_w(LEGEND_LABELS[i], 10.0);
        if lx + iw > w - PAD && lx > PAD {
            (lx, row) = (PAD, row + 1.0);
        }
        legend.push((lx, row, i));
        lx += iw;
    }
    let mut legend_rows = legend.last().map_or(0.0, |l| l.1 + 1.0);

    // A visible title is worth its row only when there is height to spare; <title> always carries it.
    let show_title = h >= 180.0 && !chart.title.trim().is_empty();
    let plot_top = PAD + if show_title { 20.0 } else { 0.0 } + 22.0;
    // In a small chart the plot beats the legend: its last rows go (the status row is first), and
    // the tooltips are left to explain.
    while legend_rows > 0.0 && h - PAD - 20.0 - 14.0 * legend_rows - plot_top < 44.0 {
        legend_rows -= 1.0;
    }
    legend.retain(|l| l.1 < legend_rows);
    let plot_bottom = h - PAD - 20.0 - 14.0 * legend_rows;
    let plot_h = plot_bottom - plot_top;

    let mut ticks = Vec::new();
    let (lo, hi) = if has_data {
        let vals: Vec<f64> = drawn().flat_map(Fig::numbers).collect();
        let lo = vals.iter().fold(0.0f64, |a, &b| a.min(b));
        let hi = vals.iter().fold(0.0f64, |a, &b| a.max(b));
        let target = (plot_h / 36.0).floor().clamp(2.0, 8.0);
        let mut step = nice_step(if hi > lo { hi - lo } else { 1.0 } / target);
        if vals.iter().all(|v| v.fract() == 0.0) {
            step = step.max(1.0); // head counts get no "0,5 человек" tick
        }
        // The epsilons keep float noise (0.1 * 3 = 0.30000000000000004) from adding an empty tick.
        let (k0, k1) = ((lo / step + 1e-9).floor(), (hi / step - 1e-9).ceil().max(1.0));
        let decimals = (-step.log10().floor()).max(0.0) as usize;
        for k in k0 as i64..=k1 as i64 {
            ticks.push((k as f64 * step, format_fixed(k as f64 * step, decimals)));
        }
        (k0 * step, k1 * step)
    } else {
        (0.0, 1.0)
    };
    let left = PAD + 6.0 + ticks.iter().map(|t| text_w(&t.1, FONT)).fold(16.0, f64::max);
    let slot = (w - PAD - left) / chart.points.len().max(1) as f64;
    let x = |i: usize| left + (i as f64 + 0.5) * slot;
    let y = |v: f64| plot_bottom - (v - lo) / (hi - lo) * plot_h;
    let (l, r, t, bt) = (c(left), c(w - PAD), c(plot_top), c(plot_bottom));

    let mut b = String::new();
    if show_title {
        let (ty, title) = (PAD + 13.0, esc(&chart.title));
        b += &format!("<text x=\"{PAD}\" y=\"{ty}\" font-size=\"14\" font-weight=\"bold\">{title}</text>\n");
    }
    if !chart.unit.trim().is_empty() {
        let (uy, unit) = (c(plot_top - 12.0), esc(&chart.unit));
        b += &format!("<text class=\"fm-unit\" x=\"{PAD}\" y=\"{uy}\" fill=\"{MUTED}\">{unit}</text>\n");
    }
    for (v, label) in &ticks {
        let (ty, tx, ly) = (c(y(*v)), c(left - 6.0), c(y(*v) + 4.0));
        b += &format!(r##"<line class="fm-grid" x1="{l}" y1="{ty}" x2="{r}" y2="{ty}" stroke="#e5e5e5"/>"##);
        b += &format!("<text class=\"fm-tick\" x=\"{tx}\" y=\"{ly}\" text-anchor=\"end\">{label}</text>\n");
    }
    b += &format!("<path class=\"fm-axes\" d=\"M{l} {t} V{bt} H{r}\" fill=\"none\" stroke=\"#888\"/>\n");

    // A year label needs about four digits of room; thinner slots label every k-th edition.
    let every = ((text_w("0000", FONT) + 6.0) / slot).ceil().max(1.0) as usize;
    let yy = c(plot_bottom + 15.0);
    for (i, p) in chart.points.iter().enumerate().step_by(every) {
        let (xi, year) = (c(x(i)), p.year);
        b += &format!("<text class=\"fm-year\" x=\"{xi}\" y=\"{yy}\" text-anchor=\"middle\">{year}</text>\n");
    }

    // Only neighbours that both have values are joined, so a gap leaves a gap. Segments touching an
    // expected point go to the dashed path. Each path remembers where its pen is.
    let mut paths = [(String::new(), None), (String::new(), None)];
    let expected = |i: usize| chart.points[i].status == Some(Status::Expected);
    for (i, pair) in figs.windows(2).enumerate() {
        let (Some(a), Some(z)) = (&pair[0], &pair[1]) else {
            continue;
        };
        let dashed = expected(i) || expected(i + 1);
        let (d, pen) = &mut paths[usize::from(dashed)];
        if *pen != Some(i) {
            *d += &format!("M{} {} ", c(x(i)), c(y(a.value)));
        }
        *d += &format!("L{} {} ", c(x(i + 1)), c(y(z.value)));
        *pen = Some(i + 1);
    }
    b += &format!("<g fill=\"none\" stroke=\"{INK}\" stroke-width=\"2\">\n");
    for ((d, _), dash) in paths.iter().zip(["", " stroke-dasharray=\"5 4\""]) {
        if !d.is_empty() {
            b += &format!("<path class=\"fm-line\" d=\"{}\"{dash}/>\n", d.trim_end());
        }
    }
    b += "</g>\n";

    let (radius, gy) = (c((slot * 0.3).clamp(2.0, 4.0)), c(plot_bottom - 4.0));
    for (i, (p, f)) in chart.points.iter().zip(&figs).enumerate() {
        let (px, year) = (x(i), p.year);
        let cx = c(px);
        let Some(f) = f else {
            let mark = if slot >= 22.0 {
                format!(r##"<text x="{cx}" y="{gy}" text-anchor="middle" font-size="9" fill="#999">н/д</text>"##)
            } else {
                format!(r##"<path d="M{cx} {bt} v-5" stroke="#999"/>"##)
            };
            if has_data {
                b += &format!("<g class=\"fm-gap\"><title>{year}: нет данных</title>{mark}</g>\n");
            }
            continue;
        };
        let tip = esc(&tooltip(p, f, &chart.unit));
        b += &format!("<g class=\"fm-point\" fill=\"{INK}\"><title>{tip}</title>");
        if let Some((a, z)) = f.range {
            let bw = (slot * 0.5).clamp(3.0, 10.0);
            let (rx, ry, rw, rh) = (c(px - bw / 2.0), c(y(z)), c(bw), c(y(a) - y(z)));
            b += &format!(r#"<rect class="fm-range" x="{rx}" y="{ry}" width="{rw}" height="{rh}""#);
            b += r#" fill-opacity="0.25"/>"#;
        }
        if let Some((a, z)) = f.spread {
            let cap = (slot * 0.3).clamp(2.0, 5.0);
            let (y1, y2, cl, cr) = (c(y(z)), c(y(a)), c(px - cap), c(px + cap));
            b += &format!(r##"<g class="fm-spread" stroke="#444" stroke-width="1.5"><line x1="{cx}" y1="{y1}""##);
            b += &format!(r#" x2="{cx}" y2="{y2}"/><path d="M{cl} {y1} H{cr} M{cl} {y2} H{cr}"/></g>"#);
        }
        let (fill, class) = match p.status {
            Some(Status::Expected) => ("#fff", "fm-expected"),
            Some(Status::Actual) => (INK, "fm-actual"),
            None => (INK, "fm-unknown"),
        };
        let cy = c(y(f.value));
        b += &format!(r#"<circle class="fm-marker {class}" cx="{cx}" cy="{cy}" r="{radius}" fill="{fill}""#);
        b += &format!(" stroke=\"{INK}\" stroke-width=\"2\"/></g>\n");
    }
    if !has_data {
        let (ex, ey) = (c(left + (w - PAD - left) / 2.0), c(plot_top + plot_h / 2.0 + 5.0));
        b += &format!(r#"<text class="fm-empty" x="{ex}" y="{ey}" text-anchor="middle" font-size="14""#);
        b += &format!(" fill=\"{MUTED}\">Нет данных</text>\n");
    }
    b += "<g class=\"fm-legend\" font-size=\"10\">\n";
    for (lx, row, i) in legend {
        let (gx, gy) = (c(lx), c(plot_bottom + 24.0 + 14.0 * row));
        let (icon, label) = (LEGEND_ICONS[i], LEGEND_LABELS[i]);
        b += &format!("<g class=\"fm-legend-item\" transform=\"translate({gx} {gy})\">{icon}");
        b += &format!("<text x=\"16\" y=\"10\">{label}</text></g>\n");
    }
    b += "</g>\n";

    // Ids follow the content (FNV-1a), so several charts inlined in one page don't share aria targets.
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let hashed = [&chart.title, &chart.description, &b];
    for byte in hashed.iter().flat_map(|s| s.bytes().chain([0])) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
    }
    let (title, desc) = (esc(&chart.title), esc(&chart.description));
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {wu} {hu}" width="{wu}" height="{hu}" role="img"
 aria-labelledby="fm-{hash:016x}-title" aria-describedby="fm-{hash:016x}-desc"
 font-family="sans-serif" font-size="{FONT}" fill="#333">
<title id="fm-{hash:016x}-title">{title}</title>
<desc id="fm-{hash:016x}-desc">{desc}</desc>
<rect width="{wu}" height="{hu}" fill="#fff"/>
{b}</svg>
"##
    )
}

#[cfg(test)]
mod tests;
