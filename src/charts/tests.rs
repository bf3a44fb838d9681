use super::*;
use roxmltree::{Document, Node};

fn pt(year: i32, value: Option<f64>, status: Status) -> Point {
    let mut p = Point::default();
    (p.year, p.value, p.status) = (year, value, Some(status));
    p
}

fn chart(points: Vec<Point>) -> Chart {
    let mut c = Chart::default();
    (c.title, c.description, c.unit) = ("Участники".into(), "Число участников.".into(), "человек".into());
    c.points = points;
    c
}

/// Actual figures from 2016 on.
fn actual(vals: &[f64]) -> Chart {
    let point = |(y, v): (i32, &f64)| pt(y, Some(*v), Status::Actual);
    chart((2016..).zip(vals).map(point).collect())
}

/// 2016–2025, gaps in 2018 and 2023, 2024–2025 expected, a range in 2020, sources disagree in 2021.
fn sample() -> Chart {
    let mut c = actual(&[3200.0, 4100.0, 0.0, 5500.0, 6000.0, 4800.0, 6300.0, 0.0, 6900.0, 7000.0]);
    let status = |year| if year >= 2024 { Status::Expected } else { Status::Actual };
    for p in &mut c.points {
        (p.value, p.status) = (p.value.filter(|&v| v > 0.0), Some(status(p.year)));
    }
    (c.points[4].value_from, c.points[4].qualifier_text) = (Some(5000.0), Some("от … до".into()));
    (c.points[5].spread, c.points[5].disputed) = (Some((4200.0, 5600.0)), true);
    c.points[9].qualifier_text = Some("более".into());
    c
}

fn parse(svg: &str) -> Document<'_> {
    Document::parse(svg).expect("well-formed XML")
}

fn with_class<'a, 'i>(doc: &'a Document<'i>, class: &str) -> Vec<Node<'a, 'i>> {
    let has = |n: &Node| n.attribute("class").is_some_and(|c| c.split(' ').any(|c| c == class));
    doc.descendants().filter(has).collect()
}

fn attrs<'a>(doc: &'a Document, class: &str, attr: &str) -> Vec<&'a str> {
    let value = |n: &Node<'a, '_>| n.attribute(attr).unwrap();
    with_class(doc, class).iter().map(value).collect()
}

/// Text of the node or its first `tag` descendant, for each node of `class`; groups shown as plain spaces.
fn texts(doc: &Document, class: &str, tag: &str) -> Vec<String> {
    let text = |n: &Node| child(*n, tag).text().unwrap_or_default().replace(GROUP_SEPARATOR, " ");
    with_class(doc, class).iter().map(text).collect()
}

fn num(n: Node, attr: &str) -> f64 {
    n.attribute(attr).unwrap().parse().unwrap()
}

fn child<'a, 'i>(n: Node<'a, 'i>, tag: &str) -> Node<'a, 'i> {
    n.descendants().find(|c| c.has_tag_name(tag)).unwrap()
}

#[test]
fn formats_numbers_the_russian_way() {
    assert_eq!(format_number_ru(7000.0), "7\u{a0}000");
    let ru = |v| format_number_ru(v).replace(GROUP_SEPARATOR, " ");
    assert_eq!(ru(12500.0), "12 500");
    assert_eq!(ru(1234567.0), "1 234 567");
    assert_eq!(ru(-1500.0), "−1 500");
    assert_eq!([ru(4.3), ru(2.50), ru(1.006)], ["4,3", "2,5", "1,01"]);
    assert_eq!([ru(0.0), ru(-0.001), ru(999.0)], ["0", "0", "999"]);
}

#[test]
fn root_carries_size_role_title_and_desc_first() {
    let svg = render(&sample());
    let doc = parse(&svg);
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    let attrs = ["viewBox", "width", "height", "role"].map(|a| root.attribute(a).unwrap());
    assert_eq!(attrs, ["0 0 720 360", "720", "360", "img"]);
    let first: Vec<Node> = root.children().filter(Node::is_element).take(2).collect();
    let first_texts = first.iter().map(|n| (n.tag_name().name(), n.text().unwrap()));
    assert!(first_texts.eq([("title", "Участники"), ("desc", "Число участников.")]));
    assert_eq!(root.attribute("aria-labelledby"), first[0].attribute("id"));
    assert_eq!(root.attribute("aria-describedby"), first[1].attribute("id"));
    assert!(svg.starts_with("<svg ")); // inlined in HTML, an XML declaration shows as a bogus comment
}

#[test]
fn expected_points_are_hollow_actual_filled() {
    let svg = render(&sample());
    let doc = parse(&svg);
    assert_eq!(with_class(&doc, "fm-marker").len(), 8); // ten editions minus two gaps
    assert_eq!(attrs(&doc, "fm-actual", "fill"), [INK; 6]);
    assert_eq!(attrs(&doc, "fm-expected", "fill"), ["#fff"; 2]);
    // фактическое, ожидаемое, разброс источников, диапазон значения
    assert_eq!(texts(&doc, "fm-legend-item", "text"), LEGEND_LABELS);
}

