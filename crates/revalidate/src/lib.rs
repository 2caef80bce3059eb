//! Validating a site again after some of its procedures were edited in place, without going over
//! every record: for `minhbach serve`, where validating a national site (tens of thousands of
//! records) takes longer than all the rest of a one-page rebuild.
//!
//! The site was valid before the edit, and only the edited records changed; so it is valid now
//! if each edited record passes the checks of one record ([`validate::validate`] run on a
//! site holding only those records and the configuration), its references still resolve, and its
//! procedure code is not another procedure's, and the unit it names (`unit:`) is one of the
//! site's. An edited unit, and anything else (a problem, a reference to a record
//! that does not exist) is left to a whole validation, which reports it as `minhbach check` does.

use load::{Kind, LoadedSite};
use std::collections::{BTreeMap, BTreeSet};
use validate::{self, Citation, Site};

/// What a valid [`Site`] holds besides its records, kept while its records are edited.
pub struct Kept {
    cited_by: BTreeMap<String, Vec<Citation>>,
    bodies: BTreeMap<Kind, Vec<BTreeMap<String, String>>>,
    news_about: BTreeMap<(Kind, usize), Vec<usize>>,
    history: history::History,
}

impl Kept {
    /// Take a valid site apart into its records (to edit) and the rest.
    pub fn take(site: Site) -> (LoadedSite, Kept) {
        (
            site.loaded,
            Kept {
                cited_by: site.cited_by,
                bodies: site.bodies,
                news_about: site.news_about,
                history: site.history,
            },
        )
    }
}

/// The site `loaded` whose records at `edited` (kind and position) are the only records changed since `kept` was taken from a valid site, if it is valid; else
/// the records and `kept` back, to validate the whole site.
#[allow(clippy::result_large_err)]
pub fn revalidate(
    loaded: LoadedSite,
    kept: Kept,
    edited: &[(Kind, usize)],
) -> Result<Site, (LoadedSite, Kept)> {
    // A unit's parent, children and contact channels are checked against the other units:
    // an edited unit is validated with the whole site.
    if edited
        .iter()
        .any(|&(kind, i)| i >= loaded.records(kind).len() || kind == Kind::Unit)
    {
        return Err((loaded, kept));
    }
    let units: BTreeSet<&str> = loaded.units.iter().map(|u| u.id.as_str()).collect();
    // The ids of the citable records, and what the record at `(kind, i)` cites.
    let known: BTreeSet<&str> = Kind::ALL
        .into_iter()
        .filter(|k| k.def().citable)
        .flat_map(|k| {
            let records = loaded.records(k);
            (0..records.len()).map(move |i| records.id(i))
        })
        .collect();
    let references = |kind: Kind, i: usize| -> Vec<String> {
        let mut out = Vec::new();
        loaded
            .records(kind)
            .data(i)
            .visit_references(&mut |_, r| out.push(r.0.clone()));
        out
    };

    // The checks of one record: on a site of only the configuration and the edited records.
    // There every reference is unknown; those known to the whole site are fine.
    let (_, problems) = validate::validate(loaded.only(edited));
    // There every unit is unknown too; those of the whole site are fine.
    let known_reference = |message: &str| {
        message
            .strip_prefix("unknown reference `")
            .and_then(|rest| rest.strip_suffix('`'))
            .is_some_and(|id| known.contains(id))
            || validate::unknown_unit_in(message).is_some_and(|id| units.contains(id))
    };
    let unit_of = |kind: Kind, i: usize| match kind {
        Kind::Channel => loaded.channels[i].data.unit.as_deref(),
        _ => loaded
            .procedures_of(kind)
            .get(i)
            .and_then(|p| p.data.unit.as_deref()),
    };
    // The menu and footer of site.yaml name pages, which that site has none of.
    let known_page = |message: &str| {
        message
            .strip_prefix("there is no page `")
            .and_then(|rest| rest.strip_suffix('`'))
            .is_some_and(|id| loaded.pages.iter().any(|p| p.meta.id == id))
    };
    if problems
        .iter()
        .any(|d| !known_reference(&d.message) && !known_page(&d.message))
        || edited.iter().any(|&(kind, i)| {
            references(kind, i)
                .iter()
                .any(|r| !known.contains(r.as_str()))
                || unit_of(kind, i).is_some_and(|u| !units.contains(u))
        })
    {
        return Err((loaded, kept));
    }
    // Codes are unique across kinds.
    for &(kind, i) in edited {
        let Some(code) = loaded.records(kind).data(i).code() else {
            continue;
        };
        for other_kind in Kind::ALL {
            let others = loaded.records(other_kind);
            if (0..others.len())
                .any(|j| (other_kind, j) != (kind, i) && others.data(j).code() == Some(code))
            {
                return Err((loaded, kept));
            }
        }
    }

    // Who cites what: the edited records' citations as they are now.
    let edited_ids: BTreeSet<(Kind, &str)> = edited
        .iter()
        .map(|&(kind, i)| (kind, loaded.records(kind).id(i)))
        .collect();
    let mut cited_by = kept.cited_by;
    for citers in cited_by.values_mut() {
        citers.retain(|c| !edited_ids.contains(&(c.kind, c.id.as_str())));
    }
    for &(kind, i) in edited {
        for reference in references(kind, i) {
            let citers = cited_by.entry(reference).or_default();
            let citation = Citation {
                kind,
                id: loaded.records(kind).id(i).to_owned(),
            };
            if let Err(at) = citers.binary_search(&citation) {
                citers.insert(at, citation);
            }
        }
    }
    cited_by.retain(|_, citers| !citers.is_empty());
    Ok(Site {
        loaded,
        cited_by,
        bodies: kept.bodies,
        news_about: kept.news_about,
        history: kept.history,
    })
}
