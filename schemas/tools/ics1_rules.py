#!/usr/bin/env python3
"""Convert HMRC's ICS1 rule engine configuration into the wcodm profile `uk-ics1`.

    python3 schemas/tools/ics1_rules.py [ENGINE] [OUT]       # write OUT/rules.json, OUT-new/rules.json
    python3 schemas/tools/ics1_rules.py --check [ENGINE] [OUT]  # exit 1 if either differs

ENGINE is the engine's checkout holding conf/rules/*.json and COMMIT.txt (default
../shared/reference/ics-rule-engine beside the repository; the ICS schemas are read from
ENGINE/../../corpus/uk-ics1/schemas); OUT defaults to
schemas/profiles/uk-ics1. Two packs, as the engine has two pairs of rule lists: OUT/rules.json
(`businessRules315`/`313`: every rule file but the `_New` ones) and OUT-new/rules.json (its
`optionalFields` switch on, `businessRules315New`/`313New`, for the `-New` schemas: a file with
a `_New` variant replaced by it, `p3_p72_New.json` for `p3_p72.json`). Python 3 standard library only. The generated pack is checked in; a
test (tests/ics1.rs) runs `--check` so it cannot drift from the converter.

The engine (hmrc/import-control-entry-declaration-store, Apache-2.0) evaluates, for every
element at a rule file's context path, each assert's `test`, a Groovy expression over paths
relative to that element; a false test is an error with the assert's `errorCode`, reported at
the context element. Each assert becomes one wcodm rule:

- `scope`: the context path under the message root, either root (`CC315A|CC313A/HEAHEA`: rule
  files `pN_pM` pair the IE315 rule N with the IE313 rule M, the same assert for both messages;
  a file `pN` alone, `CC315A` only; `/` is the root itself);
- `when`: the test negated, with the negation pushed to the leaves (De Morgan), so the condition
  reads as what is wrong ("the TIN starts with GB and the name is present");
- `check`: `reject` (the scope element breaks the rule whenever `when` holds);
- `national_code`: the engine's error number; `message`: its `errorMessage`; `source`: the rule
  file, the EU rule or condition id the message ends with (C017, R105, TR0518) and the test as
  written.

How each construct of the engine's language becomes a condition (`translate`):
- `exists(p)` / `not(p)`: present / absent (`.` is the context element: always present);
- `trim(p) == 'X'` / `!=`: `in` / `not_in` (trimmed); `number(p) == N`: `number` "= N";
- `getValue(p).startsWith(s)`: `starts_with`; `.contains(s)`, `trim(p).take(1) == s`,
  `trim(p).length() <= n`, `substringAfter(trim(p), s).length() <= n`: a `pattern` on the value;
- `areIndices(p)`: `sequence` (the values run 1, 2, 3, ...);
- `applyRegex(p, re)`: `pattern` (Java's `matches()`: the whole value, as wcodm's patterns);
- `count(p)`, `sum(p)`, `countEquals(p, v)`, `number(p)` in arithmetic comparisons: `compare`
  (sums of counts, sums and values on either side); `countEquals(p, v) == 0` / `> 0`: `not_in` /
  `in`; `countDistinct(p, _) > 1`: `compare` on the number of distinct values;
  `countDistinctChildCount(p) > 1` (the elements `p` have different numbers of children): some
  child field the same assert compares is present in some `p` but not all;
- `existsForAll(p, q, v)` (every `p` has a `q` equal to `v`): `every`;
- `exists(p, {local -> local...})`: the closure's test on the values of `p`;
- `exists(p, {current, local -> ...})` comparing the context's `X` with each `p`'s `Y`
  (`current.trim(X) == local.trim(Y)`, with a filter on `local`): `among` (a join).

Java regular expressions the Rust `regex` crate cannot run (look-around) are listed in
REWRITES with an equivalent condition. An assert the converter cannot express is an error
naming it: none is left out silently.
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_ENGINE = os.path.join(REPO, "..", "shared", "reference", "ics-rule-engine")
DEFAULT_OUT = os.path.join(REPO, "schemas", "profiles", "uk-ics1")
# Rule files pN_pM pair the IE315 rule N with the IE313 rule M: one rule serves both messages;
# a file pN alone is the declaration's only.
ROOTS = {True: "CC315A|CC313A", False: "CC315A"}
SOURCE_REPO = "hmrc/import-control-entry-declaration-store"


class Unsupported(Exception):
    """An engine construct with no translation."""


# ---------------------------------------------------------------------------------------------
# The engine's expressions: a small Groovy subset.

TOKEN = re.compile(r"""\s*(?:
    (?P<num>\d+(?:\.\d+)?)
  | (?P<str>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")
  | (?P<op>\|\||&&|==|!=|<=|>=|->|[!<>+\-*(),.{}])
  | (?P<id>[A-Za-z_]\w*)
)""", re.X)


def tokenize(text):
    out, i = [], 0
    text = text.rstrip()
    while i < len(text):
        m = TOKEN.match(text, i)
        if not m or m.end() == i:
            raise Unsupported(f"cannot read {text[i:i + 20]!r}")
        kind = m.lastgroup
        val = m.group(kind)
        if kind == "str":
            # Groovy string: \\ is one backslash, \' and \" a quote.
            val = re.sub(r"\\([\\'\"])", r"\1", val[1:-1])
        out.append((kind, val))
        i = m.end()
    return out


class Parser:
    """Recursive descent: or, and, unary !, comparison, + and -, *, calls and method calls."""

    def __init__(self, text):
        self.toks = tokenize(text)
        self.i = 0

    def peek(self, val=None):
        t = self.toks[self.i] if self.i < len(self.toks) else (None, None)
        return t if val is None else t[1] == val and t[0] == "op"

    def take(self, val=None):
        t = self.peek()
        if val is not None and not (t[0] == "op" and t[1] == val):
            raise Unsupported(f"expected {val!r}, found {t[1]!r}")
        self.i += 1
        return t

    def parse(self):
        e = self.expr()
        if self.i != len(self.toks):
            raise Unsupported(f"unexpected {self.peek()[1]!r}")
        return e

    def expr(self):
        parts = [self.conj()]
        while self.peek("||"):
            self.take()
            parts.append(self.conj())
        return parts[0] if len(parts) == 1 else ("or", parts)

    def conj(self):
        parts = [self.unary()]
        while self.peek("&&"):
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else ("and", parts)

    def unary(self):
        if self.peek("!"):
            self.take()
            return ("not", self.unary())
        return self.cmp()

    def cmp(self):
        left = self.add()
        for op in ("==", "!=", "<=", ">=", "<", ">"):
            if self.peek(op):
                self.take()
                return ("cmp", op, left, self.add())
        return left

    def add(self):
        terms = [("+", self.mul())]
        while self.peek("+") or self.peek("-"):
            op = self.take()[1]
            terms.append((op, self.mul()))
        return terms[0][1] if len(terms) == 1 else ("add", terms)

    def mul(self):
        left = self.postfix()
        while self.peek("*"):
            self.take()
            left = ("mul", left, self.postfix())
        return left

    def postfix(self):
        e = self.primary()
        while self.peek("."):
            self.take()
            name = self.take()[1]
            e = ("meth", e, name, self.args())
        return e

    def args(self):
        self.take("(")
        out = []
        while not self.peek(")"):
            out.append(self.closure() if self.peek("{") else self.expr())
            if self.peek(","):
                self.take()
        self.take(")")
        return out

    def closure(self):
        self.take("{")
        params = []
        while not self.peek("->"):
            params.append(self.take()[1])
        self.take("->")
        body = self.expr()
        self.take("}")
        return ("closure", [p for p in params if p != "ContextHelper" and p != ","], body)

    def primary(self):
        kind, val = self.peek()
        if kind == "op" and val == "(":
            self.take()
            e = self.expr()
            self.take(")")
            return e
        self.take()
        if kind == "num":
            return ("num", val)
        if kind == "str":
            return ("str", val)
        if kind == "id" and val in ("true", "false"):
            return ("bool", val == "true")
        if kind == "id" and self.peek("("):
            return ("call", val, self.args())
        if kind == "id":
            return ("var", val)
        raise Unsupported(f"unexpected {val!r}")


# ---------------------------------------------------------------------------------------------
# Translation to wcodm conditions. `pos(e)` holds when e is true, `neg(e)` when it is false;
# True / False are constants folded away.

# Java regular expressions with look-around, as wcodm conditions over the same field:
# (regex as the engine writes it) -> (condition when it matches, why).
# Asserts left out, by error number, with the reason (each is listed in tests/ics1-differences.md).
LEFT_OUT = {}

REWRITES = {
    r"^(?!\s*XFER).+\s*$|^\s*XFER[a-zA-Z0-9]+([:-][a-zA-Z0-9]+)?\s*$": (
        lambda f: {"any": [
            {"not": {"field": f, "pattern": r"\s*XFER.*"}},
            {"field": f, "pattern": r"\s*XFER[a-zA-Z0-9]+([:-][a-zA-Z0-9]+)?\s*"}]},
        "Java look-ahead: a value not starting with XFER, or XFER followed by the reference"),
}


def path_arg(e):
    if e[0] != "str":
        raise Unsupported(f"a path must be a string: {e}")
    return e[1]


def value_of(e):
    """The field a value expression reads and how: ('raw'|'trim'|'number', path)."""
    if e[0] == "call" and e[1] in ("getValue", "trim", "number") and len(e[2]) == 1:
        return {"getValue": "raw", "trim": "trim", "number": "number"}[e[1]], path_arg(e[2][0])
    if e[0] == "meth" and e[1] == ("var", "local") and e[2] in ("getValue", "trim"):
        return ("raw" if e[2] == "getValue" else "trim"), path_arg(e[3][0])
    return None


def leaf(field, **pred):
    return dict(field=field, **pred)


def negate(c):
    if c is True or c is False:
        return not c
    if set(c) == {"not"}:
        return c["not"]
    if set(c) == {"field", "absent"}:
        return {"field": c["field"]}
    if set(c) == {"field"}:
        return {"field": c["field"], "absent": True}
    if set(c) == {"field", "in"}:
        return {"field": c["field"], "not_in": c["in"]}
    if set(c) == {"field", "not_in"}:
        return {"field": c["field"], "in": c["not_in"]}
    if "any" in c:
        return combine("all", [negate(p) for p in c["any"]])
    if "all" in c:
        return combine("any", [negate(p) for p in c["all"]])
    return {"not": c}


def combine(kind, parts):
    """all / any of parts, constants folded, nested ones of the same kind flattened, and leaves
    that list values of one field merged (`in` under any, `not_in` under all)."""
    unit, zero = (True, False) if kind == "all" else (False, True)
    flat = []
    for p in parts:
        if p is zero:
            return zero
        if p is unit:
            continue
        flat.extend(p[kind] if isinstance(p, dict) and set(p) == {kind} else [p])
    merge = "not_in" if kind == "all" else "in"
    out = []
    for p in flat:
        prev = next((q for q in out if set(q) == {"field", merge} == set(p) and q["field"] == p["field"]), None)
        if prev is not None:
            prev[merge] = prev[merge] + [v for v in p[merge] if v not in prev[merge]]
        elif p not in out:
            out.append(dict(p))
    if not out:
        return unit
    return out[0] if len(out) == 1 else {kind: out}


def value_pattern(how, regex):
    """A pattern on the raw value for a test of its trimmed form (`how` 'trim') or as written."""
    return rf"\s*(?:{regex})\s*" if how == "trim" else regex


def string_test(e, closure_field=None):
    """A condition for a boolean test on one value: startsWith, contains, take/length, regex."""
    if e[0] == "meth" and e[2] in ("startsWith", "contains") and len(e[3]) == 1:
        v = value_of(e[1])
        if v and v[0] in ("raw", "trim"):
            how, f = v
            f = closure_field if f == "." and closure_field else f
            s = path_arg(e[3][0])
            if e[2] == "startsWith" and how == "raw":
                return leaf(f, starts_with=[s])
            if e[2] == "startsWith":
                return leaf(f, pattern=rf"\s*{re.escape(s)}(?s:.*)")
            return leaf(f, pattern=rf"(?s:.*){re.escape(s)}(?s:.*)")
    if e[0] == "call" and e[1] == "applyRegex" and len(e[2]) == 2:
        f, rx = path_arg(e[2][0]), path_arg(e[2][1])
        if rx in REWRITES:
            return REWRITES[rx][0](f)
        if re.search(r"\(\?[=!<]", rx):
            raise Unsupported(f"look-around in {rx!r}: add it to REWRITES")
        # The engine's matches() is anchored; wcodm anchors its patterns too.
        return leaf(f, pattern=rx[1:] if rx.startswith("^") and not rx.startswith("^(") else rx)
    return None


def cmp_string(op, l, r):
    """`trim(p).take(1) != '0'`, `trim(p).length() <= 1`, `substringAfter(..).length() <= 3`,
    `trim(p) == 'X'`, `getValue(p) == getValue(q)`: (condition when true) or None."""
    if op not in ("==", "!="):
        if l[0] == "meth" and l[2] == "length" and r[0] == "num" and op in ("<=", "<"):
            n = int(r[1]) - (1 if op == "<" else 0)
            inner = l[1]
            v = value_of(inner)
            if v and v[0] == "trim":
                return leaf(v[1], pattern=value_pattern("trim", rf"(?s:\S(?:.{{0,{max(n - 2, 0)}}}\S)?)?" if n >= 2 else
                                                              (r"\S?" if n == 1 else "")))
            if inner[0] == "call" and inner[1] == "substringAfter":
                v = value_of(inner[2][0])
                sep = path_arg(inner[2][1])
                if v and v[0] == "trim":
                    s = re.escape(sep)
                    return leaf(v[1], pattern=rf"\s*[^{s}]*(?:{s}(?s:.{{0,{n}}}))?\s*")
        return None
    eq = None
    if l[0] == "meth" and l[2] == "take" and r[0] == "str":
        v = value_of(l[1])
        n = int(l[3][0][1])
        if v and v[0] == "trim" and len(r[1]) == n:
            eq = leaf(v[1], pattern=value_pattern("trim", rf"{re.escape(r[1])}(?s:.*)"))
    elif value_of(l) and r[0] == "str":
        how, f = value_of(l)
        if how == "number":
            raise Unsupported("number() compared with a string")
        eq = leaf(f, **{"in": [r[1]]}) if how == "trim" else leaf(f, pattern=re.escape(r[1]))
    elif value_of(l) and value_of(r) and value_of(l)[0] != "number":
        eq = leaf(value_of(l)[1], same_as=value_of(r)[1])
    elif value_of(l) and value_of(l)[0] == "number" and r[0] == "num":
        eq = leaf(value_of(l)[1], number=f"= {r[1]}")
    if eq is None:
        return None
    return eq if op == "==" else negate(eq)


def join(each, body):
    """`exists(each, {current, local -> ...})` whose closure compares the context element
    (`current`) with each element (`local`): a conjunction of one equality
    `current.trim(X) == local.trim(Y)`, tests on `local` alone (at most one besides
    `local.exists(Y)`) and `current.exists(X)` (implied by the equality). An `among` leaf: X is
    the trimmed Y of some element at `each` that passes the filter."""
    parts = body[1] if body[0] == "and" else [body]
    probe = value = None
    filters = []
    for p in parts:
        if (p[0] == "cmp" and p[1] == "==" and p[2][0] == "meth" and p[3][0] == "meth"
                and {p[2][1], p[3][1]} == {("var", "current"), ("var", "local")}
                and p[2][2] == p[3][2] == "trim"):
            cur, loc = (p[2], p[3]) if p[2][1] == ("var", "current") else (p[3], p[2])
            probe, value = path_arg(cur[3][0]), path_arg(loc[3][0])
        elif p[0] == "meth" and p[2] == "exists" and len(p[3]) == 1:
            filters.append((p[1][1], path_arg(p[3][0]), None))
        elif (p[0] == "cmp" and p[2][0] == "meth" and p[2][1] == ("var", "local") and p[2][2] == "intOrElse"
              and p[3][0] == "num" and p[1] in (">", ">=", "<", "<=", "==", "!=")):
            f, default = path_arg(p[2][3][0]), float(p[2][3][1][1])
            op, n = ("=" if p[1] == "==" else p[1]), float(p[3][1])
            holds = {">": default > n, ">=": default >= n, "<": default < n, "<=": default <= n,
                     "=": default == n, "!=": default != n}[op]
            if holds or op == "!=":
                raise Unsupported(f"intOrElse whose default passes: {show(p)}")
            filters.append(("local", f, {"field": f, "number": f"{op} {p[3][1]}"}))
        else:
            raise Unsupported(f"closure part {show(p)}")
    if probe is None:
        raise Unsupported("a closure comparing current and local without current.trim(X) == local.trim(Y)")
    where = []
    for who, f, cond in filters:
        if cond is None and (who, f) in (("current", probe), ("local", value)):
            continue  # implied: the equality needs both values
        if who != "local" or cond is None:
            raise Unsupported(f"closure test {who}.exists({f})")
        where.append(cond)
    if len(where) > 1:
        raise Unsupported("more than one filter on local")
    among = {"each": each, "value": value}
    if where:
        among["where"] = where[0]
    return {"field": probe, "among": among}


def term(e):
    """Arithmetic as a list of `compare` terms (a sum), or None."""
    if e[0] == "add":
        out = []
        for sign, t in e[1]:
            if sign != "+":
                return None
            sub = term(t)
            if sub is None:
                return None
            out += sub
        return out
    if e[0] == "num":
        return [{"number": e[1]}]
    if e[0] == "call":
        name, args = e[1], e[2]
        if name == "count" and len(args) == 1:
            return [{"count": path_arg(args[0])}]
        if name == "sum" and len(args) == 1:
            return [{"sum": path_arg(args[0])}]
        if name == "number" and len(args) == 1:
            return [{"value": path_arg(args[0])}]
        if name == "countEquals" and len(args) == 2:
            return [{"count": path_arg(args[0]), "in": [path_arg(args[1])]}]
        if name == "countDistinct" and len(args) == 2 and args[1][0] == "bool":
            # The flag: compare trimmed values (true) or as written (false).
            return [{"distinct": path_arg(args[0])} | ({} if args[1][1] else {"as_written": True})]
    if e[0] == "mul":
        # `number(T) * (1 + 0.0000000000000001 * count(G))`: a guard against binary floating
        # point; wcodm's decimals are exact, so the factor is 1.
        a, b = e[1], e[2]
        if (b[0] == "add" and [t[1][0] for t in b[1]] == ["num", "mul"] and b[1][0][1] == ("num", "1")
                and b[1][1][1][1][0] == "num" and float(b[1][1][1][1][1]) < 1e-9):
            return term(a)
    return None


def merge_terms(ts):
    """Counts of values of one field merged (`countEquals(p,'VQ') + countEquals(p,'VG')`)."""
    out = []
    for t in ts:
        prev = next((o for o in out if set(o) == {"count", "in"} == set(t) and o["count"] == t["count"]), None)
        if prev is not None:
            prev["in"] = prev["in"] + t["in"]
        else:
            out.append(dict(t))
    return out


def pos(e, ctx):
    """The condition under which expression e is true (True/False when constant)."""
    kind = e[0]
    if kind == "or":
        return combine("any", [pos(p, ctx) for p in e[1]])
    if kind == "and":
        return combine("all", [pos(p, ctx) for p in e[1]])
    if kind == "not":
        return neg(e[1], ctx)
    if kind == "call" and e[1] in ("exists", "not") and len(e[2]) == 1:
        f = path_arg(e[2][0])
        present = True if f == "." else leaf(f)
        return present if e[1] == "exists" else negate(present)
    if kind == "call" and e[1] == "exists" and len(e[2]) == 2 and e[2][1][0] == "closure":
        f = path_arg(e[2][0])
        params, body = e[2][1][1], e[2][1][2]
        if "current" in str(body):
            return join(f, body)
        c = string_test(body, closure_field=f)
        if c is None:
            raise Unsupported(f"closure body {body}")
        return c
    if kind == "call" and e[1] == "existsForAll" and len(e[2]) == 3:
        each, sub, v = (path_arg(a) for a in e[2])
        return {"field": each, "every": {"field": sub, "in": [v]}}
    if kind == "call" and e[1] == "areIndices" and len(e[2]) == 1:
        return leaf(path_arg(e[2][0]), sequence=True)
    s = string_test(e)
    if s is not None:
        return s
    if kind == "cmp":
        op, l, r = e[1], e[2], e[3]
        c = cmp_string(op, l, r)
        if c is not None:
            return c
        # countEquals(p, v) == 0 / > 0: no value / some value of p is v.
        if l[0] == "call" and l[1] == "countEquals" and r == ("num", "0") and op in ("==", ">", "!="):
            some = leaf(path_arg(l[2][0]), **{"in": [path_arg(l[2][1])]})
            return negate(some) if op == "==" else some
        # countDistinctChildCount(p) > 1: the elements p have different numbers of children;
        # read as: some child field the assert compares is present in some p but not in all.
        if l[0] == "call" and l[1] == "countDistinctChildCount" and op == ">" and r == ("num", "1"):
            p = path_arg(l[2][0])
            children = sorted({f[len(p) + 1:] for f in ctx["distinct_fields"] if f.startswith(p + "/")})
            return combine("any", [
                {"all": [{"field": f"{p}/{c}"},
                         {"compare": {"left": [{"count": f"{p}/{c}"}], "op": "<", "right": [{"count": p}]}}]}
                for c in children])
        lt, rt = term(l), term(r)
        if lt is not None and rt is not None:
            return {"compare": {"left": merge_terms(lt), "op": "=" if op == "==" else op, "right": merge_terms(rt)}}
    raise Unsupported(f"no translation for {show(e)}")


def neg(e, ctx):
    kind = e[0]
    if kind == "or":
        return combine("all", [neg(p, ctx) for p in e[1]])
    if kind == "and":
        return combine("any", [neg(p, ctx) for p in e[1]])
    if kind == "not":
        return pos(e[1], ctx)
    return negate(pos(e, ctx))


def show(e):
    return json.dumps(e)[:200]


def distinct_fields(e, out):
    if isinstance(e, tuple):
        if e[0] == "call" and e[1] == "countDistinct":
            out.add(path_arg(e[2][0]))
        for x in e[1:]:
            distinct_fields(x, out)
    elif isinstance(e, list):
        for x in e:
            distinct_fields(x, out)
    return out


def ups(path):
    n = 0
    while path == ".." or path.startswith("../"):
        n, path = n + 1, path[3:]
    return n


def lift(cond, context, single):
    """A comparison reads its fields in one anchor element: a term written from the context
    (`TotNumOfIteHEA305`) beside one written from above it (`../GOOITEGDS`) is rewritten from
    the upper one (`../HEAHEA/TotNumOfIteHEA305`), which reads the same values only when each
    context step climbed over occurs at most once in its parent (`single`, from the schema)."""
    if isinstance(cond, bool):
        return cond
    slots = []  # (dict, key) of each field read together
    if "compare" in cond:
        slots = [(t, k) for t in cond["compare"]["left"] + cond["compare"]["right"]
                 for k in ("count", "sum", "value", "distinct") if k in t]
    elif "same_as" in cond:
        slots = [(cond, "field"), (cond, "same_as")]
    if slots:
        top = max(ups(d[k]) for d, k in slots)
        steps = [s for s in context.split("/") if s]
        for d, k in slots:
            n = ups(d[k])
            if n < top:
                climbed = steps[len(steps) - top:len(steps) - n]
                if not all(single(s) for s in climbed):
                    raise Unsupported(f"{d[k]} cannot be read from {'../' * top}: {climbed} may repeat")
                rest = d[k][3 * n:]
                d[k] = "../" * top + "/".join(climbed + ([rest] if rest not in ("", ".") else []))
        return cond
    for k in ("all", "any"):
        if k in cond:
            return {k: [lift(c, context, single) for c in cond[k]]}
    if "not" in cond:
        return {"not": lift(cond["not"], context, single)}
    return cond


def translate(test, context="/", single=lambda name: False):
    """(when, check) for an assert's test at `context`: the condition under which it fails and
    the check."""
    tree = Parser(test).parse()
    ctx = {"distinct_fields": distinct_fields(tree, set())}
    when = lift(neg(tree, ctx), context, single)
    if when is False:
        raise Unsupported("the test always holds")
    return (None if when is True else when), {"kind": "reject"}


# ---------------------------------------------------------------------------------------------
# The pack.

def eu_id(message):
    m = re.search(r"\(([A-Z]{1,2}\d{3,4})\)\s*$", message)
    return m.group(1) if m else None


def scope_of(file_name, element):
    root = ROOTS[re.match(r"p\d+_p\d+", file_name) is not None]
    return root if element == "/" else root + element


def single_elements(schemas):
    """Element names every declaration of which in the ICS schemas occurs at most once."""
    decl = re.compile(r"<xs:element\b[^>]*>")
    many, once = set(), set()
    for name in os.listdir(schemas):
        if name.endswith(".xsd"):
            for tag in decl.findall(open(os.path.join(schemas, name), encoding="utf-8").read()):
                n = re.search(r'\bname="([^"]+)"', tag)
                if n:
                    m = re.search(r'\bmaxOccurs="([^"]+)"', tag)
                    (once if m is None or m.group(1) == "1" else many).add(n.group(1))
    return lambda name: name in once and name not in many


def rule_files(rules_dir, variant):
    """The engine's rule list for a variant: `businessRules315/313` ('') uses every file but the
    `_New` ones; with its `optionalFields` switch on ('new', `businessRules315New/313New`, for the
    `-New` schemas) a file with a `_New` variant is replaced by it (`p3_p72_New.json`: the
    totals made optional, 8108, 8109, 8116 and 8117 dropped, 8206 guarded)."""
    names = [n for n in os.listdir(rules_dir) if n.endswith(".json")]
    replaced = {n[:-len("_New.json")] + ".json" for n in names if n.endswith("_New.json")}
    keep = [n for n in names if (n not in replaced if variant == "new" else not n.endswith("_New.json"))]
    return sorted(keep, key=lambda n: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", n)])


def convert(engine, schemas, variant=""):
    single = single_elements(schemas)
    rules_dir = os.path.join(engine, "conf", "rules")
    commit = open(os.path.join(engine, "COMMIT.txt")).read().split()[1]
    rules, seen, problems = [], {}, []
    for name in rule_files(rules_dir, variant):
        doc = json.load(open(os.path.join(rules_dir, name), encoding="utf-8"))
        for a in doc["asserts"]:
            key = (doc["element"], a["errorCode"])
            if key in seen:
                problems.append(f"{name} {a['errorCode']}: also asserted at {doc['element']} by {seen[key]}")
                continue
            try:
                when, check = translate(a["test"], doc["element"], single)
            except Unsupported as e:
                if a["errorCode"] not in LEFT_OUT:
                    problems.append(f"{name} {a['errorCode']}: {e}")
                continue
            eu = eu_id(a["errorMessage"])
            rule = {
                "id": f"ICS1-{a['errorCode']}-{doc['name']}",
                "severity": "error",
                "message": a["errorMessage"].strip(),
                "scope": scope_of(doc["name"], doc["element"]),
                "check": check,
            }
            if when is not None:
                rule["when"] = when
            rule["source"] = (f"{SOURCE_REPO}@{commit[:12]} conf/rules/{name}"
                              + (f", EU {eu}" if eu else "") + f"; test: {a['test']}")
            rule["national_code"] = a["errorCode"]
            seen[key] = name
            rules.append(rule)
    switch = (" with its optionalFields switch on (businessRules315New/313New: p3_p72_New.json for "
              "p3_p72.json), for the -New schemas") if variant == "new" else ""
    pack = {
        "name": "uk-ics1" + (f"-{variant}" if variant else ""),
        "description": (
            "HMRC's ICS1 entry summary declaration rules (EU IE315 CC315A, amendment IE313 CC313A)"
            f"{switch}, converted by schemas/tools/ics1_rules.py from {SOURCE_REPO} commit {commit} "
            "(conf/rules/*.json, Apache-2.0): one rule per assert, the engine's error number as "
            "national code, its message, and the EU rule or condition id in the source."),
        "rules": rules,
    }
    return pack, problems


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    engine = args[0] if args else DEFAULT_ENGINE
    out = args[1] if len(args) > 1 else DEFAULT_OUT
    schemas = os.path.join(engine, "..", "..", "corpus", "uk-ics1", "schemas")
    status = 0
    # uk-ics1 (the engine's default rule lists) and, beside it, uk-ics1-new (its optionalFields
    # switch on).
    for variant, folder in (("", out), ("new", out.rstrip("/") + "-new")):
        pack, problems = convert(engine, schemas, variant)
        if problems:
            print("asserts with no translation:\n  " + "\n  ".join(problems), file=sys.stderr)
            return 1
        text = json.dumps(pack, indent=1, ensure_ascii=False) + "\n"
        target = os.path.join(folder, "rules.json")
        if check:
            current = open(target, encoding="utf-8").read() if os.path.exists(target) else ""
            if current != text:
                print(f"{target} is not what the converter writes: run python3 schemas/tools/ics1_rules.py",
                      file=sys.stderr)
                status = 1
            continue
        os.makedirs(folder, exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"{target}: {len(pack['rules'])} rules", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
