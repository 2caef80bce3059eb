//! Long lists split into numbered pages: the procedure list of a national portal holds tens of
//! thousands of procedures, megabytes a page that no phone can use and that every edit would
//! have to render again.
//!
//! Page 1 is the list's usual address (`vi/procedures/`), page `n` is `vi/procedures/page/n/`;
//! each page shows at most the site's `page_size` procedures, links to the previous and next page
//! (`rel="prev"`/`rel="next"`) and has a numbered page navigation. A list that fits on one page
//! looks exactly as it did before pages existed.

use super::{ProcedureGroup, v};
use load::Kind;
use model::Status;
use plan::list_page_path;
use serde::Serialize;
use tera::Value;
use text::Localized;
use validate::Site;
use views::LangViews;
use views::list_items::ProcedureItem;

/// The procedures in list order, split into pages.
pub(super) struct ProcedurePages {
    /// Positions in `site.loaded.procedures`: those in force, grouped by field and level (by
    /// the default language's names, so that every language has the same order) and then by
    /// code; then the abolished ones, in file order.
    order: Vec<usize>,
    /// How many of `order` are in force.
    in_force: usize,
    /// For each in-force entry of `order`, the entry of `order` that starts its group.
    group_start: Vec<usize>,
    /// For each in-force entry of `order`, the entry of `order` where its field begins.
    field_start: Vec<usize>,
    page_size: usize,
    /// What each procedure is sorted by (group, code, id, abolished), by position in the site's
    /// procedures: an edit that keeps these keeps the order.
    keys: Vec<SortKey>,
}

type SortKey = ((String, String), Option<String>, String, bool);

fn sort_key(site: &Site, i: usize) -> SortKey {
    let default = site.default_language();
    let p = &site.loaded.procedures[i];
    let d = &p.data;
    let text = |t: &Option<text::Text>| {
        t.as_ref()
            .map(|t| t.default_text(default).to_owned())
            .unwrap_or_default()
    };
    (
        (text(&d.field), text(&d.level)),
        d.code.as_ref().map(|c| c.0.clone()),
        p.id.clone(),
        d.status == Status::Abolished,
    )
}

/// One entry of the numbered page navigation.
#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
    /// Pages left out here (shown as an ellipsis).
    gap: bool,
}

#[derive(Serialize)]
pub(super) struct Pagination {
    number: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
    links: Vec<PageLink>,
}

/// A field of the procedure list, for the home page's summary of a long list.
#[derive(Serialize)]
struct FieldSummary<'a> {
    field: Option<&'a Localized>,
    count: usize,
    /// The list page on which the field's procedures begin.
    url: String,
}

#[derive(Serialize)]
struct Listing<'a> {
    pages: usize,
    page_size: usize,
    fields: Vec<FieldSummary<'a>>,
}

