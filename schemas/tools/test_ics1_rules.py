#!/usr/bin/env python3
"""Tests of the ICS1 rule converter (run by tests/ics1.rs: `python3 schemas/tools/test_ics1_rules.py`)."""
import os, sys, unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ics1_rules as c  # noqa: E402


def when(test, context="/HEAHEA", single=lambda n: n == "HEAHEA"):
    return c.translate(test, context, single)[0]


class Translate(unittest.TestCase):
    def test_guards_become_the_condition_and_the_requirement_its_negation(self):
        self.assertEqual(when("exists('TINCO159') || exists('NamCO17')"),
                         {"all": [{"field": "TINCO159", "absent": True}, {"field": "NamCO17", "absent": True}]})
        self.assertEqual(when("not('../TINCO159') || !(getValue('../TINCO159').startsWith('GB'))"),
                         {"all": [{"field": "../TINCO159"}, {"field": "../TINCO159", "starts_with": ["GB"]}]})

    def test_the_context_itself_is_always_present(self):
        self.assertIsNone(when("not(('.'))"), "no condition: the element is rejected wherever it is")
        self.assertEqual(when("not('.') || exists('X')"), {"field": "X", "absent": True})

    def test_listed_values_merge(self):
        self.assertEqual(when("trim('S') == 'C' || trim('S') == 'D' || not('S')"),
                         {"all": [{"field": "S", "not_in": ["C", "D"]}, {"field": "S"}]})

    def test_string_functions_are_patterns(self):
        lead = when("trim('N').take(1) != '0' || trim('N').length() <= 1")
        self.assertEqual(lead["all"][0], {"field": "N", "pattern": r"\s*(?:0(?s:.*))\s*"})
        import re
        after = when("substringAfter(trim('.'), '.').length() <= 3")["not"]["pattern"]
        for v, ok in [("1.234", True), (" 12 ", True), ("1.2345", False), ("1.23 4", False), ("1.2  ", True)]:
            self.assertEqual(bool(re.fullmatch(after, v)), ok, v)

    def test_regexes_are_kept_and_look_ahead_rewritten(self):
        self.assertEqual(when("applyRegex('.', '\\\\s*[0-9]{7,8}\\\\s*')"),
                         {"not": {"field": ".", "pattern": r"\s*[0-9]{7,8}\s*"}})
        rx = "^(?!\\\\s*XFER).+\\\\s*$|^\\\\s*XFER[a-zA-Z0-9]+([:-][a-zA-Z0-9]+)?\\\\s*$"
        self.assertEqual(when(f"applyRegex('C', '{rx}')")["all"][0], {"field": "C", "pattern": r"\s*XFER.*"})
        with self.assertRaises(c.Unsupported):
            when("applyRegex('C', '(?<=A)B')")

    def test_arithmetic_is_a_comparison_read_in_one_anchor(self):
        got = when("number('T') == sum('../G/P') + countEquals('../G/K', 'VQ') + countEquals('../G/K', 'VG')")
        self.assertEqual(got, {"not": {"compare": {
            "left": [{"value": "../HEAHEA/T"}], "op": "=",
            "right": [{"sum": "../G/P"}, {"count": "../G/K", "in": ["VQ", "VG"]}]}}})
        with self.assertRaises(c.Unsupported):
            when("number('T') == count('../G')", context="/GOOITEGDS")  # GOOITEGDS repeats

    def test_counts(self):
        self.assertEqual(when("count('ITI') >= 2", "/"),
                         {"not": {"compare": {"left": [{"count": "ITI"}], "op": ">=", "right": [{"number": "2"}]}}})
        self.assertEqual(when("countEquals('S/A', '10600') == 0"), {"field": "S/A", "in": ["10600"]})
        self.assertEqual(when("areIndices('G/N')", "/"), {"not": {"field": "G/N", "sequence": True}})

    def test_every_and_joins(self):
        self.assertEqual(when("not('.') || existsForAll('../G', 'S/A', '10600')"),
                         {"not": {"field": "../G", "every": {"field": "S/A", "in": ["10600"]}}})
        join = ("number('N') != 0 || exists('../../G/P', {ContextHelper current, ContextHelper local -> "
                "local.intOrElse('N', 0) > 0 && local.exists('M') && current.exists('M') && "
                "current.trim('M') == local.trim('M')})")
        self.assertEqual(when(join, "/G/P"), {"all": [{"field": "N", "number": "= 0"}, {"not": {
            "field": "M", "among": {"each": "../../G/P", "value": "M", "where": {"field": "N", "number": "> 0"}}}}]})
        plain = "exists('P', {ContextHelper current, ContextHelper local -> current.trim('M') == local.trim('K')})"
        self.assertEqual(when(plain), {"not": {"field": "M", "among": {"each": "P", "value": "K"}}})

    def test_what_cannot_be_said_is_an_error(self):
        for bad in ["exists('P', {ContextHelper current, ContextHelper local -> current.exists('M')})",
                    "exists('P', {ContextHelper current, ContextHelper local -> "
                    "local.intOrElse('N', 5) > 0 && current.trim('M') == local.trim('M')})",
                    "frobnicate('X')", "exists('X') ||"]:
            with self.assertRaises(c.Unsupported, msg=bad):
                when(bad)

    def test_the_two_rule_lists(self):
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            for n in ["p1_p70.json", "p3_p72.json", "p3_p72_New.json", "p121.json", "p10_p79.json"]:
                open(os.path.join(d, n), "w").close()
            self.assertEqual(c.rule_files(d, ""), ["p1_p70.json", "p3_p72.json", "p10_p79.json", "p121.json"])
            self.assertEqual(c.rule_files(d, "new"), ["p1_p70.json", "p3_p72_New.json", "p10_p79.json", "p121.json"])

    def test_eu_ids(self):
        self.assertEqual(c.eu_id("... (C017)"), "C017")
        self.assertEqual(c.eu_id("... flight number (TR0518)"), "TR0518")
        self.assertIsNone(c.eu_id("[Goods item] may occur up to 999 times"))


if __name__ == "__main__":
    unittest.main()
