//! `wcodm_options`: what a validator is built with (error cap, value masking, today, extra rule
//! packs). Validators copy them when they are built (`opts`); nothing here validates.

use super::errors::{build_error, fail, wcodm_result, wcodm_result::*};
use super::{guard, guard_or, text};
use crate::Options;
use crate::rules::RulePack;
use std::ffi::c_char;
use std::ptr;

/// Options for building a validator (opaque): the error cap, value masking and extra
/// business-rule packs. Create with `wcodm_options_new`, free with `wcodm_options_free`. A
/// validator copies what it needs when it is built, so the options may be freed (or changed
/// and reused) right after. Not for concurrent use from several threads.
pub struct wcodm_options {
    options: Options,
    packs: Vec<RulePack>,
    profile: Option<crate::profile::Profile>,
}

/// New options with the defaults: error cap 100, values shown, no extra rule packs. Free with
/// `wcodm_options_free`. Returns NULL only on an internal error.
#[unsafe(no_mangle)]
pub extern "C" fn wcodm_options_new() -> *mut wcodm_options {
    guard_or(ptr::null_mut(), || {
        Box::into_raw(Box::new(wcodm_options { options: Options::default(), packs: Vec::new(), profile: None }))
    })
}

/// Keep at most `max` diagnostics per message; the report is then marked truncated
/// (`wcodm_report_is_truncated`). 0 means no cap.
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new` and not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_set_max_errors(options: *mut wcodm_options, max: usize) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle, not shared.
        let Some(o) = (unsafe { options.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        o.options.max_errors = if max == 0 { usize::MAX } else { max };
        WCODM_OK
    })
}

/// Leave message values out of diagnostic messages (customs data is confidential).
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new` and not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_set_mask_values(options: *mut wcodm_options, mask: bool) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle, not shared.
        let Some(o) = (unsafe { options.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        o.options.mask_values = mask;
        WCODM_OK
    })
}

/// Give each diagnostic a location (`wcodm_report_location`): the element path the way
/// XPath-based rule engines report it, every step indexed and every name as written
/// (`/ie:CC315A[1]/GOOITEGDS[2]`). Off by default; a profile may turn it on (`uk-ics1` does).
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new` and not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_set_locations(options: *mut wcodm_options, on: bool) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle, not shared.
        let Some(o) = (unsafe { options.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        o.options.locations = on;
        WCODM_OK
    })
}

/// The day date rules take as today, written `YYYY-MM-DD` (to re-check a message as of the
/// day it was sent, or for reproducible results); NULL goes back to the system's UTC date at
/// validation time (the default). `WCODM_ERR_INVALID_ARGUMENT` when `day` is not a calendar
/// day; the options are unchanged then.
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new` and not in use by another thread; `day` is
/// NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_set_today(options: *mut wcodm_options, day: *const c_char) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle, not shared.
        let Some(o) = (unsafe { options.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        if day.is_null() {
            o.options.today = None;
            return WCODM_OK;
        }
        // SAFETY: non-null, NUL-terminated per the contract.
        let day = match unsafe { text(day, "day") } {
            Ok(d) => d,
            Err(e) => return e,
        };
        match crate::rules::Day::parse(day) {
            Some(d) => {
                o.options.today = Some(d);
                WCODM_OK
            }
            None => fail(WCODM_ERR_INVALID_ARGUMENT, format!("day '{day}' is not a calendar day written YYYY-MM-DD")),
        }
    })
}

/// Add a business-rule pack read from the JSON file at `path` (README.md, "Business rules"),
/// checked in the same pass as the structure. `WCODM_ERR_IO` when the file cannot be read,
/// `WCODM_ERR_RULE_PACK` when it is not a valid pack; the options are unchanged then.
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new` and not in use by another thread; `path` is
/// NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_add_rules_file(
    options: *mut wcodm_options,
    path: *const c_char,
) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle, not shared.
        let Some(o) = (unsafe { options.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        // SAFETY: per the contract.
        let path = match unsafe { text(path, "path") } {
            Ok(p) => p,
            Err(e) => return e,
        };
        match RulePack::from_path(path) {
            Ok(p) => {
                o.packs.push(p);
                WCODM_OK
            }
            Err(e) => build_error(e),
        }
    })
}

/// Add a business-rule pack given as JSON text (NUL-terminated). `WCODM_ERR_RULE_PACK` when it
/// is not a valid pack; the options are unchanged then.
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new` and not in use by another thread; `json` is
/// NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_add_rules_json(
    options: *mut wcodm_options,
    json: *const c_char,
) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle, not shared.
        let Some(o) = (unsafe { options.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        // SAFETY: per the contract.
        let json = match unsafe { text(json, "json") } {
            Ok(p) => p,
            Err(e) => return e,
        };
        match RulePack::from_json(json) {
            Ok(p) => {
                o.packs.push(p);
                WCODM_OK
            }
            Err(e) => build_error(e),
        }
    })
}

/// Free options (NULL is ignored). Validators built with them are not affected.
///
/// # Safety
/// `options` is NULL or from `wcodm_options_new`, and not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_free(options: *mut wcodm_options) {
    guard_or((), || {
        if !options.is_null() {
            // SAFETY: from Box::into_raw in wcodm_options_new, freed once.
            drop(unsafe { Box::from_raw(options) });
        }
    })
}

/// Add a national profile to the options: a built-in profile's name (`"uk-cds"`) or a profile
/// folder (`profile.json` and the files it names). Validators built with these options apply its
/// categories, requirement tables and national rules, and each report's JSON names the
/// `"profile"` and the `"category"` derived. Returns `WCODM_OK`, `WCODM_ERR_RULE_PACK` (unknown
/// name, or a profile that does not load; `wcodm_last_error` says why), `WCODM_ERR_NULL_ARGUMENT`
/// or `WCODM_ERR_INVALID_UTF8`; on an error the options are unchanged.
///
/// # Safety
/// `options` is NULL or live and not used by another thread meanwhile; `name` is NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wcodm_options_set_profile(options: *mut wcodm_options, name: *const c_char) -> wcodm_result {
    guard(|| {
        // SAFETY: NULL or a live handle, not shared.
        let Some(o) = (unsafe { options.as_mut() }) else { return fail(WCODM_ERR_NULL_ARGUMENT, "options is NULL") };
        // SAFETY: per the contract.
        let name = match unsafe { text(name, "name") } {
            Ok(p) => p,
            Err(e) => return e,
        };
        match crate::profile::Profile::named(name) {
            Ok(p) => {
                o.profile = Some(p);
                WCODM_OK
            }
            Err(e) => build_error(e),
        }
    })
}

/// The options, packs and profile to build with (defaults for NULL).
///
/// # Safety
/// `o` is NULL or a live handle.
pub(super) unsafe fn opts(o: *const wcodm_options) -> (Options, Vec<RulePack>, Option<crate::profile::Profile>) {
    // SAFETY: NULL or a live handle per the contract.
    match unsafe { o.as_ref() } {
        Some(o) => (o.options.clone(), o.packs.clone(), o.profile.clone()),
        None => (Options::default(), Vec::new(), None),
    }
}

/// A validator with the options' profile added, if they name one.
pub(super) fn profiled(
    v: crate::Validator,
    profile: Option<&crate::profile::Profile>,
) -> Result<crate::Validator, crate::Error> {
    match profile {
        Some(p) => v.with_profile(p),
        None => Ok(v),
    }
}
