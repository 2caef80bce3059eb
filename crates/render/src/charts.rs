//! Index charts: each index's score by year and rank by year, drawn at build time as inline SVG.
//!
//! The charts need no JavaScript and no fonts of their own: the browser draws their text with
//! the page's fonts, so Vietnamese and CJK labels render as well as the body text. They scale
//! with their `viewBox` (the CSS gives them `width: 100%` and a maximum width), and the user-unit
//! sizes are chosen so that labels stay about 12 px high on a 320 px wide screen.
//!
//! Every chart is an `<svg role="img">` named by its own `<title>` and `<desc>` (through
//! `aria-labelledby`); the description lists every value, and the page shows the data table
//! beside the charts. Every text put into the markup goes through [`escape_html`], which is why
//! the result may be handed to templates as safe HTML.

use model::{Index, IndexUnit};
use std::collections::BTreeMap;
use std::fmt::Write;
use theme::escape_html;
use validate::Site;
use views::{Loc, format_number};

/// Theme strings the charts use; the theme must have them in every language.
pub const STRING_KEYS: &[&str] = &[
    "chart_score_title",
    "chart_score_desc",
    "chart_rank_title",
    "chart_rank_desc",
    "chart_rank_of",
    "chart_rank_only",
    "chart_no_data",
];

/// One year of an index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub year: i32,
    pub score: f64,
    pub rank: Option<u32>,
    pub out_of: Option<u32>,
}

/// An index's series, as the charts need it.
#[derive(Debug, Clone)]
pub struct Series<'a> {
    /// Used in element ids, so that several indices can share a page.
    pub id: &'a str,
    /// The name shown in titles and descriptions (the index's short name).
    pub name: &'a str,
    pub unit: IndexUnit,
    pub scale_max: f64,
    /// In any order; the charts sort them by year.
    pub points: Vec<Point>,
}

impl<'a> Series<'a> {
    pub fn of_index(id: &'a str, index: &'a Index) -> Series<'a> {
        Series {
            id,
            name: &index.short_name,
            unit: index.unit,
            scale_max: index.scale_max,
            points: index
                .entries
                .iter()
                .map(|e| Point {
                    year: e.year,
                    score: e.score,
                    rank: e.rank,
                    out_of: e.out_of,
                })
                .collect(),
        }
    }
}

/// The charts of every index of the site in one language, by index id: HTML whose every text is
/// escaped.
pub fn index_charts(site: &Site, loc: &Loc) -> BTreeMap<String, String> {
    site.loaded
        .indices
        .iter()
        .map(|x| {
            (
                x.id.clone(),
                render_charts(&Series::of_index(&x.id, &x.data), loc),
            )
        })
        .collect()
}

// The drawing area, in user units. 320 wide so that a 14-unit font is about 12 px on a phone.
const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 190.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 30.0;
const FONT: f64 = 14.0;

/// Both charts of one index (the rank chart only when some year has a rank), in a `<div>`.
pub fn render_charts(series: &Series, loc: &Loc) -> String {
    let mut points = series.points.clone();
    points.sort_by_key(|p| p.year);
    points.dedup_by_key(|p| p.year);
    if points.is_empty() {
        return format!(
            "<p class=\"chart-empty\">{}</p>",
            escape_html(&loc.string("chart_no_data", &[]))
        );
    }
    let mut out = String::from("<div class=\"charts\">");
    out.push_str(&score_chart(series, &points, loc));
    if points.iter().any(|p| p.rank.is_some()) {
        out.push_str(&rank_chart(series, &points, loc));
    }
    out.push_str("</div>");
    out
}

/// The horizontal position of each year: every year from the first to the last has its slot, so
/// a missing year shows as a gap.
struct YearAxis {
    first: i32,
    last: i32,
}