impl ProcedurePages {
    /// The list order is the same in every language: it follows the default language's names.
    pub(super) fn new(site: &Site) -> Self {
        let keys: Vec<SortKey> = (0..site.loaded.procedures.len())
            .map(|i| sort_key(site, i))
            .collect();
        let mut in_force: Vec<(usize, (String, String))> = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| !k.3)
            .map(|(i, k)| (i, k.0.clone()))
            .collect();
        in_force.sort_by(|(a, ka), (b, kb)| {
            (ka, &keys[*a].1, &keys[*a].2).cmp(&(kb, &keys[*b].1, &keys[*b].2))
        });
        let mut group_start = Vec::with_capacity(in_force.len());
        let mut field_start = Vec::with_capacity(in_force.len());
        for (n, (_, key)) in in_force.iter().enumerate() {
            let prev = n.checked_sub(1).map(|p| (p, &in_force[p].1));
            group_start.push(match prev {
                Some((p, prev_key)) if prev_key == key => group_start[p],
                _ => n,
            });
            field_start.push(match prev {
                Some((p, prev_key)) if prev_key.0 == key.0 => field_start[p],
                _ => n,
            });
        }
        let mut order: Vec<usize> = in_force.into_iter().map(|(i, _)| i).collect();
        let in_force = order.len();
        order.extend((0..keys.len()).filter(|&i| keys[i].3));
        ProcedurePages {
            order,
            in_force,
            group_start,
            field_start,
            page_size: site.loaded.config.data.page_size.max(1),
            keys,
        }
    }

    /// Whether the order still holds after the procedures at `edited` (positions) changed in
    /// place: when what they are sorted by did not change.
    pub(super) fn still_holds(&self, site: &Site, edited: &[usize]) -> bool {
        self.keys.len() == site.loaded.procedures.len()
            && edited.iter().all(|&i| self.keys[i] == sort_key(site, i))
    }

    /// How many pages the list takes (at least one, even when it is empty).
    pub(super) fn pages(&self) -> usize {
        self.order.len().div_ceil(self.page_size).max(1)
    }

    /// The positions in `order` shown on page `number` (from 1).
    fn range(&self, number: usize) -> std::ops::Range<usize> {
        let start = ((number.max(1) - 1) * self.page_size).min(self.order.len());
        start..(start + self.page_size).min(self.order.len())
    }

    /// The procedures (positions in `site.loaded.procedures`) shown on page `number`.
    pub(super) fn page(&self, number: usize) -> &[usize] {
        &self.order[self.range(number)]
    }

    /// Whether page `number` shows one of `entries` as an entry, or one of `headings` (positions
    /// in the site's procedures) as the first of a group whose heading the page repeats.
    pub(super) fn shows_any(
        &self,
        number: usize,
        entries: &std::collections::BTreeSet<usize>,
        headings: &std::collections::BTreeSet<usize>,
    ) -> bool {
        self.range(number).any(|n| {
            entries.contains(&self.order[n])
                || (n < self.in_force && headings.contains(&self.order[self.group_start[n]]))
        })
    }

    /// The template values of list page `number`: its `procedure_groups` (a group that goes on
    /// from the previous page repeats its heading), its `abolished_procedures` and, when the
    /// list has more than one page, the `pagination`.
    pub(super) fn page_values(
        &self,
        views: &LangViews,
        lang: &str,
        number: usize,
    ) -> Vec<(&'static str, Value)> {
        let range = self.range(number);
        let mut groups: Vec<ProcedureGroup> = Vec::new();
        let mut last_start = None;
        for n in range.start..range.end.min(self.in_force) {
            let start = self.group_start[n];
            let first = &views.procedures[self.order[start]];
            if last_start != Some(start) {
                groups.push(ProcedureGroup {
                    field: first.field.as_ref(),
                    level: first.level.as_ref(),
                    procedures: Vec::new(),
                });
                last_start = Some(start);
            }
            groups
                .last_mut()
                .expect("a group was just pushed")
                .procedures
                .push(ProcedureItem::from(&views.procedures[self.order[n]]));
        }
        let abolished: Vec<ProcedureItem> = (range.start.max(self.in_force)..range.end)
            .map(|n| ProcedureItem::from(&views.procedures[self.order[n]]))
            .collect();
        let mut values = vec![
            ("procedure_groups", v(&groups)),
            ("abolished_procedures", v(&abolished)),
        ];
        let pages = self.pages();
        if pages > 1 {
            values.push((
                "pagination",
                v(&pagination(Kind::Procedure, lang, number, pages)),
            ));
        }
        values
    }

    /// What the home page shows of the list: the number of pages and, for a list longer than
    /// one page, its fields with their counts instead of every procedure.
    pub(super) fn listing(&self, views: &LangViews, lang: &str) -> Value {
        let pages = self.pages();
        let mut fields: Vec<FieldSummary> = Vec::new();
        if pages > 1 {
            for n in 0..self.in_force {
                let start = self.field_start[n];
                if start == n {
                    fields.push(FieldSummary {
                        field: views.procedures[self.order[start]].field.as_ref(),
                        count: 0,
                        url: format!(
                            "{lang}/{}",
                            list_page_path(Kind::Procedure, n / self.page_size + 1)
                        ),
                    });
                }
                fields.last_mut().expect("a field starts at 0").count += 1;
            }
        }
        v(&Listing {
            pages,
            page_size: self.page_size,
            fields,
        })
    }
}

/// The navigation of page `number` of `pages`: every page when there are few, else the first,
/// the last and the two either side of the current one, with gaps between.
pub(super) fn pagination(kind: Kind, lang: &str, number: usize, pages: usize) -> Pagination {
    let url = |n: usize| format!("{lang}/{}", list_page_path(kind, n));
    let shown = |n: usize| pages <= 9 || n == 1 || n == pages || n.abs_diff(number) <= 2;
    let mut links = Vec::new();
    let mut gap = false;
    for n in 1..=pages {
        if shown(n) {
            links.push(PageLink {
                number: n,
                url: url(n),
                current: n == number,
                gap: false,
            });
            gap = false;
        } else if !gap {
            links.push(PageLink {
                number: n,
                url: String::new(),
                current: false,
                gap: true,
            });
            gap = true;
        }
    }
    Pagination {
        number,
        pages,
        prev: (number > 1).then(|| url(number - 1)),
        next: (number < pages).then(|| url(number + 1)),
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_of_few_and_many_pages() {
        let p = pagination(Kind::Procedure, "vi", 1, 3);
        assert_eq!(p.prev, None);
        assert_eq!(p.next.as_deref(), Some("vi/procedures/page/2/"));
        assert_eq!(p.links.len(), 3);
        assert_eq!(p.links[0].url, "vi/procedures/");
        assert!(p.links[0].current);

        let p = pagination(Kind::Procedure, "en", 50, 100);
        assert_eq!(p.prev.as_deref(), Some("en/procedures/page/49/"));
        assert_eq!(p.next.as_deref(), Some("en/procedures/page/51/"));
        let numbers: Vec<Option<usize>> = p
            .links
            .iter()
            .map(|l| (!l.gap).then_some(l.number))
            .collect();
        assert_eq!(
            numbers,
            [
                Some(1),
                None,
                Some(48),
                Some(49),
                Some(50),
                Some(51),
                Some(52),
                None,
                Some(100)
            ]
        );
        let last = pagination(Kind::Procedure, "en", 100, 100);
        assert_eq!(last.next, None);
    }
}
