//! `same_as` / `differs_from`: the first values of two fields compared after trimming white
//! space (the exit office is the office of presentation; the consignee is not the consignor).

pub(super) fn equal(a: &str, b: &str) -> bool {
    crate::rules::kinds::trim(a) == crate::rules::kinds::trim(b)
}

#[cfg(test)]
mod tests {
    #[test]
    fn after_trimming() {
        assert!(super::equal("GB000060", " GB000060\n"));
        assert!(!super::equal("GB000060", "GB000061"));
        assert!(!super::equal("gb000060", "GB000060"), "compared as written");
    }
}