impl YearAxis {
    fn of(points: &[Point]) -> YearAxis {
        YearAxis {
            first: points.first().map_or(0, |p| p.year),
            last: points.last().map_or(0, |p| p.year),
        }
    }
    fn x(&self, year: i32) -> f64 {
        let slots = f64::from(self.last - self.first + 1);
        let slot = (WIDTH - LEFT - RIGHT) / slots;
        LEFT + slot * (f64::from(year - self.first) + 0.5)
    }
    /// Year labels under the axis: all of them while they fit, else every n-th.
    fn labels(&self, out: &mut String) {
        let count = self.last - self.first + 1;
        let every = (count + 5) / 6;
        for year in (self.first..=self.last).step_by(every.max(1) as usize) {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{year}</text>",
                num(self.x(year)),
                num(HEIGHT - BOTTOM + FONT + 4.0),
            );
        }
    }
}

/// A round step (1, 2 or 5 times a power of ten) near `raw`.
fn nice_step(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let f = raw / magnitude;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// The score axis: round bounds around the values, within 0 and the scale's maximum.
fn score_bounds(points: &[Point], scale_max: f64) -> (f64, f64, f64) {
    let lo = points.iter().map(|p| p.score).fold(f64::INFINITY, f64::min);
    let hi = points
        .iter()
        .map(|p| p.score)
        .fold(f64::NEG_INFINITY, f64::max);
    let top = scale_max.max(hi);
    let step = nice_step((hi - lo).max(top / 20.0) / 4.0);
    let mut axis_lo = (lo / step).floor() * step;
    let mut axis_hi = (hi / step).ceil() * step;
    // Keep the points off the frame, so that their labels fit.
    if axis_lo >= lo - step / 2.0 {
        axis_lo -= step;
    }
    if axis_hi <= hi + step / 2.0 {
        axis_hi += step;
    }
    (axis_lo.max(0.0).min(lo), axis_hi.min(top).max(hi), step)
}

fn open_svg(out: &mut String, id: &str, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\" viewBox=\"0 0 {w} {h}\" \
         width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-size=\"{FONT}\" \
         fill=\"currentColor\"><title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>",
        w = num(WIDTH),
        h = num(HEIGHT),
    );
}

fn figure(out: &mut String, kind: &str, caption: &str, svg: &str) {
    let _ = write!(
        out,
        "<figure class=\"chart chart-{kind}\">{svg}<figcaption>{caption}</figcaption></figure>"
    );
}

/// A horizontal grid line with its label on the left.
fn grid_line(out: &mut String, y: f64, label: &str) {
    let _ = write!(
        out,
        "<line class=\"chart-grid\" x1=\"{l}\" x2=\"{r}\" y1=\"{y}\" y2=\"{y}\" stroke=\"currentColor\" \
         stroke-opacity=\"0.25\"/><text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\">{label}</text>",
        l = num(LEFT),
        r = num(WIDTH - RIGHT),
        y = num(y),
        tx = num(LEFT - 6.0),
        ty = num(y + FONT * 0.35),
        label = escape_html(label),
    );
}

/// Lines through consecutive years only: a missing year breaks the line.
fn lines(out: &mut String, coords: &[(i32, f64, f64)]) {
    let mut run: Vec<(f64, f64)> = Vec::new();
    let flush = |run: &mut Vec<(f64, f64)>, out: &mut String| {
        if run.len() > 1 {
            let pts: Vec<String> = run
                .iter()
                .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
                .collect();
            let _ = write!(
                out,
                "<polyline class=\"chart-line\" points=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.5\"/>",
                pts.join(" ")
            );
        }
        run.clear();
    };
    let mut previous: Option<i32> = None;
    for &(year, x, y) in coords {
        if previous.is_some_and(|p| p + 1 != year) {
            flush(&mut run, out);
        }
        run.push((x, y));
        previous = Some(year);
    }
    flush(&mut run, out);
}

