//! Validating a site again after some of its procedures were edited in place, without going over
//! every record: for `minhbach serve`, where validating a national site (tens of thousands of
//! records) takes longer than all the rest of a one-page rebuild.
//!
//! The site was valid before the edit, and only the edited records changed; so it is valid now
//! if each edited record passes the checks of one record ([`validate::validate`] run on a
//! site holding only those records and the configuration), its references still resolve, and its
//! procedure code is not another procedure's. Anything else (a problem, a reference to a record
//! that does not exist) is left to a whole validation, which reports it as `minhbach check` does.

use load::{Kind, LoadedSite, Parsed};
use model::Procedure;
use std::collections::{BTreeMap, BTreeSet};
use validate::{self, Citation, Site};

/// What a valid [`Site`] holds besides its records, kept while its records are edited.
pub struct Kept {
    cited_by: BTreeMap<String, Vec<Citation>>,
    report_bodies: Vec<BTreeMap<String, String>>,
    history: history::History,
}

impl Kept {
    /// Take a valid site apart into its records (to edit) and the rest.
    pub fn take(site: Site) -> (LoadedSite, Kept) {
        (
            site.loaded,
            Kept {
                cited_by: site.cited_by,
                report_bodies: site.report_bodies,
                history: site.history,
            },
        )
    }
}

/// The site `loaded` whose procedures (or internal procedures) at `edited` (kind and position)
/// are the only records changed since `kept` was taken from a valid site, if it is valid; else
/// the records and `kept` back, to validate the whole site.
#[allow(clippy::result_large_err)]
pub fn revalidate(
    loaded: LoadedSite,
    kept: Kept,
    edited: &[(Kind, usize)],
) -> Result<Site, (LoadedSite, Kept)> {
    let record = |kind: Kind, i: usize| -> Option<&Parsed<Procedure>> {
        match kind {
            Kind::Procedure => loaded.procedures.get(i),
            Kind::InternalProcedure => loaded.internal_procedures.get(i),
            _ => None,
        }
    };
    let Some(records) = edited
        .iter()
        .map(|&(kind, i)| record(kind, i).map(|p| (kind, p)))
        .collect::<Option<Vec<_>>>()
    else {
        return Err((loaded, kept));
    };

    // The checks of one record: on a site of only the configuration and the edited records.
    // There every reference is unknown; those known to the whole site are fine.
    let alone = LoadedSite {
        root: loaded.root.clone(),
        config: loaded.config.clone(),
        procedures: records
            .iter()
            .filter(|(k, _)| *k == Kind::Procedure)
            .map(|(_, p)| (*p).clone())
            .collect(),
        internal_procedures: records
            .iter()
            .filter(|(k, _)| *k == Kind::InternalProcedure)
            .map(|(_, p)| (*p).clone())
            .collect(),
        channels: Vec::new(),
        reports: Vec::new(),
        indices: Vec::new(),
        documents: Vec::new(),
    };
    let known: BTreeSet<&str> = loaded
        .documents
        .iter()
        .map(|d| d.id.as_str())
        .chain(loaded.reports.iter().map(|r| r.meta.id.as_str()))
        .collect();
    let references = |p: &Parsed<Procedure>| -> Vec<String> {
        let d = &p.data;
        d.legal_basis
            .iter()
            .chain(&d.published_by)
            .chain(&d.abolished_by)
            .map(|r| r.0.clone())
            .collect()
    };
    let (_, problems) = validate::validate(alone);
    let known_reference = |message: &str| {
        message
            .strip_prefix("unknown reference `")
            .and_then(|rest| rest.strip_suffix('`'))
            .is_some_and(|id| known.contains(id))
    };
    if problems.iter().any(|d| !known_reference(&d.message))
        || records
            .iter()
            .any(|(_, p)| references(p).iter().any(|r| !known.contains(r.as_str())))
    {
        return Err((loaded, kept));
    }
    // Procedure codes are unique across both kinds of procedure.
    for &(kind, i) in edited {
        let p = record(kind, i).expect("found above");
        let Some(code) = &p.data.code else { continue };
        let others = loaded
            .procedures
            .iter()
            .enumerate()
            .map(|(j, q)| (Kind::Procedure, j, q))
            .chain(
                loaded
                    .internal_procedures
                    .iter()
                    .enumerate()
                    .map(|(j, q)| (Kind::InternalProcedure, j, q)),
            );
        for (other_kind, j, q) in others {
            if (other_kind, j) != (kind, i) && q.data.code.as_ref() == Some(code) {
                return Err((loaded, kept));
            }
        }
    }

    // Who cites what: the edited records' citations as they are now.
    let edited_ids: BTreeSet<(Kind, &str)> =
        records.iter().map(|(k, p)| (*k, p.id.as_str())).collect();
    let mut cited_by = kept.cited_by;
    for citers in cited_by.values_mut() {
        citers.retain(|c| !edited_ids.contains(&(c.kind, c.id.as_str())));
    }
    for (kind, p) in &records {
        for reference in references(p) {
            let citers = cited_by.entry(reference).or_default();
            let citation = Citation {
                kind: *kind,
                id: p.id.clone(),
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
        report_bodies: kept.report_bodies,
        history: kept.history,
    })
}
