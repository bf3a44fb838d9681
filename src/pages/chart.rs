//! A bar chart of a series, as inline SVG: one bar per edition, none where no figure exists,
//! with a `<title>` and `<desc>` for screen readers and a `<title>` per bar for the exact
//! reading. Drawn by a template, so every label is escaped like the page around it.

use askama::Template;

use crate::domain::FigureStatus;
use crate::error::ApiError;

/// One edition's bar: its label (the year), its value if any, the value as text.
pub struct ChartPoint {
    pub label: String,
    pub value: Option<f64>,
    /// «более 7 000 (ожидаемое)».
    pub text: String,
    pub status: Option<FigureStatus>,
}

struct Bar {
    label: String,
    /// The bar's centre, for its labels.
    centre: f64,
    /// Absent for an edition without a figure: its slot stays empty.
    rect: Option<Rect>,
    text: String,
    class: &'static str,
}

struct Rect {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    /// Where the value is written, above the bar.
    label_y: f64,
    value: String,
}

struct Tick {
    y: f64,
    label: String,
}

#[derive(Template)]
#[template(path = "metrics/chart.svg")]
struct BarChart<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    baseline: f64,
    ticks: Vec<Tick>,
    bars: Vec<Bar>,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 26.0;

/// A round step for about four grid lines up to `max`: 1, 2 or 5 times a power of ten.
fn step(max: f64) -> f64 {
    let rough = max / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power)
}

/// The chart's SVG. `id` makes its element ids unique on the page.
pub fn bars(id: &str, title: &str, description: &str, points: &[ChartPoint]) -> Result<String, ApiError> {
    let max = points.iter().filter_map(|p| p.value).fold(0.0_f64, f64::max);
    let (step, top) = if max > 0.0 {
        let step = step(max);
        (step, (max / step).ceil() * step)
    } else {
        (1.0, 1.0)
    };
    let plot_height = HEIGHT - TOP - BOTTOM;
    let baseline = HEIGHT - BOTTOM;
    let y_of = |value: f64| baseline - value / top * plot_height;
    let ticks = (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|v| *v <= top + step / 2.0)
        .map(|v| Tick {
            y: y_of(v),
            label: super::format::number(v),
        })
        .collect();
    let slot = (WIDTH - LEFT - RIGHT) / points.len().max(1) as f64;
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let centre = LEFT + slot * (i as f64 + 0.5);
            let width = (slot * 0.6).min(48.0);
            Bar {
                label: p.label.clone(),
                centre,
                rect: p.value.map(|v| Rect {
                    x: centre - width / 2.0,
                    y: y_of(v),
                    width,
                    height: baseline - y_of(v),
                    label_y: y_of(v) - 5.0,
                    value: super::format::number(v),
                }),
                text: p.text.clone(),
                class: match p.status {
                    Some(FigureStatus::Actual) => "bar bar-actual",
                    _ => "bar bar-expected",
                },
            }
        })
        .collect();
    BarChart {
        id,
        title,
        description,
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right: WIDTH - RIGHT,
        baseline,
        ticks,
        bars,
    }
    .render()
    .map_err(|e| ApiError::internal(format!("the chart failed to render: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(step(7000.0), 2000.0);
        assert_eq!(step(180.0), 50.0);
        assert_eq!(step(4.0), 1.0);
        assert_eq!(step(39.0), 10.0);
    }

    #[test]
    fn a_gap_has_no_bar_and_labels_are_escaped() {
        let points = [
            ChartPoint {
                label: "2024".into(),
                value: Some(6000.0),
                text: "6 000".into(),
                status: Some(FigureStatus::Actual),
            },
            ChartPoint {
                label: "2025".into(),
                value: None,
                text: "нет данных".into(),
                status: None,
            },
        ];
        let svg = bars("c", "<b>Участники</b>", "desc", &points).unwrap();
        assert!(
            svg.contains("&#60;b&#62;Участники") || svg.contains("&lt;b&gt;Участники"),
            "{svg}"
        );
        assert_eq!(svg.matches("<rect").count(), 1, "{svg}");
        assert!(svg.contains("<title id=\"c-title\">"));
        assert!(svg.contains("2025"));
    }
}
