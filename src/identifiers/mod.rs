//! Identifier formats a business rule can check: EORI, MRN, container numbers, UCRs, customs
//! offices and UN/LOCODEs.
//!
//! Each [`Scheme`] checks one value on its own, with no registry look-up: its shape (letters,
//! digits, lengths) and, for MRNs and container numbers, the ISO 6346 check digit. A failed check
//! says why in words a declarant understands, naming the first wrong character (1-based, counted
//! in characters) or the expected check digit:
//!
//! ```
//! use wcodm::identifiers::Scheme;
//! assert_eq!(Scheme::Mrn.check("18GBJCUDH7A1RGWD50"), Ok(()));
//! assert_eq!(Scheme::Mrn.check("19GB03I52858027001").unwrap_err(), "check character is 1, expected 6");
//! assert_eq!(Scheme::Eori.check("gb553202734852").unwrap_err(), "character 1 is 'g', expected a capital letter");
//! ```
//!
//! Values are never trimmed: a leading or trailing space is reported. Any input, including
//! non-ASCII text, gives `Ok` or `Err` and never a panic. The formats and their sources are in
//! each scheme's module; they come from public HMRC and EU NCTS sources as surveyed in the
//! project's business-rules reference.

mod check_character;
mod customs_office;
mod ducr;
mod eori;
mod iso6346;
mod mrn;
mod mucr;
mod shape;
mod unlocode;
mod wco_ucr;

/// An identifier scheme a business rule can check.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// EORI number: 2 letters then 1-15 printable characters (NCTS rule R0850); `GB` and `XI`
    /// EORIs are the prefix then 12 or 15 digits (HMRC).
    Eori,
    /// Movement Reference Number: 18 characters ending in an ISO 6346 check digit (NCTS rule
    /// R0028).
    Mrn,
    /// Container number (ISO 6346): owner code, category `U`/`J`/`Z`, serial number and check
    /// digit.
    Container,
    /// WCO Unique Consignment Reference in HMRC's inventory-linking form.
    WcoUcr,
    /// Declaration UCR (UK): year digit, EORI, `-`, trader reference (HMRC).
    Ducr,
    /// Master UCR (UK): one of HMRC's four forms, at most 35 characters.
    Mucr,
    /// Customs office reference number: country code and 6 letters or digits (EU reference data).
    CustomsOffice,
    /// UN/LOCODE: country code and a 3-character location code.
    UnLocode,
}

impl Scheme {
    const ALL: [Scheme; 8] = [
        Scheme::Eori,
        Scheme::Mrn,
        Scheme::Container,
        Scheme::WcoUcr,
        Scheme::Ducr,
        Scheme::Mucr,
        Scheme::CustomsOffice,
        Scheme::UnLocode,
    ];