#[test]
fn a_gap_breaks_the_line_and_keeps_its_year() {
    let svg = render(&sample());
    let doc = parse(&svg);
    // 2016–2017 and 2019–2022 solid, 2024–2025 dashed: nothing bridges 2018 or 2023.
    let d = attrs(&doc, "fm-line", "d");
    assert_eq!([d[0].matches('M').count(), d[1].matches('M').count()], [2, 1]);
    assert_eq!(with_class(&doc, "fm-line")[1].attribute("stroke-dasharray"), Some("5 4"));
    let years = texts(&doc, "fm-year", "text");
    assert_eq!((years.len(), &*years[2], &*years[7]), (10, "2018", "2023"));
    let gaps = texts(&doc, "fm-gap", "title");
    assert_eq!(gaps, ["2018: нет данных", "2023: нет данных"]);
}

#[test]
fn segments_into_an_expected_point_are_dashed() {
    let mut c = actual(&[1.0, 2.0, 3.0]);
    c.points[2].status = Some(Status::Expected);
    let svg = render(&c);
    let doc = parse(&svg);
    let (cx, cy) = (attrs(&doc, "fm-marker", "cx"), attrs(&doc, "fm-marker", "cy"));
    let at = |i: usize| format!("{} {}", cx[i], cy[i]);
    let d = attrs(&doc, "fm-line", "d");
    assert_eq!(d, [format!("M{} L{}", at(0), at(1)), format!("M{} L{}", at(1), at(2))]);
    let dashed = |l: &Node| l.has_attribute("stroke-dasharray");
    assert_eq!(with_class(&doc, "fm-line").iter().map(dashed).collect::<Vec<_>>(), [false, true]);
}

#[test]
fn spread_and_range_bars_span_their_values_on_the_axis() {
    let svg = render(&sample());
    let doc = parse(&svg);
    let labels = texts(&doc, "fm-tick", "text");
    assert_eq!((labels.len(), &*labels[0], &*labels[7]), (8, "0", "7 000"));
    let grid: Vec<f64> = with_class(&doc, "fm-grid").iter().map(|g| num(*g, "y1")).collect();
    let y = |v: f64| grid[0] + (grid[7] - grid[0]) * v / 7000.0;
    let close = |n: Node, attr: &str, want: f64| assert!((num(n, attr) - want).abs() <= 0.2, "{attr}: {want}");

    let spread = with_class(&doc, "fm-spread");
    let point = spread[0].parent().unwrap();
    assert_eq!(spread.len(), 1);
    assert!(child(point, "title").text().unwrap().starts_with("2021: "));
    let bar = child(spread[0], "line");
    close(bar, "y1", y(5600.0));
    close(bar, "y2", y(4200.0));
    close(bar, "x1", num(child(point, "circle"), "cx"));

    let range = with_class(&doc, "fm-range");
    assert_eq!(range.len(), 1);
    close(range[0], "y", y(6000.0));
    close(range[0], "height", y(5000.0) - y(6000.0));
}

#[test]
fn tooltips_read_as_sentences() {
    let tips = texts(&parse(&render(&sample())), "fm-point", "title");
    assert_eq!(tips[0], "2016: 3 200 человек (фактическое)");
    assert_eq!(tips[3], "2020: от 5 000 до 6 000 человек (фактическое)");
    let disputed = "2021: 4 800 человек (фактическое); источники расходятся: 4 200–5 600";
    assert_eq!(tips[4], disputed);
    assert_eq!(tips[7], "2025: более 7 000 человек (ожидаемое)");
}

#[test]
fn tick_labels_for_millions_fractions_and_zeros() {
    let labels = |vals: &[f64]| texts(&parse(&render(&actual(vals))), "fm-tick", "text");
    assert_eq!(labels(&[1_250_000.0, 2_400_000.0]).last().unwrap(), "2 500 000");
    assert_eq!(labels(&[0.3, 0.45]), ["0", "0,1", "0,2", "0,3", "0,4", "0,5"]);
    assert_eq!(labels(&[0.07]).last().unwrap(), "0,07"); // 0.07 / 0.01 = 7.000000000000001: no empty tick
    assert_eq!(labels(&[0.0, 0.0]), ["0", "1"]); // all zero: a unit axis, not a division by zero
    assert_eq!(labels(&[3.0, 2.0]), ["0", "1", "2", "3"]); // whole counts get whole ticks
}

