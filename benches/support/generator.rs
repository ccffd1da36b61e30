//! A seeded generator of WCO DM 3.6 import declarations (UK CDS style) with any number of goods
//! items, for benchmarks and tests. The same seed always gives the same bytes.
//!
//! A declaration of 1 item is about 3 KB, 10 items about 19 KB, 100 about 180 KB and 999 about
//! 1.8 MB. Without injected errors the output is valid against the UK DMS 2.15 schema set and
//! the built-in 3.6 rule set, business rules included (tests/generator.rs).
//! `Inject` adds known errors, each breaking one rule at a known place.

use std::fmt::Write as _;

/// Errors the generator can plant, one per selected goods item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)]
pub enum Inject {
    /// A value longer than its format allows (Commodity/Description an..512 -> 600 characters).
    OverlongText,
    /// Letters in a numeric value (GrossMassMeasure).
    LettersInNumber,
    /// A required element removed (the goods item's SequenceNumeric).
    MissingRequired,
    /// Two elements in the wrong order (SequenceNumeric after the amount).
    WrongOrder,
    /// An attribute the schema does not declare.
    UnknownAttribute,
}

/// splitmix64: small, seeded, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const DESCRIPTIONS: &[&str] = &[
    "Stainless steel bolts M8 x 40, zinc plated",
    "Cotton T-shirts, knitted, men's, assorted sizes",
    "Lithium-ion battery packs for electric bicycles",
    "Roasted coffee beans, not decaffeinated, 1 kg bags",
    "Printed circuit assemblies for industrial controllers",
];
const COMMODITIES: &[&str] = &["73181568", "61091000", "85076000", "09012100", "85389091"];
const COUNTRIES: &[&str] = &["CN", "US", "VN", "DE", "JP", "IN"];
const PACKAGES: &[&str] = &["PK", "CT", "BX", "PL"];

/// One declaration with `items` goods items; `inject` plants each listed error on goods item
/// `1 + k * items / inject.len()` (spread over the message).
pub fn declaration(items: usize, seed: u64, inject: &[Inject]) -> String {
    let mut r = Rng(seed);
    let mut body = String::with_capacity(items * 1100 + 2000);
    let mut invoice_total = 0u64;
    let mut gross_total = 0u64;
    let mut packages = 0u64;
    for i in 1..=items {
        let planted: Vec<Inject> = inject
            .iter()
            .enumerate()
            .filter(|(k, _)| 1 + k * items / inject.len().max(1) == i)
            .map(|(_, e)| *e)
            .collect();
        let has = |e: Inject| planted.contains(&e);
        let value = 100 + r.below(100_000);
        let gross = 1 + r.below(5_000);
        let net = gross - r.below(gross);
        let qty = 1 + r.below(50);
        invoice_total += value;
        gross_total += gross;
        packages += qty;
        let k = r.below(DESCRIPTIONS.len() as u64) as usize;
        let description = if has(Inject::OverlongText) { "X".repeat(600) } else { DESCRIPTIONS[k].to_string() };
        let gross_text = if has(Inject::LettersInNumber) { format!("{gross}kg") } else { gross.to_string() };
        let attr = if has(Inject::UnknownAttribute) { " priority=\"high\"" } else { "" };
        let seq = if has(Inject::MissingRequired) {
            String::new()
        } else {
            format!("<SequenceNumeric>{i}</SequenceNumeric>")
        };
        let amount =
            format!("<StatisticalValueAmount currencyID=\"GBP\">{value}.{:02}</StatisticalValueAmount>", r.below(100));
        let (first, second) = if has(Inject::WrongOrder) { (amount, seq) } else { (seq, amount) };
        let _ = write!(
            body,
            r#"
      <GovernmentAgencyGoodsItem{attr}>
        {first}
        {second}
        <AdditionalDocument>
          <CategoryCode>N</CategoryCode>
          <ID>GBCHD2026{i:06}</ID>
          <TypeCode>935</TypeCode>
        </AdditionalDocument>
        <AdditionalInformation>
          <StatementCode>00500</StatementCode>
          <StatementDescription>IMPORTER</StatementDescription>
        </AdditionalInformation>
        <Commodity>
          <Description>{description}</Description>
          <Classification>
            <ID>{commodity}</ID>
            <IdentificationTypeCode>TSP</IdentificationTypeCode>
          </Classification>
          <Classification>
            <ID>00</ID>
            <IdentificationTypeCode>TRC</IdentificationTypeCode>
          </Classification>
          <GoodsMeasure>
            <GrossMassMeasure>{gross_text}</GrossMassMeasure>
            <NetNetWeightMeasure>{net}</NetNetWeightMeasure>
          </GoodsMeasure>
          <InvoiceLine>
            <ItemChargeAmount currencyID="GBP">{value}.00</ItemChargeAmount>
          </InvoiceLine>
        </Commodity>
        <GovernmentProcedure>
          <CurrentCode>40</CurrentCode>
          <PreviousCode>00</PreviousCode>
        </GovernmentProcedure>
        <GovernmentProcedure>
          <CurrentCode>000</CurrentCode>
        </GovernmentProcedure>
        <Origin>
          <CountryCode>{origin}</CountryCode>
          <TypeCode>1</TypeCode>
        </Origin>
        <Packaging>
          <SequenceNumeric>1</SequenceNumeric>
          <MarksNumbersID>ADRN{i:05}</MarksNumbersID>
          <QuantityQuantity>{qty}</QuantityQuantity>
          <TypeCode>{package}</TypeCode>
        </Packaging>
      </GovernmentAgencyGoodsItem>"#,
            commodity = COMMODITIES[k],
            origin = r.pick(COUNTRIES),
            package = r.pick(PACKAGES),
        );
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<md:MetaData xmlns:md="urn:wco:datamodel:WCO:DocumentMetaData-DMS:2" xmlns="urn:wco:datamodel:WCO:DEC-DMS:2">
  <md:WCODataModelVersionCode>3.6</md:WCODataModelVersionCode>
  <md:WCOTypeName>DEC</md:WCOTypeName>
  <md:ResponsibleCountryCode>GB</md:ResponsibleCountryCode>
  <md:ResponsibleAgencyName>HMRC</md:ResponsibleAgencyName>
  <md:AgencyAssignedCustomizationVersionCode>v2.1</md:AgencyAssignedCustomizationVersionCode>
  <Declaration>
    <FunctionCode>9</FunctionCode>
    <FunctionalReferenceID>WCODM{seed:08}{items:04}</FunctionalReferenceID>
    <TypeCode>IMZ</TypeCode>
    <GoodsItemQuantity>{items}</GoodsItemQuantity>
    <InvoiceAmount currencyID="GBP">{invoice_total}.00</InvoiceAmount>
    <TotalGrossMassMeasure>{gross_total}</TotalGrossMassMeasure>
    <TotalPackageQuantity>{packages}</TotalPackageQuantity>
    <Declarant>
      <ID>GB553202734852</ID>
    </Declarant>
    <GoodsShipment>
      <TransactionNatureCode>1</TransactionNatureCode>{body}
      <Importer>
        <ID>GB427168118378</ID>
      </Importer>
    </GoodsShipment>
  </Declaration>
</md:MetaData>
"#
    )
}