    /// Every scheme, in declaration order.
    pub fn all() -> &'static [Scheme] {
        &Self::ALL
    }

    /// The scheme's stable name, as rule packs and the CLI write it: `eori`, `mrn`, `iso6346`,
    /// `wco-ucr`, `ducr`, `mucr`, `customs-office`, `unlocode`.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Eori => "eori",
            Scheme::Mrn => "mrn",
            Scheme::Container => "iso6346",
            Scheme::WcoUcr => "wco-ucr",
            Scheme::Ducr => "ducr",
            Scheme::Mucr => "mucr",
            Scheme::CustomsOffice => "customs-office",
            Scheme::UnLocode => "unlocode",
        }
    }

    /// The scheme with this [`name`](Scheme::name), or `None`.
    pub fn from_name(s: &str) -> Option<Scheme> {
        Self::ALL.into_iter().find(|scheme| scheme.name() == s)
    }

    /// One line: the format and its source, for `wcodm rules` and the docs.
    pub fn description(self) -> &'static str {
        match self {
            Scheme::Eori => eori::DESCRIPTION,
            Scheme::Mrn => mrn::DESCRIPTION,
            Scheme::Container => iso6346::DESCRIPTION,
            Scheme::WcoUcr => wco_ucr::DESCRIPTION,
            Scheme::Ducr => ducr::DESCRIPTION,
            Scheme::Mucr => mucr::DESCRIPTION,
            Scheme::CustomsOffice => customs_office::DESCRIPTION,
            Scheme::UnLocode => unlocode::DESCRIPTION,
        }
    }

    /// A valid example taken from a real source (an HMRC sample or a standard's own example).
    pub fn example(self) -> &'static str {
        match self {
            Scheme::Eori => eori::EXAMPLE,
            Scheme::Mrn => mrn::EXAMPLE,
            Scheme::Container => iso6346::EXAMPLE,
            Scheme::WcoUcr => wco_ucr::EXAMPLE,
            Scheme::Ducr => ducr::EXAMPLE,
            Scheme::Mucr => mucr::EXAMPLE,
            Scheme::CustomsOffice => customs_office::EXAMPLE,
            Scheme::UnLocode => unlocode::EXAMPLE,
        }
    }

    /// Check `value` as it stands (not trimmed). `Err` holds a short reason such as
    /// `check character is 4, expected 3` or `character 3 is 'd', expected a capital letter`.
    /// Never panics, whatever the input.
    pub fn check(self, value: &str) -> Result<(), String> {
        match self {
            Scheme::Eori => eori::check(value),
            Scheme::Mrn => mrn::check(value),
            Scheme::Container => iso6346::check(value),
            Scheme::WcoUcr => wco_ucr::check(value),
            Scheme::Ducr => ducr::check(value),
            Scheme::Mucr => mucr::check(value),
            Scheme::CustomsOffice => customs_office::check(value),
            Scheme::UnLocode => unlocode::check(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let names: Vec<&str> = Scheme::all().iter().map(|s| s.name()).collect();
        assert_eq!(names, ["eori", "mrn", "iso6346", "wco-ucr", "ducr", "mucr", "customs-office", "unlocode"]);
        for &scheme in Scheme::all() {
            assert_eq!(Scheme::from_name(scheme.name()), Some(scheme));
        }
        assert_eq!(Scheme::from_name("EORI"), None);
        assert_eq!(Scheme::from_name(""), None);
    }

    #[test]
    fn every_example_is_valid_and_every_description_one_line() {
        for &scheme in Scheme::all() {
            assert_eq!(scheme.check(scheme.example()), Ok(()), "{}", scheme.name());
            let description = scheme.description();
            assert!(!description.is_empty() && !description.contains('\n'), "{}", scheme.name());
        }
    }

    #[test]
    fn each_description_opens_with_what_it_describes() {
        let opening = [
            "EORI:",
            "MRN:",
            "container number (ISO 6346):",
            "WCO UCR:",
            "DUCR:",
            "MUCR:",
            "customs office:",
            "UN/LOCODE:",
        ];
        for (&scheme, opening) in Scheme::all().iter().zip(opening) {
            assert!(scheme.description().starts_with(opening), "{}: {}", scheme.name(), scheme.description());
        }
    }

    #[test]
    fn no_input_panics() {
        let long = "A".repeat(10_000);
        let inputs = [
            "",
            " ",
            "\0",
            "\u{FEFF}GB553202734852",
            "é",
            "GB55320273485€",
            "18GBJCUDH7A1RGWD5€",
            "CSQU305438€",
            "18GBJCUDH7A1RGWD5\u{1F600}",
            "GB/€-1",
            "GB/",
            "A:",
            "C:",
            "日本語の文字列です",
            "\u{301}",
            long.as_str(),
        ];
        for &scheme in Scheme::all() {
            for input in inputs {
                assert!(scheme.check(input).is_err(), "{} accepted {input:?}", scheme.name());
            }
            // Every prefix of a valid example, cut at every character boundary.
            let example = scheme.example();
            for (i, _) in example.char_indices() {
                let _ = scheme.check(&example[..i]);
                let _ = scheme.check(&format!("{}é{}", &example[..i], &example[i..]));
            }
        }
    }

    #[test]
    fn multi_byte_characters_are_counted_as_characters() {
        assert_eq!(
            Scheme::CustomsOffice.check("GBÄBD001").unwrap_err(),
            "character 3 is 'Ä', expected a capital letter or digit"
        );
        assert_eq!(
            Scheme::UnLocode.check("GBFX€").unwrap_err(),
            "character 5 is '€', expected a capital letter or a digit 2-9"
        );
    }
}
