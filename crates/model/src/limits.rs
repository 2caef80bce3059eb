//! The ranges of the values that content files may hold. `validate` checks them with a message
//! for each, and the JSON Schemas (`schema`) give them to editors; both read them from here.
//! `docs/content-model.md` ("Values that are checked") explains them to staff.

/// The most working days a procedure can take: ten years of days. No procedure comes near it;
/// it catches a slipped key (`150000`) and absurd values (`1e23`) that would print as such.
pub const MAX_WORKING_DAYS: f64 = 3650.0;
/// The largest fee, in đồng: a million million (about 40 million US dollars). Far above any
/// fixed administrative fee, and every whole number below it prints exactly.
pub const MAX_FEE: f64 = 1e12;
/// The most copies of one document a dossier can ask for.
pub const MAX_COPIES: u32 = 100;
/// The years a report period or an index result can be about: from 1945 (the founding of the
/// state whose administrative records these portals publish) to 2100 (a five-digit year or a
/// slip of the keyboard such as `2205` is a typo, not a plan).
pub const YEARS: std::ops::RangeInclusive<i32> = 1945..=2100;
/// The years of dates (`date:`, `updated:`, `abolished_on:`): wider back, since documents may
/// cite old codes still in force (Japan's Civil Code dates from 1896).
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1800..=2100;
/// The most units a ranking can have (provinces, districts, communes, countries).
pub const MAX_RANKED: u32 = 100_000;
/// The largest scale an index can have.
pub const MAX_SCALE: f64 = 1_000_000.0;
/// The largest number of records on one list page: ten thousand is already megabytes of HTML.
pub const MAX_PAGE_SIZE: usize = 10_000;
/// The largest key figure: beyond it a number no longer prints exactly.
pub const MAX_FIGURE: f64 = 1e15;
