"""The snapshot as a small tree, read with the standard library's HTML tokenizer."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
SKIPPED = {"script", "style", "template", "noscript", "head"}
BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "html", "li", "main", "nav", "ol", "p", "pre", "section", "svg", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul", "#root",
}  # fmt: skip
# A start tag that ends the open element of the same family (HTML's implied end tags).
CLOSES = {
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr", "td", "th"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "thead": {"thead", "tbody", "tfoot", "tr", "td", "th"},
    "tbody": {"thead", "tbody", "tfoot", "tr", "td", "th"},
    "tfoot": {"thead", "tbody", "tfoot", "tr", "td", "th"},
}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
WHITESPACE = re.compile(r"[ \t\n\r\f]+")
# Characters XML 1.0 cannot hold (control characters, noncharacters, lone surrogates): user
# text pasted from elsewhere can carry them, and Word's files are XML.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)
    # An inline SVG's own markup, exactly as written (its case-sensitive names intact).
    source: str = ""
    # An SVG's <title> and <desc>: the picture's alternative text.
    label: str = ""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return "".join(parts)


class _TreeBuilder(HTMLParser):
    """A small, forgiving tree of the snapshot (the standard library's tokenizer).

    An inline <svg> is kept as its source text, sliced from the input, because the
    tokenizer lower-cases names that SVG needs in their case (viewBox).
    """

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0]
        for match in re.finditer("\n", html):
            self.line_starts.append(match.end())
        self.root = Element("#root")
        self.stack = [self.root]
        self.skip_depth = 0
        self.svg: Element | None = None
        self.svg_start = 0
        self.svg_depth = 0
        self.svg_label_tag: str | None = None
        self.svg_label: dict[str, list[str]] = {}
        self.in_title = False
        self.title: list[str] = []
        self.metas: list[tuple[str, str]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.svg is not None:
            if tag == "svg":
                self.svg_depth += 1
            elif self.svg_depth == 1 and tag in ("title", "desc"):
                self.svg_label_tag = tag
            return
        if self.skip_depth or tag in SKIPPED:
            self.skip_depth += tag in SKIPPED
            self._head(tag, dict(attrs))
            return
        attributes = {name: value or "" for name, value in attrs}
        closes = CLOSES.get(tag, set())
        if tag in BLOCK and self.stack[-1].tag == "p":
            self.stack.pop()  # a paragraph never holds a block: HTML closes it here
        if closes and self.stack[-1].tag in closes:
            while self.stack[-1].tag in closes and len(self.stack) > 1:
                self.stack.pop()
        element = Element(tag, attributes)
        self.stack[-1].children.append(element)
        if tag == "svg":
            self.svg, self.svg_start, self.svg_depth = element, self._offset(), 1
            self.svg_label = {"title": [], "desc": []}
        elif tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        # <x/>: an element with nothing in it (in an SVG, nothing to track).
        if self.svg is not None:
            return
        self.handle_starttag(tag, attrs)
        if not self.skip_depth and tag not in VOID and tag != "svg" and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if self.svg is not None:
            if tag in ("title", "desc"):
                self.svg_label_tag = None
            if tag == "svg":
                self.svg_depth -= 1
                if not self.svg_depth:
                    end = self.html.index(">", self._offset()) + 1
                    self.svg.source = self.html[self.svg_start : end]
                    label = [" ".join(self.svg_label[k]).strip() for k in ("title", "desc")]
                    self.svg.label = WHITESPACE.sub(" ", ". ".join(p for p in label if p))
                    self.svg = None
            return
        if self.skip_depth:
            self.skip_depth -= tag in SKIPPED
            self.in_title = self.in_title and tag != "title"
            return
        if any(element.tag == tag for element in self.stack[1:]):
            while self.stack[-1].tag != tag:
                self.stack.pop()
            self.stack.pop()

    def handle_data(self, data):
        if self.svg is not None:
            if self.svg_label_tag:
                self.svg_label[self.svg_label_tag].append(data)
            return
        if self.skip_depth:
            if self.in_title:
                self.title.append(data)
            return
        self.stack[-1].children.append(data)

    # The head is not content, but its title and metas are the document's properties.
    def _head(self, tag, attrs):
        if tag == "meta" and attrs.get("name"):
            self.metas.append((attrs["name"].lower(), attrs.get("content") or ""))
        elif tag == "title":
            self.in_title = True


@dataclass
class Snapshot:
    body: Element
    title: str
    metas: dict[str, list[str]]
    lang: str


def parse(html: str) -> Snapshot:
    builder = _TreeBuilder(html)
    builder.feed(html)
    builder.close()
    root = builder.root
    html_element = next((e for e in root.children if is_tag(e, "html")), root)
    body = next((e for e in descendants(root) if e.tag == "body"), root)
    metas: dict[str, list[str]] = {}
    for name, content in builder.metas:
        metas.setdefault(name, []).append(content)
    return Snapshot(
        body=body,
        title=WHITESPACE.sub(" ", "".join(builder.title)).strip(),
        metas=metas,
        lang=html_element.attrs.get("lang", ""),
    )


def is_tag(node, tag: str) -> bool:
    return isinstance(node, Element) and node.tag == tag


def is_block(node) -> bool:
    return isinstance(node, Element) and node.tag in BLOCK


def has_content(node) -> bool:
    if isinstance(node, str):
        return bool(node.strip())
    return node.tag in ("br", "svg", "img") or any(has_content(c) for c in node.children)


def descendants(element: Element):
    for child in element.children:
        if isinstance(child, Element):
            yield child
            yield from descendants(child)


def flatten(element: Element, wrappers: set[str]):
    """The element's children, with wrapper elements (a summary list's rows) opened up."""
    for child in element.children:
        if isinstance(child, Element):
            if child.tag in wrappers:
                yield from flatten(child, wrappers)
            else:
                yield child


def text_of(node) -> str:
    return node if isinstance(node, str) else node.text()