#[test]
fn hostile_text_is_escaped() {
    let mut c = sample();
    let script = "<script>alert(1)</script>";
    (c.title, c.description) = (format!("{script}\u{1}"), "\" onerror=\"x".into());
    (c.unit, c.points[0].qualifier_text) = ("<b>&'".into(), Some("\" onload=\"y' <i>".into()));
    let svg = render(&c);
    let doc = parse(&svg);
    assert_eq!(child(doc.root_element(), "title").text(), Some(script));
    assert_eq!(child(doc.root_element(), "desc").text(), Some("\" onerror=\"x"));
    assert_eq!(texts(&doc, "fm-unit", "text"), ["<b>&'"]);
    assert!(texts(&doc, "fm-point", "title")[0].starts_with("2016: \" onload=\"y' <i> 3 200"));
    assert!(!svg.contains("<script") && !svg.contains("<b>") && !svg.contains("<i>"));
    assert!(!svg.contains("\" onerror") && !svg.contains("\" onload") && !svg.contains("y'"));
    for n in doc.descendants() {
        assert!(!matches!(n.tag_name().name(), "script" | "b" | "i"));
        assert!(n.attributes().all(|a| !a.name().starts_with("on")), "{n:?}");
    }
}

#[test]
fn nothing_needs_unsafe_inline_or_the_network() {
    let svg = render(&sample());
    let forbidden = ["style", "script", "foreignObject", "image", "a", "use"];
    for n in parse(&svg).descendants() {
        assert!(!forbidden.contains(&n.tag_name().name()));
        assert!(n.attributes().all(|a| !matches!(a.name(), "style" | "href")));
    }
    assert!(!svg.contains("url(") && !svg.contains("@import"));
}

#[test]
fn all_gaps_draw_axes_and_say_no_data() {
    let two_gaps = vec![pt(2016, None, Status::Actual), pt(2017, None, Status::Expected)];
    for points in [two_gaps, vec![]] {
        let n = points.len();
        let svg = render(&chart(points));
        let doc = parse(&svg);
        assert_eq!(texts(&doc, "fm-empty", "text"), ["Нет данных"]);
        assert_eq!(with_class(&doc, "fm-axes").len(), 1);
        assert_eq!(texts(&doc, "fm-year", "text").len(), n);
        assert!(with_class(&doc, "fm-marker").is_empty() && with_class(&doc, "fm-line").is_empty());
        assert!(with_class(&doc, "fm-legend-item").is_empty());
    }
}

/// Every coordinate has at most two decimals and lies in the (clamped) viewBox; year labels keep apart.
fn check_geometry(mut c: Chart, size: (u32, u32)) {
    (c.width, c.height) = size;
    let svg = render(&c);
    let doc = parse(&svg);
    let (w, h) = (f64::from(size.0.clamp(200, 2000)), f64::from(size.1.clamp(120, 1200)));
    assert_eq!(num(doc.root_element(), "width"), w);
    assert_eq!(num(doc.root_element(), "height"), h);
    let coords = ["x", "y", "cx", "cy", "x1", "y1", "x2", "y2", "width", "height", "r"];
    let attrs = doc.descendants().flat_map(|n| n.attributes());
    for a in attrs.filter(|a| coords.contains(&a.name())) {
        let v: f64 = a.value().parse().unwrap();
        let decimals = a.value().split('.').nth(1).map_or(0, str::len);
        assert!(decimals <= 2, "{}", a.value());
        let vertical = a.name().contains('y') || a.name() == "height";
        let max = if vertical { h } else { w };
        assert!((0.0..=max).contains(&v), "{}={v} outside {w}×{h}", a.name());
    }
    assert_eq!(texts(&doc, "fm-year", "text")[0], c.points[0].year.to_string());
    let xs: Vec<f64> = with_class(&doc, "fm-year").iter().map(|t| num(*t, "x")).collect();
    assert!(xs.windows(2).all(|p| p[1] - p[0] >= 30.0), "{size:?}: {xs:?}");
}

#[test]
fn any_size_and_shape_stays_in_the_viewbox() {
    let thirty: Vec<f64> = (0..30).map(|i| f64::from(i) * 123_456.7).collect();
    let mut with_gaps = actual(&thirty);
    with_gaps.points.iter_mut().step_by(7).for_each(|p| p.value = None);
    let fractions: Vec<f64> = (0..12).map(|i| f64::from(i) / 7.0).collect();
    let cases = [actual(&[42.0]), actual(&[0.0; 3]), with_gaps, actual(&fractions), actual(&[-25.0, 10.0]), sample()];
    for c in cases {
        for size in [(200, 120), (320, 200), (720, 360), (2000, 1200), (50, 5000)] {
            check_geometry(c.clone(), size);
        }
    }
}

#[test]
fn output_is_deterministic_and_ids_follow_content() {
    assert_eq!(render(&sample()), render(&sample()));
    let mut other = sample();
    other.points[0].value = Some(1.0);
    let id = |c: &Chart| render(c).lines().nth(1).map(String::from); // the aria-labelledby line
    assert_ne!(id(&sample()), id(&other)); // two charts on one page must not share aria targets
}
