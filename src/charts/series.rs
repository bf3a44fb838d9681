//! The chart of a metric's series, as the API's `format=svg` and the metric page show it.

use super::{Chart, Point, Status};
use crate::domain::views::Series;
use crate::domain::{FigureStatus, Qualifier};

/// The series as a chart of `width` × `height` (clamped to the renderer's ranges).
pub fn of_series(series: &Series, width: u32, height: u32) -> Chart {
    let years = match (series.items.first(), series.items.last()) {
        (Some(first), Some(last)) if first.edition != last.edition => format!(", {}–{}", first.edition, last.edition),
        (Some(only), _) => format!(", {}", only.edition),
        _ => String::new(),
    };
    let mut description = format!(
        "«{}» по выпускам форума «Города России»: одно значение на выпуск, выбранное по правилу `{}`; \
         выпуск без цифр в источниках оставлен пропуском. Закрашенная точка — фактическое значение, \
         полая — ожидаемое; вертикальная черта — разброс значений, когда источники расходятся.",
        series.metric.label_ru, series.resolve
    );
    if let Some(as_of) = &series.as_of {
        description.push_str(&format!(
            " Учтены только сведения, опубликованные по {} включительно.",
            as_of.date.format("%d.%m.%Y")
        ));
    }
    Chart {
        title: format!("{}{years}", series.metric.label_ru),
        description,
        unit: crate::ru::unit(&series.metric.unit).unwrap_or(&series.metric.unit).to_string(),
        points: series
            .items
            .iter()
            .map(|point| Point {
                year: point.edition,
                value: point.value,
                value_from: point.value_from,
                status: point.status.map(|s| match s {
                    FigureStatus::Expected => Status::Expected,
                    FigureStatus::Actual => Status::Actual,
                }),
                qualifier_text: point.qualifier.map(|q| match q {
                    Qualifier::Range => "от … до".to_string(),
                    other => crate::ru::qualifier(other).to_string(),
                }),
                spread: point.min.zip(point.max),
                disputed: point.disputed,
            })
            .collect(),
        width,
        height,
    }
}