fn score_chart(series: &Series, points: &[Point], loc: &Loc) -> String {
    let lang = loc.lang;
    let unit = if series.unit == IndexUnit::Percent {
        "%"
    } else {
        ""
    };
    let value = |x: f64| format!("{}{unit}", format_number(x, lang));
    let values: Vec<String> = points
        .iter()
        .map(|p| format!("{}: {}", p.year, value(p.score)))
        .collect();
    let name = ("name", series.name.to_owned());
    let title = loc.string("chart_score_title", std::slice::from_ref(&name));
    let desc = loc.string(
        "chart_score_desc",
        &[
            name,
            ("max", format_number(series.scale_max, lang)),
            ("values", values.join("; ")),
        ],
    );
    let id = format!("chart-{}-score", escape_html(series.id));
    let mut svg = String::new();
    open_svg(&mut svg, &id, &escape_html(&title), &escape_html(&desc));
    let (lo, hi, step) = score_bounds(points, series.scale_max);
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y_of = |s: f64| TOP + (hi - s) / (hi - lo) * plot_h;
    let mut tick = (lo / step).ceil() * step;
    while tick <= hi + step * 1e-9 {
        grid_line(&mut svg, y_of(tick), &value(tick));
        tick += step;
    }
    let years = YearAxis::of(points);
    years.labels(&mut svg);
    let coords: Vec<(i32, f64, f64)> = points
        .iter()
        .map(|p| (p.year, years.x(p.year), y_of(p.score)))
        .collect();
    lines(&mut svg, &coords);
    for (p, &(_, x, y)) in points.iter().zip(&coords) {
        let _ = write!(
            svg,
            "<circle class=\"chart-point\" cx=\"{cx}\" cy=\"{cy}\" r=\"4.5\" data-year=\"{year}\" \
             data-score=\"{score}\"/><text class=\"chart-value\" x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\" \
             font-weight=\"bold\">{label}</text>",
            cx = num(x),
            cy = num(y),
            year = p.year,
            score = p.score,
            ty = num(y - 9.0),
            label = escape_html(&value(p.score)),
        );
    }
    svg.push_str("</svg>");
    let mut out = String::new();
    figure(&mut out, "score", &escape_html(&title), &svg);
    out
}

fn rank_chart(series: &Series, points: &[Point], loc: &Loc) -> String {
    let rank_label = |p: &Point| match (p.rank, p.out_of) {
        (Some(r), Some(n)) => loc.string(
            "chart_rank_of",
            &[("rank", r.to_string()), ("out_of", n.to_string())],
        ),
        (Some(r), None) => loc.string("chart_rank_only", &[("rank", r.to_string())]),
        (None, _) => String::new(),
    };
    let values: Vec<String> = points
        .iter()
        .filter(|p| p.rank.is_some())
        .map(|p| format!("{}: {}", p.year, rank_label(p)))
        .collect();
    let name = ("name", series.name.to_owned());
    let title = loc.string("chart_rank_title", std::slice::from_ref(&name));
    let desc = loc.string("chart_rank_desc", &[name, ("values", values.join("; "))]);
    let id = format!("chart-{}-rank", escape_html(series.id));
    let mut svg = String::new();
    open_svg(&mut svg, &id, &escape_html(&title), &escape_html(&desc));

    // Rank 1 at the top; the axis reaches a round number at or past the lowest rank shown.
    // Ranks down to 5 get a line each; below that, round steps (a tick too close to 1 is
    // skipped, so that 1 and 2 are not drawn on top of each other).
    let worst = f64::from(points.iter().filter_map(|p| p.rank).max().unwrap_or(1));
    let (step, bottom) = if worst <= 5.0 {
        (1.0, 5.0)
    } else {
        let step = nice_step(worst / 4.0).max(1.0);
        (step, (worst / step).ceil() * step)
    };
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y_of = |r: f64| TOP + (r - 1.0) / (bottom - 1.0) * plot_h;
    grid_line(&mut svg, y_of(1.0), "1");
    let mut tick = step;
    while tick <= bottom + 1e-9 {
        if tick > 1.0 && (step == 1.0 || tick - 1.0 > step / 2.0) {
            grid_line(&mut svg, y_of(tick), &format_number(tick, loc.lang));
        }
        tick += step;
    }
    let years = YearAxis::of(points);
    years.labels(&mut svg);
    let ranked: Vec<&Point> = points.iter().filter(|p| p.rank.is_some()).collect();
    let coords: Vec<(i32, f64, f64)> = ranked
        .iter()
        .map(|p| {
            let r = f64::from(p.rank.unwrap_or(1));
            (p.year, years.x(p.year), y_of(r))
        })
        .collect();
    lines(&mut svg, &coords);
    for (p, &(_, x, y)) in ranked.iter().zip(&coords) {
        // The label goes below a point at the top row, above any other.
        let ty = if y - TOP < FONT + 2.0 {
            y + FONT + 6.0
        } else {
            y - 9.0
        };
        let _ = write!(
            svg,
            "<circle class=\"chart-point\" cx=\"{cx}\" cy=\"{cy}\" r=\"4.5\" data-year=\"{year}\" \
             data-rank=\"{rank}\"/><text class=\"chart-value\" x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\" \
             font-weight=\"bold\">{label}</text>",
            cx = num(x),
            cy = num(y),
            year = p.year,
            rank = p.rank.unwrap_or(0),
            ty = num(ty),
            label = escape_html(&rank_label(p)),
        );
    }
    svg.push_str("</svg>");
    let mut out = String::new();
    figure(&mut out, "rank", &escape_html(&title), &svg);
    out
}

/// A coordinate with at most one decimal.
fn num(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use theme::Strings;

    fn strings(lang: &str) -> Strings {
        let pairs: &[(&str, &str)] = match lang {
            "vi" => &[
                ("chart_score_title", "{name}: điểm số qua các năm"),
                ("chart_score_desc", "{name}, thang {max}: {values}."),
                ("chart_rank_title", "{name}: xếp hạng qua các năm"),
                ("chart_rank_desc", "{name}, hạng 1 là cao nhất: {values}."),
                ("chart_rank_of", "{rank}/{out_of}"),
                ("chart_rank_only", "hạng {rank}"),
                ("chart_no_data", "Chưa có số liệu."),
            ],
            _ => &[
                ("chart_score_title", "{name}: score by year"),
                ("chart_score_desc", "{name}, out of {max}: {values}."),
                ("chart_rank_title", "{name}: rank by year"),
                ("chart_rank_desc", "{name}, rank 1 is best: {values}."),
                ("chart_rank_of", "{rank} of {out_of}"),
                ("chart_rank_only", "No. {rank}"),
                ("chart_no_data", "No data yet."),
            ],
        };
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn render(series: &Series, lang: &str) -> String {
        let strings = strings(lang);
        let loc = Loc {
            lang,
            default: "vi",
            strings: &strings,
            all_strings: &Default::default(),
        };
        render_charts(series, &loc)
    }

    fn point(year: i32, score: f64, rank: Option<u32>, out_of: Option<u32>) -> Point {
        Point {
            year,
            score,
            rank,
            out_of,
        }
    }

    /// Every `<svg>…</svg>` of the markup, parsed as XML.
    fn svgs(html: &str) -> Vec<String> {
        html.match_indices("<svg")
            .map(|(start, _)| {
                let end = html[start..].find("</svg>").unwrap() + start + "</svg>".len();
                let svg = html[start..end].to_owned();
                roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
                svg
            })
            .collect()
    }

    #[test]
    fn names_are_escaped_and_the_markup_is_well_formed() {
        let series = Series {
            id: "x\"><script>",
            name: "A&B </svg><script>alert(1)</script>",
            unit: IndexUnit::Points,
            scale_max: 100.0,
            points: vec![point(2023, 50.0, Some(3), Some(63))],
        };
        let html = render(&series, "en");
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("A&amp;B &lt;/svg&gt;&lt;script&gt;"),
            "{html}"
        );
        let svgs = svgs(&html);
        assert_eq!(svgs.len(), 2);
        for svg in &svgs {
            let doc = roxmltree::Document::parse(svg).unwrap();
            let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
            assert!(title.text().unwrap().starts_with("A&B </svg><script>"));
            let labelled = doc.root_element().attribute("aria-labelledby").unwrap();
            let ids: Vec<&str> = labelled.split(' ').collect();
            assert_eq!(ids.len(), 2);
            for id in ids {
                assert!(doc.descendants().any(|n| n.attribute("id") == Some(id)));
            }
        }
    }

    #[test]
    fn rank_one_is_at_the_top_and_missing_years_break_the_line() {
        let series = Series {
            id: "par",
            name: "PAR",
            unit: IndexUnit::Points,
            scale_max: 100.0,
            points: vec![
                point(2024, 96.17, Some(1), None),
                point(2020, 80.0, Some(9), Some(63)),
                point(2021, 85.5, Some(4), Some(63)),
            ],
        };
        let html = render(&series, "vi");
        let svgs = svgs(&html);
        let rank = roxmltree::Document::parse(&svgs[1]).unwrap();
        let mut ys: Vec<(u32, f64)> = rank
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .map(|n| {
                (
                    n.attribute("data-rank").unwrap().parse().unwrap(),
                    n.attribute("cy").unwrap().parse().unwrap(),
                )
            })
            .collect();
        ys.sort_by_key(|(r, _)| *r);
        assert_eq!(ys.len(), 3);
        assert!(ys.windows(2).all(|w| w[0].1 < w[1].1), "{ys:?}");
        // The axis runs from 1 to a round rank past the worst one shown.
        let ticks: Vec<&str> = rank
            .descendants()
            .filter(|n| n.attribute("text-anchor") == Some("end"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(ticks, ["1", "5", "10"]);
        // 2020–2021 are joined; 2024 stands alone after the gap of 2022–2023.
        let lines = rank
            .descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .count();
        assert_eq!(lines, 1);
        // Vietnamese labels: decimal comma and the Vietnamese strings.
        assert!(html.contains("96,17"), "{html}");
        assert!(html.contains("9/63"));
        assert!(html.contains("hạng 1"));
        assert!(html.contains("xếp hạng qua các năm"));
        // Higher scores sit higher.
        let score = roxmltree::Document::parse(&svgs[0]).unwrap();
        let cy = |year: &str| -> f64 {
            score
                .descendants()
                .find(|n| n.attribute("data-year") == Some(year))
                .unwrap()
                .attribute("cy")
                .unwrap()
                .parse()
                .unwrap()
        };
        assert!(cy("2024") < cy("2021") && cy("2021") < cy("2020"));
    }

    #[test]
    fn one_point_and_no_rank() {
        let series = Series {
            id: "papi",
            name: "PAPI",
            unit: IndexUnit::Points,
            scale_max: 80.0,
            points: vec![point(2024, 42.7037, None, None)],
        };
        let html = render(&series, "en");
        let svgs = svgs(&html);
        assert_eq!(svgs.len(), 1, "no rank chart without ranks");
        let doc = roxmltree::Document::parse(&svgs[0]).unwrap();
        let circle = doc
            .descendants()
            .find(|n| n.has_tag_name("circle"))
            .unwrap();
        let cx: f64 = circle.attribute("cx").unwrap().parse().unwrap();
        let cy: f64 = circle.attribute("cy").unwrap().parse().unwrap();
        assert!((cx - (LEFT + (WIDTH - LEFT - RIGHT) / 2.0)).abs() < 0.1);
        assert!(cy > TOP && cy < HEIGHT - BOTTOM, "inside the plot: {cy}");
        assert!(html.contains("42.7037"));
        assert!(
            !html.contains("polyline"),
            "a single point has no line: {html}"
        );
    }

    #[test]
    fn no_points_gives_a_notice() {
        let series = Series {
            id: "x",
            name: "X",
            unit: IndexUnit::Percent,
            scale_max: 100.0,
            points: Vec::new(),
        };
        assert!(render(&series, "en").contains("No data yet."));
    }

    #[test]
    fn score_axis_stays_within_the_scale() {
        let (lo, hi, step) = score_bounds(&[point(2024, 96.17, None, None)], 100.0);
        assert!(lo < 96.17 && (96.17..=100.0).contains(&hi), "{lo} {hi}");
        assert!(step > 0.0);
        let (lo, _, _) = score_bounds(&[point(2024, 0.5, None, None)], 100.0);
        assert!(lo >= 0.0);
    }
}
